// SPDX-License-Identifier: GPL-2.0-or-later
// store/names.cc: names as symlinks.
#include "store/names.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "base/digest.h"
#include "base/error.h"
#include "base/file.h"

namespace store {

bool valid_name(const std::string& name) {
  auto ok = [](char ch, bool first) {
    return std::isalnum(static_cast<unsigned char>(ch)) || (!first && (ch == '_' || ch == '.' || ch == '-'));
  };
  if (name.empty() || !ok(name[0], true)) return false;
  return std::all_of(name.begin() + 1, name.end(), [&](char ch) { return ok(ch, false); });
}

namespace {

// The link's file name: the name itself, or for a name longer than a file
// name may be (Podman takes any length) "#" and its digest, which no valid
// name can look like.
std::string link_name(const std::string& name) {
  return name.size() <= 200 ? name : "#" + base::sha256_hex(name);
}

}  // namespace

bool NameTable::claim(const std::string& name, const std::string& id) const {
  base::ensure_dir(dir_, 0700);
  if (::symlink(id.c_str(), (dir_ + "/" + link_name(name)).c_str()) == 0) return true;
  if (errno != EEXIST) throw base::sys_error(errno, "claim the name {}", name);
  return false;
}

std::optional<std::string> NameTable::id_of(const std::string& name) const {
  if (!valid_name(name)) return std::nullopt;
  char buf[128];
  ssize_t n = ::readlink((dir_ + "/" + link_name(name)).c_str(), buf, sizeof buf);
  if (n <= 0 || n >= static_cast<ssize_t>(sizeof buf)) return std::nullopt;
  return std::string(buf, static_cast<size_t>(n));
}

void NameTable::release(const std::string& name, const std::string& id) const {
  if (id_of(name) == id) ::unlink((dir_ + "/" + link_name(name)).c_str());
}

void NameTable::release_all(const std::string& id) const {
  for (const auto& entry : base::list_dir(dir_)) {
    char target[80];
    std::string path = dir_ + "/" + entry;
    ssize_t n = ::readlink(path.c_str(), target, sizeof target);
    if (n > 0 && std::string(target, static_cast<size_t>(n)) == id) ::unlink(path.c_str());
  }
}

}  // namespace store
