// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/networks.cc: connect, disconnect, rm and drift repair.
#include "runtime/networks.h"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/log.h"
#include "dns/control.h"
#include "launch/etc_files.h"
#include "monitor/user_netns.h"
#include "runtime/containers.h"
#include "netconf/forward_policy.h"
#include "netconf/network_attach.h"
#include "netns/link.h"
#include "netns/namespace.h"
#include "netns/ip.h"

namespace runtime {

namespace {

bool connected(const store::ContainerConfig& c, const std::string& net) {
  return std::any_of(c.networks.begin(), c.networks.end(), [&](const auto& a) { return a.name == net; });
}

// The first ethN the container does not use.
std::string free_interface(const store::ContainerState& s) {
  for (int i = 0;; ++i) {
    std::string name = fmt::format("eth{}", i);
    if (std::none_of(s.networks.begin(), s.networks.end(), [&](const auto& n) { return n.interface == name; })) return name;
  }
}

// The running container's /etc/hosts gets (or loses) its address on the
// network, and its /etc/resolv.conf the network's responder.
void follow_etc_files(const store::ContainerStore& store, const store::ContainerConfig& c, const netconf::Network& net,
                      const store::NetworkStatus& st, bool add) {
  std::string userdata = store.run_dir(c.id) + "/userdata";
  std::string names = c.hostname + (c.name != c.hostname ? " " + c.name : "");
  std::vector<std::pair<std::string, std::string>> lines;
  for (const auto& ip : {st.ip, st.ip6}) {
    if (!ip.empty()) lines.emplace_back(userdata + "/hosts", ip + "\t" + names);
  }
  for (const auto& s : net.subnets) {
    if (net.dns && !s.gateway.empty()) lines.emplace_back(userdata + "/resolv.conf", "nameserver " + s.gateway);
  }
  for (const auto& [file, line] : lines) {
    if (add) launch::add_etc_line(file, line, file.ends_with("resolv.conf"));
    else launch::remove_etc_line(file, line);
  }
}

// `fn` where the user's bridge networks are: the host as root; a regular
// user's own network namespace (monitor/user_netns.h), false when none runs.
bool where_networks_are(const config::Settings& settings, const std::function<void()>& fn) {
  if (!settings.rootless()) {
    fn();
    return true;
  }
  return monitor::in_user_netns(settings.paths, fn);
}

}  // namespace

netconf::NetworkStore network_store(const config::Settings& settings) {
  return netconf::NetworkStore(settings.paths.network_config_dir, settings.conf);
}

void repair_drift(const config::Settings& settings) {
  where_networks_are(settings, [&] {
    std::string drift = netconf::repair_firewall(netconf::CniDirs::of(settings.paths));
    if (!drift.empty()) LOG_INFO("repaired warren's nftables table: {}", drift);
  });
}

std::vector<std::string> network_warnings(const config::Settings& settings, const store::ContainerConfig& c) {
  std::vector<std::string> out;
  // A regular user's networks are in the user's own namespace: no host table is theirs.
  if (!c.network.is_bridge() || settings.conf.forward_accept || c.networks.empty() || settings.rootless()) return out;
  auto nets = network_store(settings);
  netns::Netlink& nl = netns::Netlink::shared();
  for (const auto& a : c.networks) {
    auto net = nets.find(a.name);
    if (!net || net->driver != "bridge" || netns::find_link(nl, net->interface)) continue;
    std::string w = netconf::forward_warning(*net);
    if (!w.empty()) out.push_back(std::move(w));
  }
  return out;
}

void update_network_dns(const config::Settings& settings, const store::ContainerStore& store, const netconf::Network& net,
                        const std::vector<std::string>& add, const std::vector<std::string>& drop) {
  auto nets = network_store(settings);
  if (!nets.update_dns(net, add, drop)) return;
  dns::DnsPaths dns{store.root(), store.runroot(), nets.dir()};
  if (dns::dns_responder_pid(dns) > 0) dns::refresh_dns(dns, false);
}

void reload_networks(const config::Settings& settings, const store::ContainerStore& store,
                     const std::vector<store::Container>& running) {
  repair_drift(settings);
  auto nets = network_store(settings);
  bool wants_dns = false;
  for (const auto& c : running) {
    for (const auto& a : c.config.networks) {
      auto net = nets.find(a.name);
      wants_dns |= net && net->dns;
    }
  }
  if (wants_dns) where_networks_are(settings, [&] { dns::refresh_dns({store.root(), store.runroot(), nets.dir()}, true); });
}

void connect_network(const config::Settings& settings, const store::ContainerStore& store, const netconf::Network& net,
                     const std::string& container, store::NetworkAttachment a) {
  std::string id = store.get(container).config.id;
  base::FileLock lock = store.lock(id);
  store::Container c = reread_existing(settings, store, id, id);
  if (!c.config.network.is_bridge()) {
    throw base::error("network mode \"{}\" is not supported for network connect: invalid argument", c.config.network.str());
  }
  if (connected(c.config, net.name)) {
    throw base::error("container {} is already connected to network \"{}\": network is already connected", c.config.id, net.name);
  }
  if (!a.ip.empty() && !netns::IpAddress::parse(a.ip)) throw base::error("\"{}\" is not an ip address", a.ip);
  if (!a.mac.empty() && !netns::MacAddress::parse(a.mac)) throw base::error("address {}: invalid MAC address", a.mac);
  a.name = net.name;
  a.aliases.push_back(c.config.id.substr(0, 12));
  store::ContainerState state = c.state;
  auto nets = network_store(settings);
  c.config.networks.push_back(a);
  if (state.status == "running") {
    // (A regular user's: in a child, in the user's network namespace.)
    bool reached = where_networks_are(settings, [&] {
      netconf::AttachRequest req;
      req.container_id = c.config.id;
      req.container_name = c.config.name;
      req.saved_dir = store.run_dir(c.config.id);
      req.cni = netconf::CniDirs::of(settings.paths);
      req.networks.emplace_back(nets.ensure_written(net), a);
      state.networks.push_back(netconf::attach_one(req, settings.paths.netns_dir() + "/" + c.config.id, free_interface(state)));
      store.save_state(c.config.id, state);
      follow_etc_files(store, c.config, net, state.networks.back(), true);
      store.save_config(c.config);
      // Its names answer on the new network at once.
      if (net.dns) dns::refresh_dns({store.root(), store.runroot(), nets.dir()}, true);
    });
    if (!reached) throw base::error("container {}: the user's network namespace is gone", c.config.id);
    return;
  }
  store.save_config(c.config);
}

void disconnect_network(const config::Settings& settings, const store::ContainerStore& store, const netconf::Network& net,
                        const std::string& container, bool force) {
  std::string id = store.get(container).config.id;
  base::FileLock lock = store.lock(id);
  store::Container c = reread_existing(settings, store, id, id);
  if (!connected(c.config, net.name)) {
    throw base::error("container {} is not connected to network {}", container, net.name);
  }
  store::ContainerState state = c.state;
  auto on = std::find_if(state.networks.begin(), state.networks.end(), [&](const auto& n) { return n.name == net.name; });
  if (state.status == "running" && on != state.networks.end()) {
    try {
      where_networks_are(settings, [&] {
        netconf::detach_one(c.config.id, settings.paths.netns_dir() + "/" + c.config.id, store.run_dir(c.config.id),
                            netconf::CniDirs::of(settings.paths), *on);
      });
    } catch (const base::Error&) {
      if (!force) throw;  // -f: off the records even when the plugins fail
    }
    follow_etc_files(store, c.config, net, *on, false);
    state.networks.erase(on);
    store.save_state(c.config.id, state);
  }
  std::erase_if(c.config.networks, [&](const auto& a) { return a.name == net.name; });
  store.save_config(c.config);
  dns::DnsPaths dns{store.root(), store.runroot(), settings.paths.network_config_dir};
  if (dns::dns_responder_pid(dns) > 0) dns::refresh_dns(dns, false);  // and are gone from the old one
}

std::vector<store::Container> users_of(const store::ContainerStore& store, const std::string& network) {
  std::vector<store::Container> out;
  for (const auto& c : store.list()) {
    if (connected(c.config, network)) out.push_back(c);
  }
  return out;
}

void remove_network(const config::Settings& settings, const netconf::NetworkStore& nets, const netconf::Network& n) {
  nets.remove(n);
  auto cni = netconf::CniDirs::of(settings.paths);
  // A regular user's bridge is in the user's network namespace, if that runs.
  if (!where_networks_are(settings, [&] { netconf::remove_network_leftovers(n, cni); })) {
    netconf::remove_network_leases(n, cni);
  }
}

void release_run_mounts(const config::Settings& settings) {
  if (!settings.paths.rootless) netns::release_named_dir(settings.paths.runroot + "/netns");
}

}  // namespace runtime
