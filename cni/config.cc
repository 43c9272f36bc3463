// SPDX-License-Identifier: GPL-2.0-or-later
// cni/config.cc: parsing conflists and building plugin configs.
#include "cni/config.h"

#include <fmt/format.h>

#include "base/file.h"
#include "cni/error.h"

namespace cni {

namespace {
bool name_char(char c, bool first) {
  bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return alnum || (!first && (c == '_' || c == '.' || c == '-'));
}
}  // namespace

bool valid_network_name(const std::string& name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!name_char(name[i], i == 0)) return false;
  }
  return true;
}

std::string Conflist::type(size_t i) const { return base::json::string(plugins.at(i), "type", "plugin config"); }

Conflist parse_conflist(std::string_view text, std::string path) {
  base::json::Document d = base::json::parse(text, "error parsing configuration list");
  if (!d.IsObject()) throw Error(kDecodingFailure, "error parsing configuration list: not a JSON object");
  Conflist c;
  c.source = std::string(text);
  c.path = std::move(path);
  c.cni_version = base::json::string(d, "cniVersion", "network configuration");
  check_version(c.cni_version);
  c.name = base::json::string(d, "name", "network configuration");
  if (!valid_network_name(c.name)) {
    throw Error(kInvalidConfig, fmt::format("invalid network name \"{}\": must match [a-zA-Z0-9][a-zA-Z0-9_.-]*", c.name));
  }
  c.disable_check = base::json::boolean(d, "disableCheck", false, "network configuration");
  c.disable_gc = base::json::boolean(d, "disableGC", false, "network configuration");
  const base::json::Value* plugins = base::json::opt_array(d, "plugins", "network configuration");
  if (!plugins) {
    // A single network config: the object is itself the one plugin.
    if (!d.HasMember("type")) throw Error(kInvalidConfig, "network configuration: no \"plugins\" and no \"type\"");
    base::json::Document p;
    p.CopyFrom(d, p.GetAllocator());
    c.plugins.push_back(std::move(p));
  } else {
    if (plugins->Empty()) throw Error(kInvalidConfig, "network configuration: \"plugins\" is empty");
    for (const auto& item : plugins->GetArray()) {
      if (!item.IsObject()) throw Error(kInvalidConfig, "network configuration: a plugin is not an object");
      base::json::Document p;
      p.CopyFrom(item, p.GetAllocator());
      c.plugins.push_back(std::move(p));
    }
  }
  for (size_t i = 0; i < c.plugins.size(); ++i) {
    std::string type = base::json::string(c.plugins[i], "type", fmt::format("plugin {}", i));
    if (type.empty() || type.find('/') != std::string::npos) {
      throw Error(kInvalidConfig, fmt::format("plugin {}: invalid type \"{}\"", i, type));
    }
  }
  return c;
}

Conflist load_conflist(const std::string& path) {
  auto text = base::read_file(path);
  if (!text) throw Error(kIoFailure, fmt::format("no network configuration at {}", path));
  try {
    return parse_conflist(*text, path);
  } catch (Error& e) {
    throw Error(e.code(), fmt::format("{}: {}", path, e.msg()), e.details());
  }
}

std::string cni_args_string(const std::vector<std::pair<std::string, std::string>>& args) {
  std::string out;
  for (const auto& [k, v] : args) out += (out.empty() ? "" : ";") + k + "=" + v;
  return out;
}

std::map<std::string, std::string> parse_cni_args(const std::string& text) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = text.find(';', i);
    if (end == std::string::npos) end = text.size();
    std::string pair = text.substr(i, end - i);
    i = end + 1;
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw Error(kInvalidEnvironment, fmt::format("ARGS: invalid pair \"{}\"", pair));
    }
    out[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return out;
}

base::json::Document plugin_config(const Conflist& list, size_t index, const std::optional<Result>& prev,
                             const base::json::Value& capability_args) {
  base::json::Document d;
  d.CopyFrom(list.plugins.at(index), d.GetAllocator());
  auto& a = d.GetAllocator();
  auto set = [&](const char* key, base::json::Value v) {
    if (d.HasMember(key)) d.RemoveMember(key);
    d.AddMember(base::json::Value(key, a), v, a);
  };
  set("name", base::json::Value(list.name.c_str(), a));
  set("cniVersion", base::json::Value(list.cni_version.c_str(), a));
  if (prev) {
    base::json::Object r;
    to_json(*prev, list.cni_version, r);
    set("prevResult", base::json::Value(r.value(), a));
  }
  // runtimeConfig: only what the plugin declares among its capabilities.
  base::json::Value rc(rapidjson::kObjectType);
  if (const base::json::Value* caps = base::json::opt_object(d, "capabilities", "plugin config")) {
    for (const auto& m : caps->GetObject()) {
      if (!m.value.IsBool() || !m.value.GetBool() || !capability_args.IsObject()) continue;
      auto it = capability_args.FindMember(m.name.GetString());
      if (it != capability_args.MemberEnd()) rc.AddMember(base::json::Value(m.name, a), base::json::Value(it->value, a), a);
    }
  }
  if (rc.MemberCount() > 0) set("runtimeConfig", std::move(rc));
  return d;
}

}  // namespace cni
