// SPDX-License-Identifier: GPL-2.0-or-later
// config/environment.h: what the process was started with, read once: the
// effective uid and the variables warren looks at (HOME, XDG_*,
// CONTAINERS_CONF). Nothing below config/ reads the environment or the
// uid; everything gets them from here, through config::Settings.
#pragma once

#include <sys/types.h>

#include <vector>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>

namespace config {

struct Environment {
  uid_t euid = 0;
  uid_t uid = 0;         // the real ids and the user's name: whose ids a
  gid_t gid = 0;         // rootless container maps (the name is looked up
  std::string user;      // for a regular user only)
  std::map<std::string, std::string> vars;  // only the ones warren reads

  // The calling process's: the one place warren calls getenv and geteuid.
  // `also`: variables of a protocol the program speaks (warren-cni's CNI_*).
  static Environment of_process(std::initializer_list<const char*> also = {});

  std::optional<std::string> get(const std::string& name) const;
  // An absolute path from `name`, else `fallback` (the XDG spec: a
  // relative value is invalid and ignored).
  std::string dir_or(const std::string& name, const std::string& fallback) const;
  // $HOME, else the passwd entry's; throws when there is neither.
  std::string home() const;
};

}  // namespace config
