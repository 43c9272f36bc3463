// SPDX-License-Identifier: GPL-2.0-or-later
// config/environment.cc: the process's environment, read once.
#include "config/environment.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "base/error.h"

namespace config {

Environment Environment::of_process(std::initializer_list<const char*> also) {
  Environment e;
  e.euid = ::geteuid();
  e.uid = ::getuid();
  e.gid = ::getgid();
  for (const char* name : {"HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "CONTAINERS_CONF",
                           "CONTAINERS_REGISTRIES_CONF", "REGISTRY_AUTH_FILE", "DOCKER_CONFIG", "NOTIFY_SOCKET", "STORAGE_DRIVER", "PODMAN_USERNS"}) {
    if (const char* v = std::getenv(name)) e.vars[name] = v;
  }
  for (const char* name : also) {
    if (const char* v = std::getenv(name)) e.vars[name] = v;
  }
  // The passwd database only when something needs it: a lookup loads the
  // NSS modules and asks nscd, a millisecond or more for every command.
  // A regular user needs the name (its /etc/subuid ranges); anyone without
  // $HOME needs the home directory.
  if (e.uid != 0 || !e.get("HOME")) {
    if (const passwd* pw = ::getpwuid(e.uid)) {
      if (pw->pw_name) e.user = pw->pw_name;
      if (!e.get("HOME") && pw->pw_dir) e.vars["HOME"] = pw->pw_dir;
    }
  }
  return e;
}

std::optional<std::string> Environment::get(const std::string& name) const {
  auto it = vars.find(name);
  if (it == vars.end()) return std::nullopt;
  return it->second;
}

std::string Environment::dir_or(const std::string& name, const std::string& fallback) const {
  auto v = get(name);
  return v && !v->empty() && (*v)[0] == '/' ? *v : fallback;
}

std::string Environment::home() const {
  auto h = get("HOME");
  if (h && !h->empty() && (*h)[0] == '/') return *h;
  throw base::error("cannot find the home directory of uid {}: set $HOME", euid);
}

}  // namespace config
