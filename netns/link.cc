// SPDX-License-Identifier: GPL-2.0-or-later
// netns/link.cc: RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK.
#include "netns/link.h"

#include <linux/if.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/veth.h>

#include <cerrno>

#include "base/error.h"
#include "netns/namespace.h"

namespace netns {

bool Link::up() const { return (flags & IFF_UP) != 0; }

std::optional<MacvlanMode> parse_macvlan_mode(std::string_view text) {
  if (text == "" || text == "bridge") return MacvlanMode::bridge;
  if (text == "private") return MacvlanMode::private_;
  if (text == "vepa") return MacvlanMode::vepa;
  if (text == "passthru") return MacvlanMode::passthru;
  return std::nullopt;
}

namespace {

ifinfomsg* put_ifinfo(Message& m, int index = 0) {
  auto* ifi = m.put_header<ifinfomsg>();
  ifi->ifi_family = AF_UNSPEC;
  ifi->ifi_index = index;
  return ifi;
}

void check_name(const std::string& name) {
  if (name.empty() || name.size() >= IFNAMSIZ) {
    throw base::error("invalid interface name \"{}\": must be 1 to {} characters", name, IFNAMSIZ - 1);
  }
}

}  // namespace

Message build_create_link(const std::string& kind, const std::string& name, unsigned mtu) {
  check_name(name);
  Message m(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, fmt::format("create {} {}", kind, name));
  put_ifinfo(m);
  m.put_str(IFLA_IFNAME, name);
  if (mtu) m.put_u32(IFLA_MTU, mtu);
  nlattr* info = m.nest_start(IFLA_LINKINFO);
  m.put_str(IFLA_INFO_KIND, kind);
  m.nest_end(info);
  return m;
}

Message build_create_bridge(const BridgeSpec& spec) {
  Message m = build_create_link("bridge", spec.name, spec.mtu);
  if (!spec.vlan_filtering && spec.multicast_snooping && !spec.mac) return m;
  // Rebuild with the bridge's own data: its options from the first instant.
  Message b(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
            fmt::format("create bridge {}{}", spec.name, spec.vlan_filtering ? " with vlan_filtering" : ""));
  put_ifinfo(b);
  b.put_str(IFLA_IFNAME, spec.name);
  if (spec.mtu) b.put_u32(IFLA_MTU, spec.mtu);
  if (spec.mac) b.put(IFLA_ADDRESS, spec.mac->bytes.data(), 6);
  nlattr* info = b.nest_start(IFLA_LINKINFO);
  b.put_str(IFLA_INFO_KIND, "bridge");
  nlattr* data = b.nest_start(IFLA_INFO_DATA);
  if (spec.vlan_filtering) b.put_u8(IFLA_BR_VLAN_FILTERING, 1);
  if (!spec.multicast_snooping) b.put_u8(IFLA_BR_MCAST_SNOOPING, 0);
  b.nest_end(data);
  b.nest_end(info);
  return b;
}

Message build_create_veth(const VethSpec& spec) {
  check_name(spec.name);
  check_name(spec.peer);
  Message m(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
            fmt::format("create veth {} peer {}", spec.name, spec.peer));
  put_ifinfo(m);
  m.put_str(IFLA_IFNAME, spec.name);
  if (spec.mtu) m.put_u32(IFLA_MTU, spec.mtu);
  if (spec.mac) m.put(IFLA_ADDRESS, spec.mac->bytes.data(), 6);
  if (spec.master) m.put_u32(IFLA_MASTER, static_cast<uint32_t>(spec.master));
  nlattr* info = m.nest_start(IFLA_LINKINFO);
  m.put_str(IFLA_INFO_KIND, "veth");
  nlattr* data = m.nest_start(IFLA_INFO_DATA);
  nlattr* peer = m.nest_start(VETH_INFO_PEER);
  // The peer's attributes follow its own ifinfomsg inside the nest.
  put_ifinfo(m);
  m.put_str(IFLA_IFNAME, spec.peer);
  if (spec.mtu) m.put_u32(IFLA_MTU, spec.mtu);
  if (spec.peer_mac) m.put(IFLA_ADDRESS, spec.peer_mac->bytes.data(), 6);
  if (spec.peer_ns) m.put_u32(IFLA_NET_NS_FD, static_cast<uint32_t>(spec.peer_ns->fd()));
  m.nest_end(peer);
  m.nest_end(data);
  m.nest_end(info);
  return m;
}

Message build_create_macvlan(const std::string& name, int parent, MacvlanMode mode, unsigned mtu) {
  check_name(name);
  Message m(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, fmt::format("create macvlan {} on {}", name, parent));
  put_ifinfo(m);
  m.put_str(IFLA_IFNAME, name);
  m.put_u32(IFLA_LINK, static_cast<uint32_t>(parent));
  if (mtu) m.put_u32(IFLA_MTU, mtu);
  nlattr* info = m.nest_start(IFLA_LINKINFO);
  m.put_str(IFLA_INFO_KIND, "macvlan");
  nlattr* data = m.nest_start(IFLA_INFO_DATA);
  m.put_u32(IFLA_MACVLAN_MODE, static_cast<uint32_t>(mode));
  m.nest_end(data);
  m.nest_end(info);
  return m;
}

Message build_change_link(int index, const LinkChange& change, std::string what) {
  Message m(RTM_NEWLINK, 0, std::move(what));
  ifinfomsg* ifi = put_ifinfo(m, index);
  if (change.up) {
    ifi->ifi_change |= IFF_UP;
    ifi->ifi_flags |= *change.up ? IFF_UP : 0;
  }
  if (change.promisc) {
    ifi->ifi_change |= IFF_PROMISC;
    ifi->ifi_flags |= *change.promisc ? IFF_PROMISC : 0;
  }
  if (change.mtu) m.put_u32(IFLA_MTU, *change.mtu);
  if (change.mac) m.put(IFLA_ADDRESS, change.mac->bytes.data(), 6);
  if (change.master) m.put_u32(IFLA_MASTER, static_cast<uint32_t>(*change.master));
  if (change.name) {
    check_name(*change.name);
    m.put_str(IFLA_IFNAME, *change.name);
  }
  if (change.ns) m.put_u32(IFLA_NET_NS_FD, static_cast<uint32_t>(change.ns->fd()));
  if (change.ipv6_link_local) {
    nlattr* spec = m.nest_start(IFLA_AF_SPEC);
    nlattr* v6 = m.nest_start(AF_INET6);
    m.put_u8(IFLA_INET6_ADDR_GEN_MODE, *change.ipv6_link_local ? IN6_ADDR_GEN_MODE_EUI64 : IN6_ADDR_GEN_MODE_NONE);
    m.nest_end(v6);
    m.nest_end(spec);
  }
  if (change.hairpin) {
    nlattr* info = m.nest_start(IFLA_LINKINFO);
    m.put_str(IFLA_INFO_SLAVE_KIND, "bridge");
    nlattr* port = m.nest_start(IFLA_INFO_SLAVE_DATA);
    m.put_u8(IFLA_BRPORT_MODE, *change.hairpin ? 1 : 0);
    m.nest_end(port);
    m.nest_end(info);
  }
  return m;
}

Message build_delete_link(int index, const std::string& name) {
  Message m(RTM_DELLINK, 0, fmt::format("delete link {}", name));
  put_ifinfo(m, index);
  return m;
}

Link parse_link(const nlmsghdr* nlh) {
  const auto* ifi = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(nlh));
  Attrs a(nlh, sizeof(ifinfomsg));
  Link link;
  link.index = ifi->ifi_index;
  link.flags = ifi->ifi_flags;
  link.name = a.str(IFLA_IFNAME);
  link.mtu = a.u32(IFLA_MTU);
  link.master = static_cast<int>(a.u32(IFLA_MASTER));
  link.link = static_cast<int>(a.u32(IFLA_LINK));
  auto mac = a.bytes(IFLA_ADDRESS);
  if (mac.size() == 6) {
    MacAddress m;
    std::copy(mac.begin(), mac.end(), m.bytes.begin());
    link.mac = m;
  }
  if (const nlattr* info = a.get(IFLA_LINKINFO)) {
    Attrs li(info);
    link.kind = li.str(IFLA_INFO_KIND);
    if (link.kind == "bridge" && li.has(IFLA_INFO_DATA)) {
      link.vlan_filtering = Attrs(li.get(IFLA_INFO_DATA)).u8(IFLA_BR_VLAN_FILTERING) != 0;
    }
  }
  return link;
}

