// SPDX-License-Identifier: GPL-2.0-or-later
// store/names.h: the names of containers and pods. A name is a symlink
// in the store's names/ directory to the record's id: claiming one is a
// single symlink(2), so two commands can never both get it, and finding
// one is a readlink, whatever the number of records.
#pragma once

#include <optional>
#include <string>

namespace store {

// [a-zA-Z0-9][a-zA-Z0-9_.-]*, as Podman requires (no path can hide in one).
bool valid_name(const std::string& name);

class NameTable {
 public:
  explicit NameTable(std::string dir) : dir_(std::move(dir)) {}

  // False when the name is taken; throws on any other failure.
  bool claim(const std::string& name, const std::string& id) const;
  std::optional<std::string> id_of(const std::string& name) const;
  // Frees the name if it still points at `id`.
  void release(const std::string& name, const std::string& id) const;
  // Frees every name that points at `id` (a record left half-made, whose
  // name is not known).
  void release_all(const std::string& id) const;

 private:
  std::string dir_;
};

}  // namespace store
