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
#include "netconf/network_store.h"
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

// NAME:ip=A,ip6=B,mac=C,alias=D,interface_name=E: one network's options,
// each checked as Podman checks them.
void parse_network_options(store::NetworkAttachment& a, const std::string& name, const std::string& text) {
  try {
    for (const auto& opt : base::split(text, ',')) {
      auto eq = opt.find('=');
      std::string key = opt.substr(0, eq), value = eq == std::string::npos ? "" : opt.substr(eq + 1);
      if (key != "ip" && key != "ip6" && key != "mac" && key != "alias" && key != "interface_name") {
        throw base::error("unknown bridge network option: {}", key);
      }
      if (eq == std::string::npos || value.empty()) {
        if (key == "alias" || key == "interface_name") throw base::error("{} cannot be empty", key);
        if (key == "mac") throw base::error("address : invalid MAC address");
        throw base::error("invalid ip address \"{}\"", value);
      }
      if (key == "ip" || key == "ip6") {
        auto addr = netns::IpAddress::parse(value);
        if (!addr) throw base::error("invalid ip address \"{}\"", value);
        std::string& slot = addr->is_v4() ? a.ip : a.ip6;
        if (!slot.empty()) throw base::error("more than one {} address: {} and {}", addr->is_v4() ? "IPv4" : "IPv6", slot, value);
        slot = value;
      } else if (key == "mac") {
        if (!netns::MacAddress::parse(value)) throw base::error("address {}: invalid MAC address", value);
        a.mac = value;
      } else if (key == "alias") {
        a.aliases.push_back(value);
      } else {
        netconf::check_interface_name(value, "interface name");
        a.interface = value;
      }
    }
  } catch (base::Error& e) {
    e.wrap("invalid option for network {}", name);
    throw;
  }
}

// The bridge forms of --network, every value: the first may be bridge[:OPTS],
// NAME[:OPTS] or N1,N2,...; the others NAME[:OPTS]. A network given again
// takes the later options, as Podman's map of them does.
std::vector<store::NetworkAttachment> parse_network_list(std::vector<std::string> values) {
  if (values.empty()) values.push_back("bridge");
  std::vector<store::NetworkAttachment> out;
  auto add = [&](const std::string& name, const std::string& options) {
    std::erase_if(out, [&](const auto& a) { return a.name == name; });
    store::NetworkAttachment a;
    a.name = name;
    if (!options.empty()) parse_network_options(a, name.empty() ? "bridge" : name, options);
    out.push_back(a);
  };
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string& v = values[i];
    auto colon = v.find(':');
    std::string name = v.substr(0, colon), options = colon == std::string::npos ? "" : v.substr(colon + 1);
    if (i == 0 && name == "bridge") {
      add("", options);  // the default network
    } else if (i == 0 && colon == std::string::npos) {
      for (const auto& n : base::split(v, ',')) add(n, "");
    } else if (name.empty()) {
      throw base::error("network name cannot be empty{}", i == 0 ? "" : ": invalid argument");
    } else if (i > 0 && (name == "bridge" || name == "slirp4netns" || name == "pod" || name == "none" || name == "private" ||
                         name == "path" || name == "container" || name == "host")) {
      throw base::error("can only set extra network names, selected mode {} conflicts with bridge: invalid argument", name);
    } else {
      add(name, options);
    }
  }
  return out;
}

bool is_network_mode(const std::string& mode) {
  return mode == "none" || mode == "host" || mode == "slirp4netns" || mode.starts_with("slirp4netns:") ||
         mode.starts_with("container:") || mode.starts_with("ns:");
}

// --network --ip, --ip6 beside the network's own ip= option: Podman asks
// for both addresses and fails at the allocation; refused here instead.
void take_flag(std::string& option, const std::string& flag, const char* name, const std::string& network) {
  if (flag.empty()) return;
  if (!option.empty() && option != flag) {
    throw base::error("--{} {} and the option {}={} both given for network {}: invalid argument", name, flag, name, option,
                      network);
  }
  option = flag;
}

// Two attachments cannot take one interface name.
void check_interfaces(const std::vector<store::NetworkAttachment>& networks) {
  for (size_t i = 0; i < networks.size(); ++i) {
    for (size_t j = i + 1; j < networks.size(); ++j) {
      if (!networks[i].interface.empty() && networks[i].interface == networks[j].interface) {
        throw base::error("interface name {} is given to networks {} and {}: invalid argument", networks[i].interface,
                          networks[i].name, networks[j].name);
      }
    }
  }
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
  std::vector<std::string> values = all_values(r, "network");
  if (values.empty()) values = all_values(r, "net");
  auto paths = ctx.paths();
  std::string mode = values.empty() ? "" : values[0];
  // A regular user's default: the user-mode stack, as Podman's slirp4netns.
  if (mode.empty() || ((mode == "private" || mode == "default") && paths.rootless)) mode = paths.rootless ? "slirp4netns" : "bridge";
  if (mode == "private" || mode == "default") mode = "bridge";
  if (!values.empty()) values[0] = mode;  // the list below reads the mode as resolved
  std::vector<store::NetworkAttachment> named;
  using Kind = store::NetworkMode::Kind;
  std::optional<store::NetworkMode> given;
  if (is_network_mode(mode)) given = store::NetworkMode::parse(mode);
  if (given && values.size() > 1) {
    std::string kind = mode.substr(0, mode.find(':'));
    throw base::error("cannot set multiple networks without bridge network mode, selected mode {}: invalid argument",
                      kind == "ns" ? "path" : kind);
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
    named = parse_network_list(values);
  }
  std::string ip = one(r, "ip"), ip6 = one(r, "ip6"), mac = one(r, "mac-address");
  if (!ip.empty() && (!netns::IpAddress::parse(ip) || !netns::IpAddress::parse(ip)->is_v4())) {
    throw base::error("\"{}\" is not an ip address", ip);
  }
  if (!ip6.empty() && (!netns::IpAddress::parse(ip6) || netns::IpAddress::parse(ip6)->is_v4())) {
    throw base::error("\"{}\" is not an ip address", ip6);
  }
  if (!mac.empty() && !netns::MacAddress::parse(mac)) throw base::error("address {}: invalid MAC address", mac);
  if (named.size() > 1 && !ip.empty()) throw base::error("--ip can only be set for a single network: invalid argument");
  if (named.size() > 1 && !mac.empty()) throw base::error("--mac-address can only be set for a single network: invalid argument");
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
  auto aliases = split_values(all_values(r, "network-alias"));
  for (auto& a : named) {
    a.name = nets.get(a.name.empty() ? nets.default_name() : a.name).name;
    // --network-alias replaces the network's alias= options, as Podman's.
    if (!aliases.empty()) a.aliases = aliases;
    a.aliases.push_back(c.id.substr(0, 12));
    if (c.networks.empty()) {
      take_flag(a.ip, ip, "ip", a.name);
      take_flag(a.ip6, ip6, "ip6", a.name);
      if (!mac.empty()) a.mac = mac;  // --mac-address wins over mac=, as Podman's
    }
    c.networks.push_back(a);
  }
  check_interfaces(c.networks);
  netconf::pick_host_ports(ports);
  c.ports = ports;
}

}  // namespace cli