void create_bridge(Netlink& nl, const BridgeSpec& spec) {
  Message m = build_create_bridge(spec);
  nl.request(m);
}

void create_dummy(Netlink& nl, const std::string& name, unsigned mtu) {
  Message m = build_create_link("dummy", name, mtu);
  nl.request(m);
}

void create_veth(Netlink& nl, const VethSpec& spec) {
  Message m = build_create_veth(spec);
  nl.request(m);
}

void create_macvlan(Netlink& nl, const std::string& name, int parent, MacvlanMode mode, unsigned mtu) {
  Message m = build_create_macvlan(name, parent, mode, mtu);
  nl.request(m);
}

bool delete_link(Netlink& nl, const std::string& name) {
  auto link = find_link(nl, name);
  if (!link) return false;
  Message m = build_delete_link(link->index, name);
  int err = nl.try_request(m);
  // Gone between the lookup and the delete (a veth's peer went first).
  if (err == ENODEV) return false;
  if (err != 0) throw base::sys_error(err, "delete link {}", name);
  return true;
}

void change_link(Netlink& nl, const Link& link, const LinkChange& change) {
  Message m = build_change_link(link.index, change, fmt::format("change link {}", link.name));
  nl.request(m);
}

namespace {
// One request: the kernel looks the name up itself. A rename's IFLA_IFNAME
// is the new name, so a rename asks for the index first.
void change_named(Netlink& nl, const std::string& name, const LinkChange& change, std::string what) {
  check_name(name);
  int index = change.name ? get_link(nl, name).index : 0;
  Message m = build_change_link(index, change, std::move(what));
  if (!change.name) m.put_str(IFLA_IFNAME, name);
  nl.request(m);
}
}  // namespace

