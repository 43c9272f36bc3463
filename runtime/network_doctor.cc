// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/network_doctor.cc: the walk, check by check, in the order a
// packet meets them: host sysctls, bridge, the container's ports and
// interfaces, warren's table, other tables' hooks, route_localnet,
// overlapping routes, DNS on the gateway.
#include "runtime/network_doctor.h"

#include <linux/netfilter.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "dns/control.h"
#include "monitor/user_netns.h"
#include "monitor/volumes.h"
#include "netconf/forward_policy.h"
#include "netconf/network_attach.h"
#include "netns/addr.h"
#include "netns/link.h"
#include "netns/namespace.h"
#include "netns/nft_hooks.h"
#include "netns/route.h"
#include "netns/sockets.h"
#include "netns/sysctl.h"
#include "runtime/containers.h"
#include "runtime/networks.h"

namespace runtime {

namespace {

using Level = Finding::Level;

// A running container on the network, with what its attachment got.
struct Member {
  store::Container c;
  store::NetworkStatus status;
};

class Doctor {
 public:
  // A regular user's: run inside the user's network namespace (its
  // netlink sockets opened there), where the user's bridges are.
  explicit Doctor(const config::Settings& settings)
      : settings_(settings), store_(monitor::container_store(settings)), nets_(network_store(settings)),
        rt_(netns::Netlink::shared()), nft_(netns::Netlink::shared(NETLINK_NETFILTER)), chains_(netns::nft::list_base_chains(nft_)),
        inside_(settings.rootless()) {}

  const store::ContainerStore& store() const { return store_; }
  const netconf::NetworkStore& nets() const { return nets_; }

  // `only`: that container's checks alone (the others' are left out).
  void network(const netconf::Network& net, const std::string& only);
  void table();
  std::vector<Finding> take() { return std::move(out_); }

 private:
  void add(Level level, const std::string& check, const std::string& container, std::string message, std::string fix = {}) {
    out_.push_back({level, net_, container, check, std::move(message), std::move(fix)});
  }
  std::vector<Member> members(const netconf::Network& net);
  void forwarding(const netconf::Network& net, bool running);
  int bridge(const netconf::Network& net, bool running);
  void member(const netconf::Network& net, const Member& m, int bridge_index);
  void hooks(const netconf::Network& net, bool running);
  void localnet(const netconf::Network& net, const std::vector<Member>& running);
  void overlap(const netconf::Network& net, int bridge_index);
  void dns(const netconf::Network& net, bool running);

