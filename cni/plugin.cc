// SPDX-License-Identifier: GPL-2.0-or-later
// cni/plugin.cc: dispatching a plugin command to a built-in or an
// executable, and what every plugin checks of its environment.
#include "cni/plugin.h"

#include <fmt/format.h>

#include "cni/error.h"
#include "cni/exec.h"
#include "cni/plugin_dirs.h"
#include "cni/plugins.h"

namespace cni {

const std::vector<std::string>& builtin_types() {
  static const std::vector<std::string> types = {"bridge", "dnsname", "firewall", "host-local", "loopback", "portmap", "tuning"};
  return types;
}

Plugin* find_builtin(const std::string& type) {
  static BridgePlugin bridge;
  static HostLocalPlugin host_local;
  static LoopbackPlugin loopback;
  static TuningPlugin tuning;
  static PortmapPlugin portmap;
  static FirewallPlugin firewall;
  static DnsnamePlugin dnsname;
  if (type == "bridge") return &bridge;
  if (type == "portmap") return &portmap;
  if (type == "firewall") return &firewall;
  if (type == "host-local") return &host_local;
  if (type == "loopback") return &loopback;
  if (type == "tuning") return &tuning;
  if (type == "dnsname") return &dnsname;
  return nullptr;
}

void require_env(const Env& env) {
  std::vector<std::string> missing;
  bool per_attachment = env.command == "ADD" || env.command == "DEL" || env.command == "CHECK";
  if (per_attachment && env.container_id.empty()) missing.push_back("CNI_CONTAINERID");
  if ((env.command == "ADD" || env.command == "CHECK") && env.netns.empty()) missing.push_back("CNI_NETNS");
  if (per_attachment && env.ifname.empty()) missing.push_back("CNI_IFNAME");
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : " ") + m;
    throw Error(kInvalidEnvironment, fmt::format("required env variables [{}] missing", list));
  }
}

std::optional<Result> prev_result(const base::json::Value& conf) {
  const base::json::Value* p = base::json::opt_object(conf, "prevResult", "plugin config");
  if (!p) return std::nullopt;
  return parse_result(*p);
}

std::optional<Result> invoke(const std::string& type, const base::json::Value& conf, const Env& env, bool builtins) {
  if (Plugin* p = builtins ? find_builtin(type) : nullptr) {
    require_env(env);
    if (env.command == "ADD") return p->add(conf, env);
    if (env.command == "DEL") p->del(conf, env);
    else if (env.command == "CHECK") p->check(conf, env);
    else if (env.command == "GC") p->gc(conf, env);
    else if (env.command == "STATUS") p->status(conf, env);
    else throw Error(kInvalidEnvironment, fmt::format("unknown CNI_COMMAND {}", env.command));
    return std::nullopt;
  }
  auto path = find_plugin(env.path, type);
  if (!path) {
    std::string dirs;
    for (const auto& d : env.path) dirs += (dirs.empty() ? "" : " ") + d;
    throw Error(kGeneric, fmt::format("failed to find plugin \"{}\" in path [{}]", type, dirs));
  }
  std::string out = run_plugin(*path, env, base::json::dump(conf));
  if (env.command != "ADD") return std::nullopt;
  return parse_result(out);
}

}  // namespace cni
