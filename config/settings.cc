// SPDX-License-Identifier: GPL-2.0-or-later
// config/settings.cc: containers.conf and libpod.conf through toml++.
#include "config/settings.h"

#include <unistd.h>

#include <cstdlib>

#include "base/error.h"
#include "base/file.h"
#include "config/toml.h"

namespace config {

namespace {

void apply_network(const toml::table& net, const std::string& file, NetworkSettings& s) {
  if (auto v = net["default_network"].value<std::string>()) s.default_network = *v;
  if (auto v = net["default_subnet"].value<std::string>()) s.default_subnet = *v;
  if (auto v = net["network_config_dir"].value<std::string>()) s.network_config_dir = *v;
  if (auto v = net["forward_accept"]; v) {
    if (!v.is_boolean()) throw base::error("{}: forward_accept must be true or false", file);
    s.forward_accept = *v.value<bool>();
  }
  if (auto a = net["cni_plugin_dirs"].as_array()) s.cni_plugin_dirs = toml_strings(*a, file, "cni_plugin_dirs");
  if (auto a = net["default_subnet_pools"].as_array()) {
    s.subnet_pools.clear();
    for (const auto& p : *a) {
      const toml::table* t = p.as_table();
      auto base = t ? (*t)["base"].value<std::string>() : std::nullopt;
      auto size = t ? toml_int((*t)["size"].node(), file, "default_subnet_pools' size") : std::nullopt;
      if (!base || !size) throw base::error("{}: default_subnet_pools entries need base and size", file);
      s.subnet_pools.push_back({*base, static_cast<int>(*size)});
    }
  }
}

void apply_file(const std::string& path, NetworkSettings& s) {
  auto text = base::read_file(path);
  if (!text) return;
  toml::table t = parse_toml(*text, path);
  // libpod.conf's legacy key, at the top level.
  if (auto v = t["cni_default_network"].value<std::string>()) s.default_network = *v;
  if (auto net = t["network"].as_table()) apply_network(*net, path, s);
  if (auto ctr = t["containers"].as_table()) {
    ContainerDefaults& d = s.containers;
    if (auto a = (*ctr)["dns_servers"].as_array()) d.dns_servers = toml_strings(*a, path, "dns_servers");
    if (auto a = (*ctr)["dns_searches"].as_array()) d.dns_searches = toml_strings(*a, path, "dns_searches");
    if (auto a = (*ctr)["dns_options"].as_array()) d.dns_options = toml_strings(*a, path, "dns_options");
    if (auto v = (*ctr)["no_hosts"].value<bool>()) d.no_hosts = *v;
    if (auto v = toml_int((*ctr)["log_size_max"].node(), path, "log_size_max")) d.log_size_max = *v;
    if (auto v = (*ctr)["seccomp_profile"].value<std::string>()) d.seccomp_profile = *v;
    if (auto v = toml_int((*ctr)["pids_limit"].node(), path, "pids_limit")) d.pids_limit = *v;
    if (auto v = (*ctr)["cgroups"].value<std::string>()) d.cgroups = *v;
    if (auto v = (*ctr)["cgroupns"].value<std::string>()) d.cgroupns = *v;
    if (auto v = (*ctr)["userns"].value<std::string>()) d.userns = *v;
    if (auto a = (*ctr)["default_ulimits"].as_array()) d.default_ulimits = toml_strings(*a, path, "default_ulimits");
  }
}

}  // namespace

std::vector<std::string> settings_files(const Environment& env) {
  if (auto only = env.get("CONTAINERS_CONF"); only && !only->empty()) return {*only};
  std::vector<std::string> out;
  for (const char* dir : {"/usr/share/containers", "/etc/containers"}) {
    out.push_back(std::string(dir) + "/libpod.conf");
    out.push_back(std::string(dir) + "/containers.conf");
  }
  if (env.euid != 0) {
    auto home = env.get("HOME");
    std::string config = env.dir_or("XDG_CONFIG_HOME", home ? *home + "/.config" : "");
    if (!config.empty()) out.push_back(config + "/containers/containers.conf");
  }
  return out;
}

NetworkSettings read_settings(const std::vector<std::string>& files) {
  NetworkSettings s;
  for (const auto& f : files) apply_file(f, s);
  if (s.subnet_pools.empty()) s.subnet_pools = default_subnet_pools();
  return s;
}

Settings load_settings(const Environment& env, const PathOverrides& overrides) {
  Settings s;
  s.env = env;
  s.paths = resolve_paths(env, overrides);
  s.conf = read_settings(settings_files(env));
  if (!overrides.network_config_dir && s.conf.network_config_dir) s.paths.network_config_dir = *s.conf.network_config_dir;
  if (!s.conf.cni_plugin_dirs.empty()) s.paths.cni_plugin_dirs = s.conf.cni_plugin_dirs;
  return s;
}

std::vector<SubnetPool> default_subnet_pools() {
  return {{"10.89.0.0/16", 24}, {"10.90.0.0/15", 24}, {"10.92.0.0/14", 24}, {"10.96.0.0/11", 24}, {"10.128.0.0/9", 24}};
}

}  // namespace config