void change_link(Netlink& nl, const std::string& name, const LinkChange& change) {
  change_named(nl, name, change, fmt::format("change link {}", name));
}

void set_link_up(Netlink& nl, const std::string& name, bool up) {
  change_named(nl, name, {.up = up}, fmt::format("set {} {}", name, up ? "up" : "down"));
}

void set_mtu(Netlink& nl, const std::string& name, unsigned mtu) {
  change_named(nl, name, {.mtu = mtu}, fmt::format("set mtu {} on {}", mtu, name));
}

void set_mac(Netlink& nl, const std::string& name, const MacAddress& mac) {
  change_named(nl, name, {.mac = mac}, fmt::format("set address {} on {}", mac.str(), name));
}

void set_master(Netlink& nl, const std::string& name, const std::string& bridge) {
  Link master = get_link(nl, bridge);
  change_named(nl, name, {.master = master.index}, fmt::format("set master of {} to {}", name, bridge));
}

void set_nomaster(Netlink& nl, const std::string& name) {
  change_named(nl, name, {.master = 0}, fmt::format("set nomaster on {}", name));
}

void rename_link(Netlink& nl, const std::string& name, const std::string& new_name) {
  change_named(nl, name, {.name = new_name}, fmt::format("rename {} to {}", name, new_name));
}

void move_link_to_ns(Netlink& nl, const std::string& name, const Namespace& ns,
                     const std::optional<std::string>& new_name) {
  change_named(nl, name, {.name = new_name, .ns = &ns},
               fmt::format("move {} to network namespace {}", name, ns.path()));
}

