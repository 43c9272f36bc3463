// SPDX-License-Identifier: GPL-2.0-or-later
// config/registries.h: where images come from, as containers-registries.conf(5)
// (version 2) says: the registries a short name is tried on, the short-name
// aliases, and per registry (by the longest matching prefix) its real
// location, whether it may be reached without TLS verification, whether it
// is blocked, and its mirrors. Also the other files a registry client
// reads: the certs.d directories and the auth file's path.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/environment.h"

namespace config {

struct RegistryEndpoint {
  std::string location;  // host[:port][/path]
  bool insecure = false;
};

struct RegistryEntry {
  std::string prefix;  // what references are matched against
  RegistryEndpoint endpoint;
  bool blocked = false;
  std::vector<RegistryEndpoint> mirrors;
};

struct Registries {
  std::vector<std::string> search;  // unqualified-search-registries
  std::string short_name_mode = "enforcing";
  std::map<std::string, std::string> aliases;  // short name -> fully qualified
  std::vector<RegistryEntry> entries;
  std::string main_file;  // the registries.conf read (named in errors)

  // The entry whose prefix matches `name` (host/repository) longest.
  const RegistryEntry* find(const std::string& name) const;
};

// registries.conf ($CONTAINERS_REGISTRIES_CONF, else the user's
// ~/.config/containers/registries.conf, else /etc/containers's), then the
// drop-ins of registries.conf.d in name order. Throws on a malformed file.
Registries load_registries(const Environment& env);
// The same, from explicit files (tests).
Registries read_registries(const std::string& main_file, const std::vector<std::string>& drop_ins);

// The directories that may hold certs.d/HOST:PORT, in order.
std::vector<std::string> certs_dirs(const Environment& env);

// Where credentials are kept: $REGISTRY_AUTH_FILE, else
// $XDG_RUNTIME_DIR/containers/auth.json (/run/containers/0 as root).
std::string auth_file(const Environment& env);
// Docker's ~/.docker/config.json ($DOCKER_CONFIG/config.json): read as a
// fallback, never written.
std::string docker_auth_file(const Environment& env);

}  // namespace config
