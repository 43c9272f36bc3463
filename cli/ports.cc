// SPDX-License-Identifier: GPL-2.0-or-later
// cli/ports.cc: published ports and networks as inspect, ps and port show
// them, and the port command.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "base/error.h"
#include "base/go_number.h"
#include "cli/commands.h"
#include "runtime/containers.h"

namespace cli {

namespace {

std::string host_ip_text(const store::PublishedPort& p) { return p.host_ip.empty() ? "0.0.0.0" : p.host_ip; }

// One line per published port: (container "80/tcp", host "0.0.0.0:40109").
std::vector<std::pair<std::string, std::string>> each_port(const std::vector<store::PublishedPort>& ports) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : ports) {
    for (uint16_t i = 0; i < p.range; ++i) {
      std::string ip = host_ip_text(p);
      if (ip.find(':') != std::string::npos) ip = "[" + ip + "]";
      out.emplace_back(fmt::format("{}/{}", p.container_port + i, p.protocol), fmt::format("{}:{}", ip, p.host_port + i));
    }
  }
  return out;
}

}  // namespace

Value port_bindings(const std::vector<store::PublishedPort>& ports, const std::vector<std::string>& exposed) {
  // A Go map in JSON: one key per container port with its host ports in
  // one list (null for an exposed port not published), keys sorted.
  std::map<std::string, Value::Array> by_port;
  for (const auto& p : ports) {
    for (uint16_t i = 0; i < p.range; ++i) {
      Value binding;
      binding.set("HostIp", p.host_ip).set("HostPort", std::to_string(p.host_port + i));
      by_port[fmt::format("{}/{}", p.container_port + i, p.protocol)].push_back(binding);
    }
  }
  std::map<std::string, Value> all;
  for (const auto& e : exposed) all.emplace(e, nullptr);
  for (auto& [key, bindings] : by_port) all.insert_or_assign(key, Value(std::move(bindings)));
  Value out = Value::map();
  for (auto& [key, v] : all) out.set(key, std::move(v));
  return out;
}

std::string ports_text(const std::vector<store::PublishedPort>& ports) {
  std::string out;
  for (const auto& p : ports) {
    std::string host = p.range > 1 ? fmt::format("{}-{}", p.host_port, p.host_port + p.range - 1) : std::to_string(p.host_port);
    std::string ctr = p.range > 1 ? fmt::format("{}-{}", p.container_port, p.container_port + p.range - 1)
                                  : std::to_string(p.container_port);
    out += fmt::format("{}{}:{}->{}/{}", out.empty() ? "" : ", ", host_ip_text(p), host, ctr, p.protocol);
  }
  return out;
}

Value network_settings(const store::ContainerStore& store, const store::Container& c, const store::ContainerState& s) {
  bool running = s.status == "running" || s.status == "initialized";  // init attaches the networks
  // Exposed ports are listed for a network that can publish them.
  bool publishes = c.config.network.is_bridge() || c.config.network.is_slirp();
  Value::Object networks;
  for (const auto& a : c.config.networks) {
    store::NetworkStatus st;
    if (running) {
      for (const auto& n : s.networks) {
        if (n.name == a.name) st = n;
      }
    }
    Value n;
    n.set("EndpointID", "").set("Gateway", st.gateway).set("IPAddress", st.ip).set("IPPrefixLen", st.prefix)
        .set("IPv6Gateway", st.gateway6).set("GlobalIPv6Address", st.ip6).set("GlobalIPv6PrefixLen", st.prefix6)
        .set("MacAddress", st.mac).set("NetworkID", a.name).set("DriverOpts", nullptr).set("IPAMConfig", nullptr)
        .set("Links", nullptr).set("Aliases", Value::strings(a.aliases));
    networks.emplace_back(a.name, n);
  }
  // The top-level address fields: only on exactly the default network, as Podman.
  store::NetworkStatus top;
  if (running && c.config.networks.size() == 1 && s.networks.size() == 1 && c.config.networks.front().name == "podman") {
    top = s.networks.front();
  }
  Value net;
  net.set("EndpointID", "").set("Gateway", top.gateway).set("IPAddress", top.ip).set("IPPrefixLen", top.prefix)
      .set("IPv6Gateway", top.gateway6).set("GlobalIPv6Address", top.ip6).set("GlobalIPv6PrefixLen", top.prefix6)
      .set("MacAddress", top.mac).set("Bridge", "").set("SandboxID", "").set("HairpinMode", false)
      .set("LinkLocalIPv6Address", "").set("LinkLocalIPv6PrefixLen", 0).set("Ports", port_bindings(c.config.ports, publishes ? c.config.exposed : std::vector<std::string>{}))
      .set("SandboxKey", running && c.config.network.is_bridge() ? store.runroot() + "/netns/" + c.config.id : "")
      .set("Networks", Value::map(std::move(networks)));
  return net;
}

int port_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("port"), "List port mappings or a specific mapping for the container",
               "[options] CONTAINER [PORT]");
  opts.add()("a,all", "Display port information for all containers")
      ("l,latest", "Act on the latest container warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  auto rest = r->unmatched();
  bool all = r->count("all") > 0, latest = r->count("latest") > 0;
  // Podman's checks, in its order.
  if (all && !rest.empty()) throw base::error("no arguments are needed with --all");
  if (rest.empty() && !all && !latest) throw base::error("you must supply a running container name or id");
  if (rest.size() > 2) throw base::error("`port` accepts at most 2 arguments");
  std::string given = latest ? (rest.size() == 1 ? rest[0] : "") : (rest.size() > 1 ? rest[1] : "");
  std::string wanted;
  if (!given.empty()) {
    auto slash = given.find('/');
    if (slash != std::string::npos && given.find('/', slash + 1) != std::string::npos) {
      throw base::error("port should be in the format of port/protocol");
    }
    std::string number = given.substr(0, slash), why;
    auto n = base::go_parse_uint(number, 10, why, 16);
    if (!n) throw base::error("strconv.ParseUint: parsing \"{}\": {}", number, why);
    wanted = fmt::format("{}/{}", *n, slash == std::string::npos ? "tcp" : given.substr(slash + 1));
  }
  std::vector<store::Container> which;
  if (all) {
    // Running ones alone have ports (the others' configs are not read).
    auto list = store.list({[](const store::ContainerState& s) { return s.status == "running"; }, {}, false, true});
    // Newest first, as Podman lists them here.
    for (auto it = list.rbegin(); it != list.rend(); ++it) which.push_back(*it);
  } else if (latest) {
    auto c = store.latest();
    if (!c) throw base::error("no such container");
    which.push_back(*c);
  } else {
    which.push_back(store.get(rest.front()));
  }
  // Only a running container's ports are its ports.
  std::erase_if(which, [&](const store::Container& c) { return runtime::state_of(ctx.settings(), store, c).status != "running"; });
  for (const auto& c : which) {
    bool found = false;
    for (const auto& [ctr, host] : each_port(c.config.ports)) {
      if (!wanted.empty()) {
        if (ctr != wanted) continue;
        fmt::print("{}\n", host);
      } else if (all) {
        fmt::print("{}\t{} -> {}\n", c.config.id.substr(0, 12), ctr, host);
      } else {
        fmt::print("{} -> {}\n", ctr, host);
      }
      found = true;
    }
    if (!wanted.empty() && !found) throw base::error("failed to find published port \"{}\"", given);
  }
  return 0;
}

}  // namespace cli
