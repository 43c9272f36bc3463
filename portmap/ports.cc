// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/ports.cc: building, adding and removing port elements.
#include "portmap/ports.h"

#include <linux/netfilter/nf_tables.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

#include "base/error.h"
#include "base/log.h"
#include "netns/addr.h"
#include "netns/conntrack.h"
#include "netns/link.h"
#include "netns/nft_objects.h"
#include "netns/sysctl.h"
#include "portmap/masquerade.h"
#include "portmap/table.h"

namespace portmap {

namespace nft = netns::nft;

std::optional<uint8_t> protocol_number(const std::string& name) {
  if (name == "tcp") return 6;
  if (name == "udp") return 17;
  if (name == "sctp") return 132;
  return std::nullopt;
}

namespace {

void append(std::vector<uint8_t>& v, const void* p, size_t len) {
  auto b = nft::key_bytes(p, len);
  v.insert(v.end(), b.begin(), b.end());
}

std::vector<uint8_t> port_bytes(uint16_t port) {
  uint8_t be[2] = {static_cast<uint8_t>(port >> 8), static_cast<uint8_t>(port)};
  return nft::key_bytes(be, 2);
}

bool wildcard(const std::optional<netns::IpAddress>& ip) {
  if (!ip) return true;
  return std::all_of(ip->data(), ip->data() + ip->size(), [](uint8_t b) { return b == 0; });
}

std::string describe(const PortMapping& m) {
  return fmt::format("{}{}/{}", m.host_ip && !wildcard(m.host_ip) ? m.host_ip->str() + ":" : "", m.host_port, m.protocol);
}

const netns::Cidr* address_of(const PortsSpec& s, int family) {
  for (const auto& a : s.addrs) {
    if (a.family() == family) return &a;
  }
  return nullptr;
}

std::string localnet_key(const std::string& host_if) { return fmt::format("net/ipv4/conf/{}/route_localnet", host_if); }

}  // namespace

Entries port_entries(const PortsSpec& s) {
  Entries e;
  for (const auto& m : s.mappings) {
    auto proto = protocol_number(m.protocol);
    if (!proto) throw base::error("unknown protocol \"{}\" for port {}: use tcp, udp or sctp", m.protocol, m.host_port);
    if (m.host_port == 0 || m.container_port == 0) throw base::error("invalid port mapping {}: ports must be 1-65535", describe(m));
    std::vector<int> families;
    if (m.host_ip) families = {m.host_ip->family()};
    else families = {AF_INET, AF_INET6};
    bool served = false;
    for (int fam : families) {
      const netns::Cidr* ctr = address_of(s, fam);
      if (!ctr) continue;
      served = true;
      bool v4 = fam == AF_INET;
      nft::Element el{.comment = s.owner};
      if (!wildcard(m.host_ip)) append(el.key, m.host_ip->data(), m.host_ip->size());
      append(el.key, &*proto, 1);
      auto hp = port_bytes(m.host_port);
      el.key.insert(el.key.end(), hp.begin(), hp.end());
      append(el.data, ctr->addr().data(), ctr->addr().size());
      auto cp = port_bytes(m.container_port);
      el.data.insert(el.data.end(), cp.begin(), cp.end());
      const char* map = wildcard(m.host_ip) ? (v4 ? kPorts4 : kPorts6) : (v4 ? kPorts4Addr : kPorts6Addr);
      e.sets[map].push_back(el);
    }
    if (!served) {
      throw base::error("cannot publish {}: the container has no IPv{} address", describe(m),
                        m.host_ip && !m.host_ip->is_v4() ? 6 : 4);
    }
  }
  // Any container of the network (itself included) that reaches a
  // published port through the host must see the reply come back the same
  // way: every attachment portmap sees is in the hairpin set, ports or not.
  if (!s.host_if.empty()) {
    for (const auto& a : s.addrs) e.sets[a.addr().is_v4() ? kHairpin4 : kHairpin6].push_back(address_on(a, s.host_if, s.owner));
  }
  // A container with a published IPv4 port holds a reference to its
  // bridge's localnet counter for as long as it has one (release_localnet).
  if ((e.sets.count(kPorts4) || e.sets.count(kPorts4Addr)) && !s.host_if.empty()) {
    for (const auto& a : s.addrs) {
      if (!a.addr().is_v4()) continue;
      nft::Element ref = address_on(a, s.host_if, s.owner);
      ref.objref = localnet_counter(s.host_if);
      e.sets[kLocalnet4].push_back(ref);
    }
    e.counters.push_back(localnet_counter(s.host_if));
  }
  return e;
}

namespace {

// After EBUSY/EEXIST: which of our keys is taken, and by whom.
[[noreturn]] void explain_conflict(netns::Netlink& nl, const PortsSpec& s, const base::Error& cause) {
  for (const auto& m : s.mappings) {
    for (const auto& [map, elems] : port_entries({s.owner, {m}, s.addrs, s.host_if}).sets) {
      if (map == kHairpin4 || map == kHairpin6) continue;
      auto have = nft::list_elements(nl, kTable, map);
      for (const auto& w : elems) {
        for (const auto& h : have) {
          if (h.key == w.key && h.comment != s.owner) {
            throw base::error("host port {} is already published by {}", describe(m), h.comment);
          }
        }
      }
    }
  }
  throw cause;
}

void flush_udp(netns::Netlink& nl, const std::vector<PortMapping>& mappings) {
  for (const auto& m : mappings) {
    if (m.protocol != "udp") continue;
    for (int fam : {AF_INET, AF_INET6}) netns::delete_conntrack(nl, fam, 17, m.host_port);
  }
}

}  // namespace

void setup_ports(netns::Netlink& nl, const PortsSpec& s) {
  Entries want = port_entries(s);
  if (want.sets.empty()) return;
  try {
    add_entries(nl, want);
  } catch (const base::Error& e) {
    if (e.err() == EBUSY || e.err() == EEXIST) explain_conflict(nl, s, e);
    throw;
  }
  bool v4 = want.sets.count(kPorts4) || want.sets.count(kPorts4Addr);
  // The host reaching the port as 127.0.0.1: the DNATed packet leaves with
  // a loopback source, which the kernel drops unless the interface allows it.
  if (v4 && !s.host_if.empty() && netns::read_sysctl(localnet_key(s.host_if)) != "1") {
    netns::write_sysctl(localnet_key(s.host_if), "1");
  }
  flush_udp(nl, s.mappings);
  LOG_DEBUG("portmap: published {} mapping(s) for {}", s.mappings.size(), s.owner);
}

namespace {

// Whether an IPv4 port element leads to an address behind host_if, read
// from the whole maps: for a table whose elements hold no reference to a
// localnet counter (one an older warren made).
bool published_behind(netns::Netlink& nl, netns::Netlink& rtnl, const std::string& host_if) {
  auto link = netns::find_link(rtnl, host_if);
  if (!link || !table_exists(nl)) return false;
  auto subnets = netns::list_addresses(rtnl, link->index, AF_INET);
  for (const char* map : {kPorts4, kPorts4Addr}) {
    for (const auto& e : nft::list_elements(nl, kTable, map)) {
      auto ip = netns::IpAddress::from_bytes(AF_INET, {e.data.data(), 4});
      for (const auto& a : subnets) {
        if (a.cidr.contains(ip)) return true;
      }
    }
  }
  return false;
}

// route_localnet off again once no published IPv4 port leads behind
// host_if: the kernel counts the containers' references to the bridge's
// localnet counter, so one lookup tells, whatever the number of ports.
void release_localnet(netns::Netlink& nl, netns::Netlink& rtnl, const std::string& host_if) {
  if (host_if.empty()) return;
  std::string counter = localnet_counter(host_if);
  auto use = nft::object_use(nl, kTable, NFT_OBJECT_COUNTER, counter);  // none without a table, too
  if (use && *use > 0) return;
  if (use) {
    nft::Batch b;
    nft::delete_object(b, kTable, NFT_OBJECT_COUNTER, counter);
    auto errors = nft::send(nl, b);
    if (!errors.empty() && errors[0].err == EBUSY) return;  // a container published one meanwhile
    if (!errors.empty() && errors[0].err != ENOENT) nft::throw_errors(errors);
  }
  if (!netns::find_link(rtnl, host_if) || netns::read_sysctl(localnet_key(host_if)) != "1") return;
  // On, and no counter at all: ports published by an older warren, or a
  // table flushed under us. The maps tell (a rare, whole read).
  if (!use && published_behind(nl, rtnl, host_if)) return;
  netns::write_sysctl(localnet_key(host_if), "0");
  // A container that published a port meanwhile may have found it still
  // on and left it: its counter is back then, and so is the sysctl.
  if (nft::object_use(nl, kTable, NFT_OBJECT_COUNTER, counter)) netns::write_sysctl(localnet_key(host_if), "1");
}

}  // namespace

void teardown_ports(netns::Netlink& nl, netns::Netlink& rtnl, const PortsSpec& spec) {
  if (spec.addrs.empty()) return teardown_ports(nl, rtnl, spec.owner, spec.host_if);
  remove_exact(nl, port_entries(spec));
  flush_udp(nl, spec.mappings);
  bool v4 = std::any_of(spec.mappings.begin(), spec.mappings.end(),
                        [](const PortMapping& m) { return !m.host_ip || m.host_ip->is_v4(); });
  if (v4) release_localnet(nl, rtnl, spec.host_if);  // only attachments with ports ever set it
}

void teardown_ports(netns::Netlink& nl, netns::Netlink& rtnl, const std::string& owner, const std::string& host_if) {
  std::vector<PortMapping> udp;
  if (table_exists(nl)) {
    for (const char* map : {kPorts4, kPorts4Addr, kPorts6, kPorts6Addr}) {
      for (const auto& e : nft::list_elements(nl, kTable, map)) {
        if (e.comment != owner || e.key.size() < 8) continue;
        size_t at = e.key.size() - 8;  // proto and port are the last two fields
        if (e.key[at] == 17) udp.push_back({static_cast<uint16_t>(e.key[at + 4] << 8 | e.key[at + 5]), 0, "udp", {}});
      }
    }
  }
  remove_owned(nl, owner, {kPorts4, kPorts4Addr, kPorts6, kPorts6Addr, kHairpin4, kHairpin6, kLocalnet4});
  flush_udp(nl, udp);
  release_localnet(nl, rtnl, host_if);
}

bool has_ports(netns::Netlink& nl, const PortsSpec& s) { return has_entries(nl, port_entries(s)); }

}  // namespace portmap
