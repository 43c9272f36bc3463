// SPDX-License-Identifier: GPL-2.0-or-later
// cli/network_connect.cc: network connect, disconnect and reload.
#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "base/log.h"
#include "cli/commands.h"
#include "dns/control.h"
#include "launch/etc_files.h"
#include "cni/firewall_state.h"
#include "config/paths.h"
#include "netns/ip.h"
#include "netconf/network_attach.h"

namespace cli {

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

struct Pair {
  netconf::NetworkStore nets;
  store::ContainerStore store;
  netconf::Network net;
  store::Container c;
};

// NETWORK CONTAINER, both looked up, after a drift repair.
Pair network_and_container(Context& ctx, const cxxopts::ParseResult& r) {
  if (r.unmatched().size() != 2) throw base::error("accepts 2 arg(s), received {}", r.unmatched().size());
  auto nets = networks(ctx);
  auto store = containers(ctx);
  repair_drift();
  auto net = nets.get(r.unmatched()[0]);
  auto c = store.get(r.unmatched()[1]);
  return {std::move(nets), std::move(store), std::move(net), std::move(c)};
}

}  // namespace

namespace {

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

}  // namespace

int network_connect_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network connect"), "Add container to a network", "[options] NETWORK CONTAINER");
  opts.add()("alias", "network scoped alias for container", cxxopts::value<std::string>(), "strings")
      ("ip", "set a static ipv4 address for this container network", cxxopts::value<std::string>(), "ip")
      ("ip6", "set a static ipv6 address for this container network", cxxopts::value<std::string>(), "ip")
      ("mac-address", "set a static mac address for this container network", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto [nets, store, net, c] = network_and_container(ctx, *r);
  if (c.config.network != "bridge") {
    throw base::error("network mode \"{}\" is not supported for network connect: invalid argument", c.config.network);
  }
  if (connected(c.config, net.name)) return 0;  // as Podman: already there is fine
  store::NetworkAttachment a;
  a.name = net.name;
  a.aliases = split_values(all_values(*r, "alias"));
  a.aliases.push_back(c.config.id.substr(0, 12));
  if (r->count("ip")) a.ip = (*r)["ip"].as<std::string>();
  if (r->count("ip6")) a.ip6 = (*r)["ip6"].as<std::string>();
  if (r->count("mac-address")) a.mac = (*r)["mac-address"].as<std::string>();
  if (!a.ip.empty() && !netns::IpAddress::parse(a.ip)) throw base::error("\"{}\" is not an ip address", a.ip);
  if (!a.mac.empty() && !netns::MacAddress::parse(a.mac)) throw base::error("address {}: invalid MAC address", a.mac);
  auto state = store.live_state(c);
  if (state.status == "running") {
    netconf::AttachRequest req;
    req.container_id = c.config.id;
    req.container_name = c.config.name;
    req.saved_dir = store.run_dir(c.config.id);
    req.plugin_dirs = config::default_cni_plugin_dirs();
    req.networks.emplace_back(nets.ensure_written(net), a);
    std::string ns = store.runroot() + "/netns/" + c.config.id;
    state.networks.push_back(netconf::attach_one(req, ns, free_interface(state)));
    store.save_state(c.config.id, state);
    follow_etc_files(store, c.config, net, state.networks.back(), true);
  }
  c.config.networks.push_back(a);
  store.save_config(c.config);
  // Its names answer on the new network at once.
  if (state.status == "running" && net.dns) dns::refresh_dns({store.root(), store.runroot(), nets.dir()}, true);
  return 0;
}

int network_disconnect_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network disconnect"), "Disconnect a container from a network", "[options] NETWORK CONTAINER");
  opts.add()("f,force", "force removal of container from network");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto [nets, store, net, c] = network_and_container(ctx, *r);
  if (!connected(c.config, net.name)) {
    throw base::error("container {} is not connected to network {}", r->unmatched()[1], r->unmatched()[0]);
  }
  auto state = store.live_state(c);
  auto on = std::find_if(state.networks.begin(), state.networks.end(), [&](const auto& n) { return n.name == net.name; });
  if (state.status == "running" && on != state.networks.end()) {
    try {
      netconf::detach_one(c.config.id, store.runroot() + "/netns/" + c.config.id, store.run_dir(c.config.id),
                          config::default_cni_plugin_dirs(), *on);
    } catch (const base::Error&) {
      if (!r->count("force")) throw;  // -f: off the records even when the plugins fail
    }
    follow_etc_files(store, c.config, net, *on, false);
    state.networks.erase(on);
    store.save_state(c.config.id, state);
  }
  std::erase_if(c.config.networks, [&](const auto& a) { return a.name == net.name; });
  store.save_config(c.config);
  dns::DnsPaths dns{store.root(), store.runroot(), nets.dir()};
  if (dns::dns_responder_pid(dns) > 0) dns::refresh_dns(dns, false);  // and are gone from the old one
  return 0;
}

int network_reload_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network reload"), "Reload firewall rules for one or more containers", "[options] [CONTAINER...]");
  opts.add()("a,all", "Reload network configuration of all containers")
      ("l,latest", "Act on the latest container warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  std::vector<store::Container> which;
  if (r->count("all")) {
    for (const auto& c : store.list()) {
      if (store.live_state(c).status == "running" && c.config.network == "bridge") which.push_back(c);
    }
  } else {
    for (const auto& name : named_or_latest(*r, store, "network reload requires at least one container or --all")) {
      auto c = store.get(name);
      if (store.live_state(c).status != "running" || c.config.network != "bridge") {
        throw base::error("cannot reload network unless container network has been configured: container state improper");
      }
      which.push_back(c);
    }
  }
  // warren's table holds every container's entries: one repair serves all.
  repair_drift();
  for (const auto& c : which) fmt::print("{}\n", c.config.id);
  return 0;
}

}  // namespace cli
