// SPDX-License-Identifier: GPL-2.0-or-later
// netns/link.h: network interfaces over rtnetlink: create (bridge, veth
// pair, dummy, macvlan), delete, change (up/down, MTU, MAC, master, name,
// namespace), look up and list. Builders are separate from the socket so
// unit tests can check the messages byte for byte.
#pragma once

#include <linux/rtnetlink.h>

#include <optional>
#include <string>
#include <vector>

#include "netns/ip.h"
#include "netns/message.h"
#include "netns/netlink.h"

namespace netns {

class Namespace;

struct Link {
  int index = 0;
  std::string name;
  std::string kind;         // IFLA_INFO_KIND: "bridge", "veth", "" for physical
  unsigned mtu = 0;
  std::optional<MacAddress> mac;
  unsigned flags = 0;       // IFF_*
  int master = 0;           // ifindex of the bridge it is enslaved to, or 0
  int link = 0;             // IFLA_LINK: the veth peer or macvlan parent (maybe in another ns)
  bool vlan_filtering = false;  // bridges only
  bool up() const;
};

struct VethSpec {
  std::string name;                   // this end, stays in the socket's namespace
  std::string peer;                   // the other end
  const Namespace* peer_ns = nullptr; // where the peer is created, if elsewhere
  unsigned mtu = 0;                   // 0: the kernel default
  std::optional<MacAddress> mac;      // this end's; else the kernel's random one
  std::optional<MacAddress> peer_mac;
  int master = 0;                     // enslave this end at creation (a bridge's ifindex)
};

struct BridgeSpec {
  std::string name;
  unsigned mtu = 0;                   // 0: the kernel default
  bool vlan_filtering = false;
  // A MAC of its own keeps the bridge's address fixed (else it takes the
  // lowest of its ports', changing as they come and go, and recomputed over
  // every port each time one joins).
  std::optional<MacAddress> mac;
  // false: multicast is flooded to every port as on a plain switch, and the
  // bridge keeps no per-port query timers (re-armed on every port of the
  // bridge whenever one port comes or goes: work that grows with ports).
  bool multicast_snooping = true;
};

// One change to an existing link; fields left empty are not touched.
struct LinkChange {
  std::optional<bool> up;
  std::optional<unsigned> mtu;
  std::optional<MacAddress> mac;
  std::optional<int> master;          // 0 detaches from the bridge
  std::optional<std::string> name;
  const Namespace* ns = nullptr;      // move into this namespace
  std::optional<bool> promisc;
  // false: no IPv6 link-local address (addrgenmode none); set before up.
  std::optional<bool> ipv6_link_local;
  // A bridge port's hairpin mode: frames may leave by the port they came in.
  std::optional<bool> hairpin;
};

enum class MacvlanMode { private_ = 1, vepa = 2, bridge = 4, passthru = 8 };
std::optional<MacvlanMode> parse_macvlan_mode(std::string_view text);

// Message builders.
Message build_create_link(const std::string& kind, const std::string& name, unsigned mtu);
Message build_create_bridge(const BridgeSpec& spec);
Message build_create_veth(const VethSpec& spec);
Message build_create_macvlan(const std::string& name, int parent, MacvlanMode mode, unsigned mtu);
Message build_change_link(int index, const LinkChange& change, std::string what);
Message build_delete_link(int index, const std::string& name);
Link parse_link(const nlmsghdr* nlh);

// Operations. Creation fails with EEXIST when the name is taken.
void create_bridge(Netlink& nl, const BridgeSpec& spec);
inline void create_bridge(Netlink& nl, const std::string& name) { create_bridge(nl, BridgeSpec{.name = name}); }
void create_dummy(Netlink& nl, const std::string& name, unsigned mtu = 0);
void create_veth(Netlink& nl, const VethSpec& spec);
void create_macvlan(Netlink& nl, const std::string& name, int parent, MacvlanMode mode, unsigned mtu = 0);

// Deleting a link that is not there is success; returns whether it was there.
bool delete_link(Netlink& nl, const std::string& name);

void change_link(Netlink& nl, const Link& link, const LinkChange& change);
// The same by name: one request (the kernel looks the name up), two for a rename.
void change_link(Netlink& nl, const std::string& name, const LinkChange& change);
void set_link_up(Netlink& nl, const std::string& name, bool up = true);
void set_mtu(Netlink& nl, const std::string& name, unsigned mtu);
void set_mac(Netlink& nl, const std::string& name, const MacAddress& mac);
void set_master(Netlink& nl, const std::string& name, const std::string& bridge);
void set_nomaster(Netlink& nl, const std::string& name);
void rename_link(Netlink& nl, const std::string& name, const std::string& new_name);
// Moves the link into `ns`, renaming it there when `new_name` is given.
void move_link_to_ns(Netlink& nl, const std::string& name, const Namespace& ns,
                     const std::optional<std::string>& new_name = std::nullopt);

// VLAN filtering on a bridge: ports carry only the VLANs they are members of.
Message build_bridge_vlan_filtering(const Link& bridge, bool on);
void set_vlan_filtering(Netlink& nl, const std::string& bridge, bool on);

// Make a bridge port (or, with self, the bridge itself) a member of `vid`,
// as its PVID and untagged: what `bridge vlan add dev P vid N pvid untagged` does.
Message build_bridge_vlan(const Link& port, uint16_t vid, bool self, bool add);
void add_port_vlan(Netlink& nl, const std::string& port, uint16_t vid, bool self = false);

// Hairpin mode on a bridge port: frames may leave by the port they came in.
Message build_bridge_port_hairpin(int index, bool on);
void set_hairpin(Netlink& nl, const std::string& port, bool on);

std::optional<Link> find_link(Netlink& nl, const std::string& name);
std::optional<Link> find_link(Netlink& nl, int index);
// Like find_link, but a missing link is an error naming it.
Link get_link(Netlink& nl, const std::string& name);
std::vector<Link> list_links(Netlink& nl);

}  // namespace netns
