// SPDX-License-Identifier: GPL-2.0-or-later
// cni/plugin_tuning.cc: a chained plugin that adjusts the container's
// interface: mtu, mac (config, CNI_ARGS MAC= or the "mac" capability),
// promisc, and net.* sysctls inside the container's namespace only.
#include <fmt/format.h>

#include <linux/if.h>

#include "cni/config.h"
#include "cni/error.h"
#include "cni/plugins.h"
#include "netns/link.h"
#include "netns/namespace.h"
#include "netns/netlink.h"
#include "netns/sysctl.h"

namespace cni {

namespace {

constexpr const char* kCtx = "tuning config";

struct Tuning {
  std::optional<unsigned> mtu;
  std::optional<netns::MacAddress> mac;
  std::optional<bool> promisc;
  std::vector<std::pair<std::string, std::string>> sysctls;
};

// Only the network namespace's own sysctls: net.*, without path tricks.
void check_sysctl_key(const std::string& key) {
  if (!key.starts_with("net.") && !key.starts_with("net/")) {
    throw Error(kInvalidConfig, fmt::format("invalid net sysctl key: \"{}\": only net.* is allowed", key));
  }
  if (key.find("..") != std::string::npos || key.find("//") != std::string::npos) {
    throw Error(kInvalidConfig, fmt::format("invalid net sysctl key: \"{}\"", key));
  }
}

Tuning parse_tuning(const base::json::Value& conf, const Env& env) {
  Tuning t;
  if (auto mtu = base::json::opt_int(conf, "mtu", kCtx)) {
    if (*mtu <= 0 || *mtu > 65535) throw Error(kInvalidConfig, fmt::format("invalid MTU {}", *mtu));
    t.mtu = static_cast<unsigned>(*mtu);
  }
  std::optional<std::string> mac = base::json::opt_string(conf, "mac", kCtx);
  auto args = parse_cni_args(env.args);
  if (args.count("MAC")) mac = args["MAC"];
  if (const base::json::Value* rc = base::json::opt_object(conf, "runtimeConfig", kCtx)) {
    if (auto m = base::json::opt_string(*rc, "mac", "runtimeConfig")) mac = m;
  }
  if (mac) {
    t.mac = netns::MacAddress::parse(*mac);
    if (!t.mac) throw Error(kInvalidConfig, fmt::format("invalid MAC address {}", *mac));
  }
  if (conf.HasMember("promisc")) t.promisc = base::json::boolean(conf, "promisc", false, kCtx);
  if (const base::json::Value* s = base::json::opt_object(conf, "sysctl", kCtx)) {
    for (const auto& m : s->GetObject()) {
      std::string key = m.name.GetString();
      check_sysctl_key(key);
      if (!m.value.IsString()) throw Error(kInvalidConfig, fmt::format("sysctl {}: value must be a string", key));
      t.sysctls.emplace_back(key, m.value.GetString());
    }
  }
  return t;
}

Result chained_result(const base::json::Value& conf) {
  auto prev = prev_result(conf);
  if (!prev) throw Error(kInvalidConfig, "tuning must be called as a chained plugin: no prevResult");
  return *prev;
}

}  // namespace

Result TuningPlugin::add(const base::json::Value& conf, const Env& env) {
  Tuning t = parse_tuning(conf, env);
  Result r = chained_result(conf);
  netns::Namespace ns = netns::Namespace::open(env.netns);
  for (const auto& [k, v] : t.sysctls) netns::write_sysctl(k, v, &ns);
  if (t.mtu || t.mac || t.promisc) {
    // Into the namespace only when there is something to change there.
    netns::Netlink nl = netns::Netlink::open_in(ns);
    netns::Link link = netns::get_link(nl, env.ifname);
    netns::change_link(nl, link, {.mtu = t.mtu, .mac = t.mac, .promisc = t.promisc});
  }
  if (t.mac) {
    for (auto& i : r.interfaces) {
      if (i.name == env.ifname && i.sandbox == env.netns) i.mac = t.mac->str();
    }
  }
  return r;
}

void TuningPlugin::del(const base::json::Value& conf, const Env& env) {
  // Everything tuning changed lives on the interface or in its namespace,
  // and goes with them; a config error still deserves a report.
  parse_tuning(conf, env);
}

void TuningPlugin::check(const base::json::Value& conf, const Env& env) {
  Tuning t = parse_tuning(conf, env);
  chained_result(conf);
  netns::Namespace ns = netns::Namespace::open(env.netns);
  for (const auto& [k, v] : t.sysctls) {
    if (netns::read_sysctl(k, &ns) != v) throw Error(kGeneric, fmt::format("sysctl {} is not {}", k, v));
  }
  netns::Netlink nl = netns::Netlink::open_in(ns);
  netns::Link link = netns::get_link(nl, env.ifname);
  if (t.mtu && link.mtu != *t.mtu) throw Error(kGeneric, fmt::format("{} has MTU {}, not {}", env.ifname, link.mtu, *t.mtu));
  if (t.mac && link.mac != t.mac) throw Error(kGeneric, fmt::format("{} has MAC {}, not {}", env.ifname, link.mac ? link.mac->str() : "", t.mac->str()));
  if (t.promisc && ((link.flags & IFF_PROMISC) != 0) != *t.promisc) {
    throw Error(kGeneric, fmt::format("{} promiscuous mode is not {}", env.ifname, *t.promisc ? "on" : "off"));
  }
}

}  // namespace cni
