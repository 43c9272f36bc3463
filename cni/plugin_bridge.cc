// SPDX-License-Identifier: GPL-2.0-or-later
// cni/plugin_bridge.cc: the bridge plugin's config and result; the work is
// bridge::attach/detach/check. IPAM runs first and is given back if the
// attachment fails.
#include <sys/socket.h>

#include <algorithm>

#include <fmt/format.h>

#include "base/scope.h"
#include "bridge/bridge.h"
#include "cni/attachment.h"
#include "cni/config.h"
#include "cni/error.h"
#include "cni/plugins.h"
#include "netns/namespace.h"
#include "netns/netlink.h"
#include "portmap/masquerade.h"
#include "portmap/table.h"

namespace cni {

namespace {

constexpr const char* kCtx = "bridge config";

bridge::BridgeConfig parse_bridge(const base::json::Value& conf) {
  bridge::BridgeConfig c;
  c.bridge = base::json::opt_string(conf, "bridge", kCtx).value_or("cni0");
  c.is_gateway = base::json::boolean(conf, "isGateway", false, kCtx);
  c.is_default_gateway = base::json::boolean(conf, "isDefaultGateway", false, kCtx);
  c.force_address = base::json::boolean(conf, "forceAddress", false, kCtx);
  c.ip_masq = base::json::boolean(conf, "ipMasq", false, kCtx);
  c.hairpin = base::json::boolean(conf, "hairpinMode", false, kCtx);
  c.promisc = base::json::boolean(conf, "promiscMode", false, kCtx);
  auto mtu = base::json::opt_int(conf, "mtu", kCtx).value_or(0);
  if (mtu < 0 || mtu > 65535) throw Error(kInvalidConfig, fmt::format("invalid MTU {}", mtu));
  c.mtu = static_cast<unsigned>(mtu);
  auto vlan = base::json::opt_int(conf, "vlan", kCtx).value_or(0);
  if (vlan < 0 || vlan > 4094) throw Error(kInvalidConfig, fmt::format("invalid VLAN ID {} (must be between 0 and 4094)", vlan));
  c.vlan = static_cast<uint16_t>(vlan);
  if (c.bridge.empty() || c.bridge.size() > 15) throw Error(kInvalidConfig, fmt::format("invalid bridge name \"{}\"", c.bridge));
  return c;
}

std::string owner(const base::json::Value& conf, const Env& env) { return owner_tag(conf, env); }

std::optional<netns::MacAddress> requested_mac(const base::json::Value& conf, const Env& env) {
  std::optional<std::string> text;
  auto args = parse_cni_args(env.args);
  if (args.count("MAC")) text = args["MAC"];
  if (const base::json::Value* rc = base::json::opt_object(conf, "runtimeConfig", kCtx)) {
    if (auto m = base::json::opt_string(*rc, "mac", "runtimeConfig")) text = m;
  }
  if (!text) return std::nullopt;
  auto mac = netns::MacAddress::parse(*text);
  if (!mac) throw Error(kInvalidConfig, fmt::format("invalid MAC address {}", *text));
  return mac;
}

// The gateway IPAM gave, or the subnet's first address when isGateway
// needs one and IPAM gave none (as the reference computes it).
std::vector<bridge::IpConfig> ip_configs(const Result& ipam, bool need_gateway) {
  std::vector<bridge::IpConfig> out;
  for (const auto& ip : ipam.ips) {
    bridge::IpConfig c{ip.address, ip.gateway};
    if (!c.gateway && need_gateway) {
      netns::IpAddress net = ip.address.network().addr();
      std::vector<uint8_t> b(net.data(), net.data() + net.size());
      b.back() |= 1;
      c.gateway = netns::IpAddress::from_bytes(net.family(), b);
    }
    out.push_back(c);
  }
  return out;
}

bridge::AttachSpec spec_for(const base::json::Value& conf, const Env& env, const netns::Namespace& ns,
                            const bridge::BridgeConfig& bc, const Result& ips) {
  bridge::AttachSpec s{bc, owner(conf, env), env.ifname, &ns,
                       ip_configs(ips, bc.is_gateway || bc.is_default_gateway), {}, requested_mac(conf, env)};
  for (const auto& r : ips.routes) s.routes.push_back({r.dst, r.gw});
  return s;
}

}  // namespace

Result BridgePlugin::add(const base::json::Value& conf, const Env& env) {
  bridge::BridgeConfig bc = parse_bridge(conf);
  netns::Namespace ns = netns::Namespace::open(env.netns);
  netns::Netlink ctr = bridge::check_new_interface(ns, env.ifname);
  Result ipam = ipam_add(conf, env);
  auto undo = base::on_failure([&] { ipam_del(conf, env); });
  netns::Netlink& host = netns::Netlink::shared();
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  bridge::AttachSpec spec = spec_for(conf, env, ns, bc, ipam);
  spec.ctr = &ctr;
  bridge::Attached a = bridge::attach(host, nft, spec);
  undo.dismiss();

  Result r;
  r.cni_version = base::json::string(conf, "cniVersion", kCtx);
  for (const auto& i : a.interfaces) r.interfaces.push_back({i.name, i.mac, std::nullopt, i.sandbox});
  for (const auto& ip : a.ips) r.ips.push_back({ip.address, ip.gateway, 2});
  for (const auto& rt : a.routes) r.routes.push_back({rt.dst, rt.gw});
  r.dns = ipam.dns;
  return r;
}

void BridgePlugin::del(const base::json::Value& conf, const Env& env) {
  bridge::BridgeConfig bc = parse_bridge(conf);
  base::Errors errs;
  if (base::json::opt_object(conf, "ipam", kCtx)) errs.collect([&] { ipam_del(conf, env); });
  // The namespace may be gone: then so is the veth, and only the tagged
  // masquerade is left to remove.
  std::optional<netns::Namespace> ns;
  if (!env.netns.empty()) ns = netns::Namespace::try_open(env.netns);
  std::vector<netns::Cidr> addrs;
  if (auto prev = prev_result(conf)) addrs = container_addresses(*prev, env);
  errs.collect([&] {
    netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
    bridge::detach(nft, bc, owner(conf, env), env.ifname, ns ? &*ns : nullptr, addrs);
  });
  errs.throw_if_any("bridge DEL");
}

void BridgePlugin::check(const base::json::Value& conf, const Env& env) {
  bridge::BridgeConfig bc = parse_bridge(conf);
  auto prev = prev_result(conf);
  if (!prev) throw Error(kInvalidConfig, "Required prevResult missing");
  ipam_check(conf, env);
  netns::Namespace ns = netns::Namespace::open(env.netns);
  // The addresses of this plugin's container interface.
  Result mine;
  for (const auto& ip : prev->ips) {
    if (ip.interface && *ip.interface >= 0 && static_cast<size_t>(*ip.interface) < prev->interfaces.size() &&
        prev->interfaces[*ip.interface].name == env.ifname) {
      mine.ips.push_back(ip);
    }
  }
  mine.routes = prev->routes;
  netns::Netlink& host = netns::Netlink::shared();
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  bridge::check(host, nft, spec_for(conf, env, ns, bc, mine));
}

void BridgePlugin::gc(const base::json::Value& conf, const Env& env) {
  base::Errors errs;
  if (const base::json::Value* ipam = base::json::opt_object(conf, "ipam", kCtx)) {
    errs.collect([&] { invoke(base::json::string(*ipam, "type", "ipam"), conf, env); });
  }
  // Masquerade of this network's attachments that are no longer valid.
  std::string prefix = base::json::string(conf, "name", kCtx) + "/";
  std::vector<std::string> valid;
  for (const auto& [id, ifname] : valid_attachments(conf)) valid.push_back(prefix + id + "/" + ifname);
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  for (const auto& tag : portmap::masquerade_owners(nft)) {
    if (tag.starts_with(prefix) && std::find(valid.begin(), valid.end(), tag) == valid.end()) {
      errs.collect([&] { portmap::teardown_masquerade(nft, tag); });
    }
  }
  errs.throw_if_any("bridge GC");
}

void BridgePlugin::status(const base::json::Value& conf, const Env& env) {
  // Ready when warren's table can be made and the IPAM plugin can be run.
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  portmap::table_exists(nft);
  if (const base::json::Value* ipam = base::json::opt_object(conf, "ipam", kCtx)) {
    std::string type = base::json::string(*ipam, "type", "ipam");
    if (!find_builtin(type)) invoke(type, conf, env);
  }
}

}  // namespace cni