Message build_bridge_vlan_filtering(const Link& bridge, bool on) {
  Message m(RTM_NEWLINK, 0, fmt::format("set vlan_filtering {} on {}", on ? 1 : 0, bridge.name));
  put_ifinfo(m, bridge.index);
  nlattr* info = m.nest_start(IFLA_LINKINFO);
  m.put_str(IFLA_INFO_KIND, "bridge");
  nlattr* data = m.nest_start(IFLA_INFO_DATA);
  m.put_u8(IFLA_BR_VLAN_FILTERING, on ? 1 : 0);
  m.nest_end(data);
  m.nest_end(info);
  return m;
}

void set_vlan_filtering(Netlink& nl, const std::string& bridge, bool on) {
  Link l = get_link(nl, bridge);
  Message m = build_bridge_vlan_filtering(l, on);
  nl.request(m);
}

Message build_bridge_vlan(const Link& port, uint16_t vid, bool self, bool add) {
  Message m(add ? RTM_SETLINK : RTM_DELLINK, 0,
            fmt::format("{} vlan {} {} {}", add ? "add" : "delete", vid, self ? "to bridge" : "on port", port.name));
  ifinfomsg* ifi = put_ifinfo(m, port.index);
  ifi->ifi_family = AF_BRIDGE;
  nlattr* spec = m.nest_start(IFLA_AF_SPEC);
  m.put_u16(IFLA_BRIDGE_FLAGS, self ? BRIDGE_FLAGS_SELF : BRIDGE_FLAGS_MASTER);
  bridge_vlan_info info{};
  info.vid = vid;
  info.flags = BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED;
  m.put(IFLA_BRIDGE_VLAN_INFO, &info, sizeof info);
  m.nest_end(spec);
  return m;
}

void add_port_vlan(Netlink& nl, const std::string& port, uint16_t vid, bool self) {
  Link l = get_link(nl, port);
  Message m = build_bridge_vlan(l, vid, self, true);
  nl.request(m);
}

Message build_bridge_port_hairpin(int index, bool on) {
  Message m(RTM_SETLINK, 0, fmt::format("set hairpin {} on #{}", on ? "on" : "off", index));
  ifinfomsg* ifi = put_ifinfo(m, index);
  ifi->ifi_family = AF_BRIDGE;
  nlattr* info = m.nest_start(IFLA_PROTINFO | NLA_F_NESTED);
  m.put_u8(IFLA_BRPORT_MODE, on ? 1 : 0);
  m.nest_end(info);
  return m;
}

void set_hairpin(Netlink& nl, const std::string& port, bool on) {
  Link l = get_link(nl, port);
  Message m = build_bridge_port_hairpin(l.index, on);
  nl.request(m);
}

std::optional<Link> find_link(Netlink& nl, const std::string& name) {
  check_name(name);
  Message m(RTM_GETLINK, 0, fmt::format("get link {}", name));
  put_ifinfo(m);
  m.put_str(IFLA_IFNAME, name);
  std::optional<Link> out;
  if (!nl.get(m, ENODEV, [&](const nlmsghdr* h) { out = parse_link(h); })) return std::nullopt;
  return out;
}

std::optional<Link> find_link(Netlink& nl, int index) {
  Message m(RTM_GETLINK, 0, fmt::format("get link #{}", index));
  put_ifinfo(m, index);
  std::optional<Link> out;
  if (!nl.get(m, ENODEV, [&](const nlmsghdr* h) { out = parse_link(h); })) return std::nullopt;
  return out;
}

Link get_link(Netlink& nl, const std::string& name) {
  auto link = find_link(nl, name);
  if (!link) throw base::sys_error(ENODEV, "link {}", name);
  return std::move(*link);
}

std::vector<Link> list_links(Netlink& nl) {
  Message m(RTM_GETLINK, 0, "list links");
  put_ifinfo(m);
  std::vector<Link> out;
  nl.dump(m, [&](const nlmsghdr* h) {
    if (h->nlmsg_type == RTM_NEWLINK) out.push_back(parse_link(h));
  });
  return out;
}

}  // namespace netns
