// SPDX-License-Identifier: GPL-2.0-or-later
// store/secret_store.h: secrets, Podman's file driver: ROOT/secrets holds
// one record per secret (ID.json: its name, times, labels) and its data
// (ID.data, mode 0600, in a directory of mode 0700); every change happens
// under ROOT/secrets/.lock. A container names its secrets in its record
// and gets their data when it starts (a file under /run/secrets, or an
// environment variable).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/file.h"

namespace store {

struct SecretRecord {
  std::string id;    // 25 hex digits, as Podman's
  std::string name;
  std::string created, updated;  // RFC 3339
  std::vector<std::pair<std::string, std::string>> labels;
};

// A container's --secret: which, and how it gets it.
struct SecretUse {
  std::string id, name;
  std::string type = "mount";  // mount (a file) | env
  std::string target;          // the file's path or the variable's name; empty: /run/secrets/NAME or NAME
  int uid = 0, gid = 0, mode = 0400;
};

class SecretStore {
 public:
  explicit SecretStore(const std::string& root);

  const std::string& dir() const { return dir_; }
  base::FileLock lock() const;

  // A new secret holding `data`; "NAME: secret name in use" if there is
  // one by that name. The caller holds lock().
  SecretRecord create(const std::string& name, const std::string& data,
                      std::vector<std::pair<std::string, std::string>> labels) const;
  // By name, full id or unique id prefix.
  std::optional<SecretRecord> find(const std::string& name_or_id) const;
  // Or Podman's "no secret with name or id "X": no such secret".
  SecretRecord get(const std::string& name_or_id) const;
  std::vector<SecretRecord> list() const;  // oldest first
  std::string data(const SecretRecord& s) const;
  void remove(const SecretRecord& s) const;  // the caller holds lock()

 private:
  std::string dir_;
};

// Podman's secret names: 1 to 253 characters, no "/", "=", ",", or NUL.
bool valid_secret_name(const std::string& name);

}  // namespace store
