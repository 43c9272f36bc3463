// SPDX-License-Identifier: GPL-2.0-or-later
// cli/run_network.cc: run and create's network options: --network,
// -p/--publish, -P/--publish-all, --expose, --ip, --ip6, --mac-address,
// --network-alias, as Podman reads them.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "base/text.h"
#include "cli/commands.h"
#include "netns/ip.h"
#include "rootless/slirp_stack.h"
#include "netconf/publish.h"

namespace cli {

namespace {

std::string one(const cxxopts::ParseResult& r, const char* name) {
  return r.count(name) ? r[name].as<std::string>() : "";
}

// --network container:NAME|ID and ns:PATH: the namespace to join.
store::NetworkMode shared_netns(Context& ctx, const store::NetworkMode& mode) {
  if (mode.is_ns()) {
    struct stat st;
    if (::stat(mode.arg.c_str(), &st) < 0) {
      throw base::error("cannot find specified network namespace path: stat {}: no such file or directory", mode.arg);
    }
    return mode;
  }
  auto store = containers(ctx);
  auto other = store.find(mode.arg);
  if (!other) {
    throw base::error("looking up container to share net namespace with: no container with name or ID \"{}\" found: no such "
                      "container", mode.arg);
  }
  return {store::NetworkMode::Kind::container, other->config.id};
}

}  // namespace

void add_network_options(Options& opts, bool publish_all) {
  opts.add()("network", "Connect a container to a network", cxxopts::value<std::string>(), "network")
      ("net", "Connect a container to a network (an alias of --network)", cxxopts::value<std::string>(), "network")
      ("p,publish", "Publish a container's port, or a range of ports, to the host", cxxopts::value<std::string>(), "strings");
  if (publish_all) {
    opts.add()("P,publish-all", "Publish all exposed ports to random ports on the host interface")
        ("expose", "Expose a port or a range of ports", cxxopts::value<std::string>(), "strings");
  }
  opts.add()("ip", "Specify a static IPv4 address", cxxopts::value<std::string>(), "string")
      ("ip6", "Specify a static IPv6 address", cxxopts::value<std::string>(), "string")
      ("mac-address", "Container MAC address (e.g. 92:d0:c6:0a:29:33)", cxxopts::value<std::string>(), "string")
      ("network-alias", "Add network-scoped alias for the container", cxxopts::value<std::string>(), "strings");
}

void apply_network_options(Context& ctx, const cxxopts::ParseResult& r, const image::ImageConfig& img,
                           store::ContainerConfig& c) {
  std::string mode = one(r, "network");
  if (mode.empty()) mode = one(r, "net");
  auto paths = ctx.paths();
  // A regular user's default: the user-mode stack, as Podman's slirp4netns.
  if (mode.empty() || ((mode == "private" || mode == "default") && paths.rootless)) mode = paths.rootless ? "slirp4netns" : "bridge";
  if (mode == "private" || mode == "default") mode = "bridge";
  std::vector<std::string> names;
  using Kind = store::NetworkMode::Kind;
  std::optional<store::NetworkMode> given;
  if (mode == "none" || mode == "host" || mode == "slirp4netns" || mode.starts_with("slirp4netns:") ||
      mode.starts_with("container:") || mode.starts_with("ns:")) {
    given = store::NetworkMode::parse(mode);
  }
  if (given && given->is_slirp()) {
    (void)rootless::parse_slirp_options(given->arg);  // refused here, before anything is made
    c.network = *given;
  } else if (given && (given->is_container() || given->is_ns())) {
    c.network = shared_netns(ctx, *given);
  } else if (given) {
    c.network = *given;
  } else {
    c.network = store::NetworkMode(Kind::bridge);
    if (paths.rootless) {
      throw base::error("bridge networks as a regular user are not there yet: use the default (slirp4netns), none or host");
    }
    names = mode == "bridge" ? std::vector<std::string>{} : base::split(mode, ',');
  }
  std::string ip = one(r, "ip"), ip6 = one(r, "ip6"), mac = one(r, "mac-address");
  if (!ip.empty() && (!netns::IpAddress::parse(ip) || !netns::IpAddress::parse(ip)->is_v4())) {
    throw base::error("\"{}\" is not an ip address", ip);
  }
  if (!ip6.empty() && (!netns::IpAddress::parse(ip6) || netns::IpAddress::parse(ip6)->is_v4())) {
    throw base::error("\"{}\" is not an ip address", ip6);
  }
  if (!mac.empty() && !netns::MacAddress::parse(mac)) throw base::error("address {}: invalid MAC address", mac);
  if (names.size() > 1 && !ip.empty()) throw base::error("--ip can only be set for a single network: invalid argument");
  if (names.size() > 1 && !mac.empty()) throw base::error("--mac-address can only be set for a single network: invalid argument");
  std::vector<store::PublishedPort> ports;
  for (const auto& p : split_values(all_values(r, "publish"))) {
    auto parsed = netconf::parse_publish(p);
    ports.insert(ports.end(), parsed.begin(), parsed.end());
  }
  // Every exposed port, the image's EXPOSE and --expose, in the order of
  // their "PORT/PROTO" keys (Podman's come from a Go map of them).
  std::vector<std::string> exposed = img.exposed_ports;
  for (const auto& e : split_values(all_values(r, "expose"))) exposed.push_back(e);
  auto all = netconf::publish_all(exposed);
  auto key = [](const store::PublishedPort& p) { return fmt::format("{}/{}", p.container_port, p.protocol); };
  std::stable_sort(all.begin(), all.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  for (const auto& p : all) {
    for (uint16_t i = 0; i < p.range; ++i) {
      std::string k = fmt::format("{}/{}", p.container_port + i, p.protocol);
      if (std::find(c.exposed.begin(), c.exposed.end(), k) == c.exposed.end()) c.exposed.push_back(k);
    }
  }
  if (r.count("publish-all")) {
    for (const auto& p : all) {
      bool published = std::any_of(ports.begin(), ports.end(), [&](const store::PublishedPort& q) {
        return q.container_port == p.container_port && q.protocol == p.protocol;
      });
      if (!published) ports.push_back(p);
    }
  }
  netconf::normalize_ports(ports);
  if (c.network.is_slirp()) {
    // Published by the monitor's forwarder.
    netconf::pick_host_ports(ports);
    c.ports = ports;
    return;
  }
  if (!c.network.is_bridge()) {
    if (!ports.empty()) {
      fmt::print(stderr, "Port mappings have been discarded as one of the Host, Container, Pod, and None network modes are in use\n");
    }
    return;
  }
  auto nets = networks(ctx);
  if (names.empty()) names.push_back(nets.default_name());
  for (const auto& name : names) {
    store::NetworkAttachment a;
    a.name = nets.get(name).name;
    a.aliases = split_values(all_values(r, "network-alias"));
    a.aliases.push_back(c.id.substr(0, 12));
    if (c.networks.empty()) {
      a.ip = ip;
      a.ip6 = ip6;
      a.mac = mac;
    }
    c.networks.push_back(a);
  }
  netconf::pick_host_ports(ports);
  c.ports = ports;
}

}  // namespace cli
