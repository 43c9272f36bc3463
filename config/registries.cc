// SPDX-License-Identifier: GPL-2.0-or-later
// config/registries.cc: registries.conf (version 2, and version 1's
// [registries.*] lists) and its drop-ins, through toml++.
#include "config/registries.h"

#include <algorithm>

#include "base/error.h"
#include "base/file.h"
#include "config/toml.h"

namespace config {

namespace {

RegistryEndpoint endpoint(const toml::table& t, const std::string& file) {
  RegistryEndpoint e;
  if (auto v = t["location"].value<std::string>()) e.location = *v;
  if (auto v = t["insecure"].value<bool>()) e.insecure = *v;
  while (!e.location.empty() && e.location.back() == '/') e.location.pop_back();
  if (e.location.find("://") != std::string::npos) {
    throw base::error("{}: registry location \"{}\" must not have a scheme", file, e.location);
  }
  return e;
}

void add_entry(Registries& r, RegistryEntry e) {
  auto same = std::find_if(r.entries.begin(), r.entries.end(), [&](const auto& x) { return x.prefix == e.prefix; });
  if (same != r.entries.end()) {
    *same = std::move(e);
  } else {
    r.entries.push_back(std::move(e));
  }
}

// Version 1: [registries.search] registries = [...], .insecure, .block.
void apply_v1(const toml::table& v1, const std::string& file, Registries& r) {
  auto list = [&](const char* kind) -> std::vector<std::string> {
    const toml::array* a = v1[kind]["registries"].as_array();
    return a ? toml_strings(*a, file, "registries") : std::vector<std::string>{};
  };
  r.search = list("search");
  for (const auto& h : list("insecure")) add_entry(r, {h, {h, true}, false, {}});
  for (const auto& h : list("block")) add_entry(r, {h, {h, false}, true, {}});
}

void apply_file(const std::string& path, Registries& r) {
  auto text = base::read_file(path);
  if (!text) return;
  toml::table t = parse_toml(*text, path);
  if (auto v1 = t["registries"].as_table()) apply_v1(*v1, path, r);
  if (auto a = t["unqualified-search-registries"].as_array()) {
    r.search = toml_strings(*a, path, "unqualified-search-registries");
  }
  if (auto v = t["short-name-mode"].value<std::string>()) {
    if (*v != "enforcing" && *v != "permissive" && *v != "disabled") {
      throw base::error("{}: invalid short-name mode \"{}\"", path, *v);
    }
    r.short_name_mode = *v;
  }
  if (auto aliases = t["aliases"].as_table()) {
    for (const auto& [k, v] : *aliases) {
      auto s = v.value<std::string>();
      if (!s) throw base::error("{}: alias \"{}\" must be a string", path, std::string(k.str()));
      r.aliases[std::string(k.str())] = *s;
    }
  }
  if (auto regs = t["registry"].as_array()) {
    for (const auto& node : *regs) {
      const toml::table* reg = node.as_table();
      if (!reg) throw base::error("{}: [[registry]] entries must be tables", path);
      RegistryEntry e;
      e.endpoint = endpoint(*reg, path);
      e.prefix = (*reg)["prefix"].value<std::string>().value_or(e.endpoint.location);
      if (e.prefix.empty()) throw base::error("{}: a [[registry]] needs a prefix or a location", path);
      if (e.endpoint.location.empty()) e.endpoint.location = e.prefix;
      if (auto v = (*reg)["blocked"].value<bool>()) e.blocked = *v;
      if (auto mirrors = (*reg)["mirror"].as_array()) {
        for (const auto& m : *mirrors) {
          if (const toml::table* mt = m.as_table()) e.mirrors.push_back(endpoint(*mt, path));
        }
      }
      add_entry(r, std::move(e));
    }
  }
}

std::vector<std::string> drop_ins(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& name : base::list_dir(dir)) {
    if (name.ends_with(".conf")) out.push_back(dir + "/" + name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool exists(const std::string& path) { return base::read_file(path).has_value(); }

}  // namespace

const RegistryEntry* Registries::find(const std::string& name) const {
  const RegistryEntry* best = nullptr;
  for (const auto& e : entries) {
    bool match = name == e.prefix || (name.starts_with(e.prefix) && (name[e.prefix.size()] == '/' ||
                                                                      name[e.prefix.size()] == ':' ||
                                                                      name[e.prefix.size()] == '@'));
    if (match && (!best || e.prefix.size() > best->prefix.size())) best = &e;
  }
  return best;
}

Registries read_registries(const std::string& main_file, const std::vector<std::string>& drop_in_files) {
  Registries r;
  r.main_file = main_file;
  apply_file(main_file, r);
  for (const auto& f : drop_in_files) apply_file(f, r);
  return r;
}

Registries load_registries(const Environment& env) {
  std::string main = "/etc/containers/registries.conf";
  std::string user_dir = env.euid == 0 ? "" : env.dir_or("XDG_CONFIG_HOME", env.home() + "/.config") + "/containers";
  if (auto v = env.get("CONTAINERS_REGISTRIES_CONF"); v && !v->empty()) {
    main = *v;
  } else if (!user_dir.empty() && exists(user_dir + "/registries.conf")) {
    main = user_dir + "/registries.conf";
  }
  std::vector<std::string> files = drop_ins("/etc/containers/registries.conf.d");
  if (!user_dir.empty()) {
    for (auto& f : drop_ins(user_dir + "/registries.conf.d")) files.push_back(f);
  }
  return read_registries(main, files);
}

std::vector<std::string> certs_dirs(const Environment& env) {
  std::vector<std::string> out;
  if (env.euid != 0) out.push_back(env.dir_or("XDG_CONFIG_HOME", env.home() + "/.config") + "/containers/certs.d");
  out.push_back("/etc/containers/certs.d");
  out.push_back("/etc/docker/certs.d");
  return out;
}

std::string auth_file(const Environment& env) {
  if (auto v = env.get("REGISTRY_AUTH_FILE"); v && !v->empty()) return *v;
  if (env.euid == 0) return "/run/containers/0/auth.json";
  return env.dir_or("XDG_RUNTIME_DIR", "/run/user/" + std::to_string(env.euid)) + "/containers/auth.json";
}

std::string docker_auth_file(const Environment& env) {
  if (auto v = env.get("DOCKER_CONFIG"); v && !v->empty()) return *v + "/config.json";
  return env.home() + "/.docker/config.json";
}

}  // namespace config
