// SPDX-License-Identifier: GPL-2.0-or-later
// config/settings.h: what containers.conf (and the legacy libpod.conf)
// say about networks. Files are read in Podman's order, later keys
// overriding earlier ones: /usr/share/containers, then /etc/containers,
// then (for a regular user) ~/.config/containers; $CONTAINERS_CONF names
// the one file to read instead, as for Podman. A malformed file is an
// error naming the file and line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/environment.h"
#include "config/paths.h"

namespace config {

struct SubnetPool {
  std::string base;  // 10.89.0.0/16
  int size = 24;     // each network gets a /size from it
};

// [containers] keys that give run and create their defaults.
struct ContainerDefaults {
  std::vector<std::string> dns_servers, dns_searches, dns_options;
  bool no_hosts = false;
  int64_t log_size_max = -1;  // bytes; -1: no limit
  // The seccomp profile a container gets unless --security-opt seccomp=
  // says otherwise (containers.conf seccomp_profile).
  std::string seccomp_profile = "/usr/share/containers/seccomp.json";
  int64_t pids_limit = 2048;  // pids_limit; 0 or less: none
  std::string cgroups = "enabled";  // enabled | disabled | no-conmon | split
  std::string cgroupns;             // host | private; empty: Podman's choice for the hierarchy
  std::vector<std::string> default_ulimits;  // NAME=SOFT:HARD, under --ulimit
  std::string userns;  // userns: --userns's default (host, auto, ...), under $PODMAN_USERNS
};

struct NetworkSettings {
  std::string default_network = "podman";
  std::string default_subnet = "10.88.0.0/16";
  std::optional<std::string> network_config_dir;  // set only when a file sets it
  std::vector<std::string> cni_plugin_dirs;       // empty: the built-in list
  std::vector<SubnetPool> subnet_pools;
  // [network] forward_accept: put an accept for each network in another
  // table's forward chain that would drop its packets (warren's only write
  // outside its own table; off unless asked for).
  bool forward_accept = false;
  ContainerDefaults containers;
};

// The files, in the order they are read; only those that exist matter.
std::vector<std::string> settings_files(const Environment& env);

// Reads `files` in order (absent ones skipped); throws on a malformed one.
NetworkSettings read_settings(const std::vector<std::string>& files);

// Everything warren knows of its surroundings: the state paths (flags over
// containers.conf over the defaults) and containers.conf's settings. Built
// once per process, by the main of warren or of a helper, and passed down:
// a containers.conf of Debian's size takes half a millisecond to parse.
struct Settings {
  Environment env;
  Paths paths;
  NetworkSettings conf;
  bool rootless() const { return paths.rootless; }
};
Settings load_settings(const Environment& env, const PathOverrides& overrides);

// Podman's default pools when containers.conf gives none: 10.89.0.0/16 up
// to 10.255.255.0/24, /24 each.
std::vector<SubnetPool> default_subnet_pools();

}  // namespace config