  const config::Settings& settings_;
  store::ContainerStore store_;
  netconf::NetworkStore nets_;
  netns::Netlink& rt_;
  netns::Netlink& nft_;
  std::vector<netns::nft::BaseChain> chains_;
  bool inside_ = false;
  std::string net_;
  std::vector<Finding> out_;
};

bool iptables_style(const netns::nft::BaseChain& c) {
  return (c.table.family == NFPROTO_IPV4 || c.table.family == NFPROTO_IPV6) &&
         std::all_of(c.name.begin(), c.name.end(), [](char ch) { return std::isupper(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-'; });
}

// The commands that would let the network's packets through `chain`: for
// iptables' tables the iptables words, else nft's.
std::string accept_fix(const netns::nft::BaseChain& c, const netns::nft::PacketMatch& owner, bool input_dns) {
  std::vector<std::string> cmds;
  bool ipt = iptables_style(c);
  for (const auto& s : owner.subnets) {
    bool v4 = s.family() == AF_INET;
    if ((c.table.family == NFPROTO_IPV4 && !v4) || (c.table.family == NFPROTO_IPV6 && v4)) continue;
    std::string tool = v4 ? "iptables" : "ip6tables", fam = v4 ? "ip" : "ip6";
    std::string net = s.network().str();
    if (input_dns) {
      cmds.push_back(ipt ? fmt::format("{} -I {} -i {} -p udp --dport 53 -j ACCEPT", tool, c.name, owner.ifname)
                         : fmt::format("nft insert rule {} {} {} iifname {} udp dport 53 accept",
                                       netns::nft::family_name(c.table.family), c.table.name, c.name, owner.ifname));
      break;
    }
    for (const char* dir : {"s", "d"}) {
      cmds.push_back(ipt ? fmt::format("{} -I {} -{} {} -j ACCEPT", tool, c.name, dir, net)
                         : fmt::format("nft insert rule {} {} {} {} {}addr {} accept", netns::nft::family_name(c.table.family),
                                       c.table.name, c.name, fam, *dir == 's' ? "s" : "d", net));
    }
  }
  std::string out;
  for (const auto& cmd : cmds) out += (out.empty() ? "" : " && ") + cmd;
  return out;
}

std::vector<Member> Doctor::members(const netconf::Network& net) {
  std::vector<Member> out;
  for (auto& c : users_of(store_, net.name)) {
    store::ContainerState st = state_of(settings_, store_, c);
    if (st.status != "running") continue;
    for (const auto& n : st.networks) {
      if (n.name == net.name) out.push_back({c, n});
    }
  }
  return out;
}

void Doctor::forwarding(const netconf::Network& net, bool running) {
  if (net.internal) return;
  for (std::string key : {"net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding"}) {
    if (key.find("ipv6") != std::string::npos && !net.ipv6) continue;
    std::string value = netns::read_sysctl(key).value_or("?");
    while (!value.empty() && value.back() == '\n') value.pop_back();
    if (value == "1") {
      add(Level::ok, "forwarding", "", fmt::format("{} is 1", key));
    } else if (!running) {
      add(Level::ok, "forwarding", "", fmt::format("{} is {}: the first container on the network turns it on", key, value));
    } else {
      add(Level::fail, "forwarding", "",
          fmt::format("{} is {}: the host routes nothing for the containers (no way out, published ports answer only "
                      "from the host itself)", key, value),
          fmt::format("sysctl -w {}=1", key));
    }
  }
}

int Doctor::bridge(const netconf::Network& net, bool running) {
  auto link = netns::find_link(rt_, net.interface);
  if (!link) {
    if (running) {
      add(Level::fail, "bridge", "", fmt::format("bridge {} is missing, with containers on the network", net.interface),
          "warren restart the network's containers (the first start makes the bridge again)");
    } else {
      add(Level::ok, "bridge", "", fmt::format("bridge {} is made by the first container on the network", net.interface));
    }
    return 0;
  }
  if (!link->up()) {
    add(Level::fail, "bridge", "", fmt::format("bridge {} is down", net.interface), fmt::format("ip link set {} up", net.interface));
  }
  auto addrs = netns::list_addresses(rt_, link->index);
  for (const auto& s : net.subnets) {
    auto cidr = netns::Cidr::parse(s.subnet);
    auto gw = netns::IpAddress::parse(s.gateway);
    if (!cidr || !gw) continue;
    bool has = std::any_of(addrs.begin(), addrs.end(), [&](const netns::Address& a) { return a.cidr.addr() == *gw; });
    if (!has && running) {
      add(Level::fail, "bridge", "", fmt::format("bridge {} lacks the gateway {}/{}", net.interface, s.gateway, cidr->prefix()),
          fmt::format("ip addr add {}/{} dev {}", s.gateway, cidr->prefix(), net.interface));
    }
  }
  if (link->up()) add(Level::ok, "bridge", "", fmt::format("bridge {} is up", net.interface));
  return link->index;
}

void Doctor::member(const netconf::Network& net, const Member& m, int bridge_index) {
  const std::string& name = m.c.config.name;
  std::string restart = fmt::format("warren restart {}", name);
  std::string host = netconf::host_end(netconf::CniDirs::of(settings_.paths), net, m.c.config.id, m.status.interface);
  auto port = host.empty() ? std::nullopt : netns::find_link(rt_, host);
  if (!port) {
    add(Level::fail, "port", name, fmt::format("the host end of its {} ({}) is missing", m.status.interface, host.empty() ? "?" : host),
        restart);
  } else if (bridge_index && port->master != bridge_index) {
    add(Level::fail, "port", name, fmt::format("{} is not a port of bridge {}", host, net.interface),
        fmt::format("ip link set {} master {}", host, net.interface));
  } else if (!port->up()) {
    add(Level::fail, "port", name, fmt::format("{} on bridge {} is down", host, net.interface), fmt::format("ip link set {} up", host));
  } else {
    add(Level::ok, "port", name, fmt::format("{} is up on bridge {}", host, net.interface));
  }
  auto ns = netns::Namespace::try_open(settings_.paths.netns_dir() + "/" + m.c.config.id);
  if (!ns) {
    add(Level::fail, "interface", name, "its network namespace is gone", restart);
    return;
  }
  netns::Netlink inner = netns::Netlink::open_in(*ns);
  auto link = netns::find_link(inner, m.status.interface);
  if (!link || !link->up()) {
    add(Level::fail, "interface", name, fmt::format("{} is {} in the container", m.status.interface, link ? "down" : "missing"),
        link ? fmt::format("nsenter --net={}/{} ip link set {} up", settings_.paths.netns_dir(), m.c.config.id, m.status.interface)
             : restart);
    return;
  }
  auto addrs = netns::list_addresses(inner, link->index);
  for (const auto& [ip, prefix] : {std::pair{m.status.ip, m.status.prefix}, std::pair{m.status.ip6, m.status.prefix6}}) {
    auto want = netns::IpAddress::parse(ip);
    if (!want) continue;
    if (std::none_of(addrs.begin(), addrs.end(), [&](const netns::Address& a) { return a.cidr.addr() == *want; })) {
      add(Level::fail, "interface", name, fmt::format("{} lacks its address {}/{}", m.status.interface, ip, prefix), restart);
      return;
    }
  }
  auto routes = netns::list_routes(inner);
  bool way_out = std::any_of(routes.begin(), routes.end(), [](const netns::Route& r) { return r.is_default(); });
  if (!net.internal && !way_out) {
    add(Level::fail, "interface", name, "no default route in the container: it reaches only its networks' subnets", restart);
    return;
  }
  add(Level::ok, "interface", name, fmt::format("{} is up with {}{}", m.status.interface, m.status.ip.empty() ? m.status.ip6 : m.status.ip,
                                                way_out ? ", and a default route" : ""));
}

void Doctor::hooks(const netconf::Network& net, bool running) {
  netns::nft::PacketMatch owner = netconf::packet_match(net);
  auto skip = netconf::firewall_table();
  // br_netfilter sends bridged frames through the IP hooks too: then a
  // forward drop also parts containers of one bridge.
  bool bridged = netns::read_sysctl("net.bridge.bridge-nf-call-iptables").value_or("0").starts_with("1");
  size_t before = out_.size();
  auto report = [&](const std::vector<netns::nft::Blocking>& blocks, const std::string& what, bool dns_fix) {
    for (const auto& b : blocks) {
      add(Level::fail, "hook", "",
          fmt::format("table {} {} chain {} drops {} at the {} hook ({}); warren's accept cannot overrule another table's drop",
                      netns::nft::family_name(b.chain.table.family), b.chain.table.name, b.chain.name, what,
                      netns::nft::hook_name(b.chain.hook), b.how),
          accept_fix(b.chain, owner, dns_fix) +
              (dns_fix ? "" : ", or set forward_accept = true under [network] in containers.conf"));
    }
  };
  if (!net.internal) {
    report(netns::nft::blocking_chains(nft_, chains_, NF_INET_FORWARD, owner, skip, false),
           bridged ? "the network's forwarded packets (its way out, its published ports, and with br_netfilter its containers' "
                     "traffic to each other)"
                   : "the network's forwarded packets (its way out and its published ports from other hosts)",
           false);
  }
  report(netns::nft::blocking_chains(nft_, chains_, NF_INET_FORWARD, owner, skip, true), "frames between the network's containers", false);
  if (net.dns && running) {
    report(netns::nft::blocking_chains(nft_, chains_, NF_INET_LOCAL_IN, owner, skip, false), "the containers' DNS queries to the gateway", true);
  }
  if (out_.size() == before) add(Level::ok, "hook", "", "no other table's hook drops the network's packets");
}

void Doctor::localnet(const netconf::Network& net, const std::vector<Member>& running) {
  if (inside_) return;  // a regular user's ports are forwarded, not DNATed
  bool local = false;
  for (const auto& m : running) {
    for (const auto& p : m.c.config.ports) local |= p.host_ip.empty() || p.host_ip == "0.0.0.0" || p.host_ip.starts_with("127.");
  }
  if (!local || net.interface.empty()) return;
  std::string key = fmt::format("net/ipv4/conf/{}/route_localnet", net.interface);
  std::string value = netns::read_sysctl(key).value_or("?");
  if (value.starts_with("1")) {
    add(Level::ok, "route_localnet", "", fmt::format("route_localnet is on for {}: localhost ports answer", net.interface));
  } else {
    add(Level::fail, "route_localnet", "",
        fmt::format("route_localnet is off on {}: ports published on localhost do not answer there", net.interface),
        fmt::format("sysctl -w net.ipv4.conf.{}.route_localnet=1", net.interface));
  }
}

void Doctor::overlap(const netconf::Network& net, int bridge_index) {
  auto found = netconf::overlapping_routes(rt_, net, bridge_index);
  for (const auto& o : found) {
    char name[IF_NAMESIZE] = "?";
    if (o.route.oif) ::if_indextoname(o.route.oif, name);
    add(Level::fail, "overlap", "",
        fmt::format("route {} dev {} overlaps the subnet {}: packets for the containers may leave by {}", o.route.dst.str(), name,
                    o.subnet.str(), name),
        "remove that route or address, or make the network again with another --subnet");
  }
  if (found.empty()) add(Level::ok, "overlap", "", "no other route overlaps the network's subnets");
}

void Doctor::dns(const netconf::Network& net, bool running) {
  if (!net.dns || !running) return;
  int responder = dns::dns_responder_pid({settings_.paths.root, settings_.paths.runroot, settings_.paths.network_config_dir});
  for (const auto& s : net.subnets) {
    auto gw = netns::IpAddress::parse(s.gateway);
    if (!gw) continue;
    auto holders = netns::port_holders(*gw, 53, SOCK_DGRAM);
    bool ours = std::any_of(holders.begin(), holders.end(), [&](const netns::PortHolder& h) { return h.pid == responder; });
    std::erase_if(holders, [&](const netns::PortHolder& h) { return h.pid == responder; });
    if (!holders.empty()) {
      add(Level::fail, "dns", "",
          fmt::format("port 53 on {} (udp) is held by {}: container names may not resolve", s.gateway, netns::describe_holder(holders)),
          fmt::format("stop it, or keep it off {} (dnsmasq: --bind-interfaces --except-interface={})", net.interface, net.interface));
    } else if (!ours) {
      add(Level::fail, "dns", "", fmt::format("nothing answers DNS on {} port 53: container names do not resolve", s.gateway),
          "warren network reload --all");
    } else {
      add(Level::ok, "dns", "", fmt::format("warren's responder (pid {}) answers on {} port 53", responder, s.gateway));
    }
  }
}

void Doctor::network(const netconf::Network& net, const std::string& only) {
  net_ = net.name;
  if (net.driver != "bridge") {
    auto parent = netns::find_link(rt_, net.interface);
    if (!parent || !parent->up()) {
      add(Level::fail, "bridge", "", fmt::format("{} parent {} is {}", net.driver, net.interface, parent ? "down" : "missing"));
    } else {
      add(Level::ok, "bridge", "", fmt::format("{} parent {} is up", net.driver, net.interface));
    }
    return;
  }
  std::vector<Member> running = members(net);
  forwarding(net, !running.empty());
  int index = bridge(net, !running.empty());
  for (const auto& m : running) {
    if (only.empty() || m.c.config.id == only) member(net, m, index);
  }
  hooks(net, !running.empty());
  localnet(net, running);
  overlap(net, index);
  dns(net, !running.empty());
}

void Doctor::table() {
  net_.clear();
  std::string drift = netconf::firewall_drift(netconf::CniDirs::of(settings_.paths));
  if (drift.empty()) {
    add(Level::ok, "nftables", "", "warren's table holds what its state says");
  } else {
    add(Level::fail, "nftables", "", fmt::format("warren's table is not as its state says: {}", drift), "warren network reload --all");
  }
}

// Every network (empty `target`), one, or a container's (`only` set to it).
std::vector<netconf::Network> walked(const netconf::NetworkStore& nets, const store::ContainerStore& store, const std::string& target,
                                     std::string& only) {
  std::vector<netconf::Network> which;
  if (target.empty()) {
    which = nets.list();
  } else if (auto net = nets.find(target)) {
    which.push_back(*net);
  } else if (auto c = store.find(target)) {
    if (!c->config.network.is_bridge()) {
      throw base::error("container {} is on network mode \"{}\": only bridge networks are walked", target, c->config.network.str());
    }
    only = c->config.id;
    for (const auto& a : c->config.networks) which.push_back(nets.get(a.name));
  } else {
    throw base::error("no network or container with name or ID \"{}\" found: no such object", target);
  }
  return which;
}

std::vector<Finding> doctor_here(const config::Settings& settings, const std::string& target) {
  Doctor d(settings);
  std::string only;
  for (const auto& net : walked(d.nets(), d.store(), target, only)) d.network(net, only);
  d.table();
  return d.take();
}

// A regular user's, with no user's network namespace running: the
// networks are files alone until the first container.
std::vector<Finding> doctor_outside(const config::Settings& settings, const std::string& target) {
  auto store = monitor::container_store(settings);
  std::string only;
  std::vector<Finding> out;
  for (const auto& net : walked(network_store(settings), store, target, only)) {
    bool running = false;
    for (auto& c : users_of(store, net.name)) running |= state_of(settings, store, c).status == "running";
    if (running) {
      out.push_back({Level::fail, net.name, "", "namespace", "the user's network namespace is gone, with containers on the network",
                     "warren restart the network's containers (the first start makes it again)"});
    } else {
      out.push_back({Level::ok, net.name, "", "namespace",
                     "the user's network namespace, and the network's bridge in it, come with the first container on the network", ""});
    }
  }
  return out;
}

// The child's findings; a command it says to run is run where the user's
// bridges are (nsenter into the infra's namespaces).
std::vector<Finding> read_findings(int fd, pid_t infra) {
  std::string text;
  char buf[4096];
  ssize_t n;
  for (off_t at = 0; (n = ::pread(fd, buf, sizeof buf, at)) > 0; at += n) text.append(buf, static_cast<size_t>(n));
  std::vector<Finding> out;
  size_t start = 0;
  for (size_t end; (end = text.find('\x1e', start)) != std::string::npos; start = end + 1) {
    std::vector<std::string> f;
    std::string one = text.substr(start, end - start);
    for (size_t a = 0, b; a <= one.size(); a = b + 1) {
      b = std::min(one.find('\x1f', a), one.size());
      f.push_back(one.substr(a, b - a));
    }
    if (f.size() != 6) continue;
    Finding x{static_cast<Level>(std::atoi(f[0].c_str())), f[1], f[2], f[3], f[4], f[5]};
    for (const char* cmd : {"sysctl ", "ip ", "nft "}) {
      if (infra && x.fix.starts_with(cmd)) x.fix = fmt::format("nsenter -U -m -n --preserve-credentials -t {} {}", infra, x.fix);
    }
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace

std::string level_name(Finding::Level level) {
  switch (level) {
    case Level::ok: return "ok";
    case Level::warn: return "warn";
    case Level::fail: return "fail";
  }
  return "?";
}

std::vector<Finding> network_doctor(const config::Settings& settings, const std::string& target) {
  if (!settings.rootless()) return doctor_here(settings, target);
  // A regular user's bridges are in the user's network namespace: walked
  // from a child there, the findings handed back in a memfd.
  base::UniqueFd mem{::memfd_create("warren-doctor", MFD_CLOEXEC)};
  if (!mem) throw base::sys_error(errno, "memfd_create");
  bool inside = monitor::in_user_netns(settings.paths, [&] {
    std::string text;
    for (const auto& f : doctor_here(settings, target)) {
      text += fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1e", static_cast<int>(f.level), f.network, f.container, f.check,
                          f.message, f.fix);
    }
    base::write_all(mem.get(), text);
  });
  if (!inside) return doctor_outside(settings, target);
  return read_findings(mem.get(), monitor::user_netns_infra(settings.paths));
}

}  // namespace runtime
