// SPDX-License-Identifier: GPL-2.0-or-later
// netns/message_test.cc: rtnetlink messages built by netns/, read back
// attribute by attribute, and kernel answers (ACKs with extended acks)
// parsed from bytes built here.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include <cstring>

#include "netns/addr.h"
#include "netns/link.h"
#include "netns/netlink.h"
#include "netns/route.h"

using namespace netns;

TEST_CASE("veth request nests the peer with its own ifinfomsg", "[netns]") {
  VethSpec spec{.name = "veth1", .peer = "eth0", .mtu = 1400,
                .peer_mac = MacAddress::parse("0a:58:0a:58:00:02")};
  Message m = build_create_veth(spec);
  const nlmsghdr* h = m.nlh();
  CHECK(h->nlmsg_type == RTM_NEWLINK);
  CHECK((h->nlmsg_flags & (NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL)) ==
        (NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL));
  Attrs a(h, sizeof(ifinfomsg));
  CHECK(a.str(IFLA_IFNAME) == "veth1");
  CHECK(a.u32(IFLA_MTU) == 1400);
  Attrs info(a.get(IFLA_LINKINFO));
  CHECK(info.str(IFLA_INFO_KIND) == "veth");
  Attrs data(info.get(IFLA_INFO_DATA));
  const nlattr* peer = data.get(VETH_INFO_PEER);
  REQUIRE(peer);
  // Inside the peer nest: an ifinfomsg, then the peer's attributes.
  const auto* payload = static_cast<const uint8_t*>(mnl_attr_get_payload(peer));
  size_t len = mnl_attr_get_payload_len(peer);
  REQUIRE(len > sizeof(ifinfomsg));
  std::string name;
  std::vector<uint8_t> mac;
  for_each_attr(payload + MNL_ALIGN(sizeof(ifinfomsg)), len - MNL_ALIGN(sizeof(ifinfomsg)),
                [&](const nlattr* attr) {
    if (mnl_attr_get_type(attr) == IFLA_IFNAME) name = mnl_attr_get_str(attr);
    if (mnl_attr_get_type(attr) == IFLA_ADDRESS) {
      auto* p = static_cast<const uint8_t*>(mnl_attr_get_payload(attr));
      mac.assign(p, p + mnl_attr_get_payload_len(attr));
    }
  });
  CHECK(name == "eth0");
  CHECK(mac == std::vector<uint8_t>{0x0a, 0x58, 0x0a, 0x58, 0x00, 0x02});
  CHECK(m.what() == "create veth veth1 peer eth0");
}

TEST_CASE("interface names longer than IFNAMSIZ-1 are refused before the kernel", "[netns]") {
  CHECK_THROWS_WITH(build_create_link("bridge", "a-name-of-16char", 0),
                    Catch::Contains("must be 1 to 15 characters"));
  CHECK_NOTHROW(build_create_link("bridge", "a-name-of-15chr", 0));
}

TEST_CASE("link change sets only what was asked", "[netns]") {
  Message m = build_change_link(7, {.up = true, .master = 3}, "x");
  const auto* ifi = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(m.nlh()));
  CHECK(ifi->ifi_index == 7);
  CHECK(ifi->ifi_change == IFF_UP);
  CHECK(ifi->ifi_flags == IFF_UP);
  Attrs a(m.nlh(), sizeof(ifinfomsg));
  CHECK(a.u32(IFLA_MASTER) == 3);
  CHECK_FALSE(a.has(IFLA_MTU));
  CHECK_FALSE(a.has(IFLA_IFNAME));
  Message down = build_change_link(7, {.up = false}, "x");
  const auto* ifi2 = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(down.nlh()));
  CHECK(ifi2->ifi_change == IFF_UP);
  CHECK(ifi2->ifi_flags == 0);
}

TEST_CASE("macvlan request carries parent and mode", "[netns]") {
  Message m = build_create_macvlan("mv0", 4, MacvlanMode::bridge, 0);
  Attrs a(m.nlh(), sizeof(ifinfomsg));
  CHECK(a.u32(IFLA_LINK) == 4);
  Attrs info(a.get(IFLA_LINKINFO));
  CHECK(info.str(IFLA_INFO_KIND) == "macvlan");
  CHECK(Attrs(info.get(IFLA_INFO_DATA)).u32(IFLA_MACVLAN_MODE) == MACVLAN_MODE_BRIDGE);
  CHECK(parse_macvlan_mode("private") == MacvlanMode::private_);
  CHECK_FALSE(parse_macvlan_mode("nonsense"));
}

TEST_CASE("IPv4 address request has local, address and broadcast", "[netns]") {
  Message m = build_add_address(5, *Cidr::parse("10.89.0.1/24"), false);
  const auto* ifa = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(m.nlh()));
  CHECK(ifa->ifa_family == AF_INET);
  CHECK(ifa->ifa_prefixlen == 24);
  CHECK(ifa->ifa_index == 5);
  Attrs a(m.nlh(), sizeof(ifaddrmsg));
  auto ip = [&](uint16_t t) { return IpAddress::from_bytes(AF_INET, a.bytes(t)).str(); };
  CHECK(ip(IFA_LOCAL) == "10.89.0.1");
  CHECK(ip(IFA_ADDRESS) == "10.89.0.1");
  CHECK(ip(IFA_BROADCAST) == "10.89.0.255");
  CHECK(parse_address(m.nlh()).cidr.str() == "10.89.0.1/24");
}

TEST_CASE("IPv6 address request has no IFA_LOCAL", "[netns]") {
  Message m = build_add_address(5, *Cidr::parse("fd00::1/64"), false);
  Attrs a(m.nlh(), sizeof(ifaddrmsg));
  CHECK_FALSE(a.has(IFA_LOCAL));
  CHECK_FALSE(a.has(IFA_BROADCAST));
  CHECK(parse_address(m.nlh()).cidr.str() == "fd00::1/64");
}

TEST_CASE("default route via a gateway, and an on-link prefix route", "[netns]") {
  Route r = default_route(*IpAddress::parse("10.88.0.1"), 9, 100);
  Message m = build_add_route(r, false);
  const auto* rt = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(m.nlh()));
  CHECK(rt->rtm_dst_len == 0);
  CHECK(rt->rtm_table == RT_TABLE_MAIN);
  CHECK(rt->rtm_scope == RT_SCOPE_UNIVERSE);
  Route back = parse_route(m.nlh());
  CHECK(back.is_default());
  CHECK(back.gateway->str() == "10.88.0.1");
  CHECK(back.oif == 9);
  CHECK(back.metric == 100);
  CHECK(m.what() == "add route default via 10.88.0.1 dev #9 metric 100");

  Route link;
  link.dst = *Cidr::parse("10.90.0.7/24");
  link.oif = 3;
  Message lm = build_add_route(link, false);
  const auto* lrt = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(lm.nlh()));
  CHECK(lrt->rtm_scope == RT_SCOPE_LINK);
  CHECK(parse_route(lm.nlh()).dst.str() == "10.90.0.0/24");

  Route mixed = default_route(*IpAddress::parse("fd00::1"));
  mixed.dst = *Cidr::parse("0.0.0.0/0");
  CHECK_THROWS_WITH(build_add_route(mixed, false), Catch::Contains("differ in family"));
}

namespace {

// An NLMSG_ERROR as the kernel sends it with NETLINK_CAP_ACK and extack.
std::vector<uint8_t> kernel_error(uint32_t seq, int err, const char* msg) {
  std::vector<uint8_t> buf(MNL_SOCKET_BUFFER_SIZE, 0);
  nlmsghdr* h = mnl_nlmsg_put_header(buf.data());
  h->nlmsg_type = NLMSG_ERROR;
  h->nlmsg_seq = seq;
  h->nlmsg_flags = NLM_F_CAPPED | (msg ? NLM_F_ACK_TLVS : 0);
  auto* e = static_cast<nlmsgerr*>(mnl_nlmsg_put_extra_header(h, sizeof(nlmsgerr)));
  e->error = -err;
  e->msg.nlmsg_len = sizeof(nlmsghdr) + 16;  // capped: the payload is not echoed
  e->msg.nlmsg_seq = seq;
  if (msg) mnl_attr_put_strz(h, NLMSGERR_ATTR_MSG, msg);
  buf.resize(h->nlmsg_len);
  return buf;
}

}  // namespace

TEST_CASE("kernel errors carry the extended ack message", "[netns]") {
  auto bytes = kernel_error(42, EOPNOTSUPP, "Unknown device type");
  Ack ack = parse_ack(reinterpret_cast<const nlmsghdr*>(bytes.data()));
  CHECK(ack.seq == 42);
  CHECK(ack.err == EOPNOTSUPP);
  CHECK(ack.extack == "Unknown device type");

  auto plain = kernel_error(43, 0, nullptr);
  Ack ok = parse_ack(reinterpret_cast<const nlmsghdr*>(plain.data()));
  CHECK(ok.err == 0);
  CHECK(ok.extack.empty());
}

TEST_CASE("parse_link reads what the kernel reports", "[netns]") {
  Message m(RTM_NEWLINK, 0, "fake answer");
  auto* ifi = m.put_header<ifinfomsg>();
  ifi->ifi_index = 12;
  ifi->ifi_flags = IFF_UP | IFF_BROADCAST;
  m.put_str(IFLA_IFNAME, "cni-podman0");
  m.put_u32(IFLA_MTU, 1500);
  m.put_u32(IFLA_MASTER, 0);
  uint8_t mac[6] = {0xde, 0xad, 0xbe, 0xef, 0, 1};
  m.put(IFLA_ADDRESS, mac, 6);
  nlattr* info = m.nest_start(IFLA_LINKINFO);
  m.put_str(IFLA_INFO_KIND, "bridge");
  m.nest_end(info);
  Link l = parse_link(m.nlh());
  CHECK(l.index == 12);
  CHECK(l.name == "cni-podman0");
  CHECK(l.kind == "bridge");
  CHECK(l.mtu == 1500);
  CHECK(l.up());
  CHECK(l.mac->str() == "de:ad:be:ef:00:01");
}

TEST_CASE("bridge VLAN requests: filtering at creation, a port's PVID", "[netns]") {
  Message m = build_create_bridge({.name = "br0", .vlan_filtering = true});
  Attrs a(m.nlh(), sizeof(ifinfomsg));
  Attrs info(a.get(IFLA_LINKINFO));
  CHECK(info.str(IFLA_INFO_KIND) == "bridge");
  CHECK(Attrs(info.get(IFLA_INFO_DATA)).u8(IFLA_BR_VLAN_FILTERING) == 1);
  CHECK_FALSE(Attrs(info.get(IFLA_INFO_DATA)).has(IFLA_BR_MCAST_SNOOPING));
  Message quiet = build_create_bridge({.name = "br0", .multicast_snooping = false});
  Attrs quiet_data(Attrs(Attrs(quiet.nlh(), sizeof(ifinfomsg)).get(IFLA_LINKINFO)).get(IFLA_INFO_DATA));
  CHECK(quiet_data.u8(IFLA_BR_MCAST_SNOOPING) == 0);
  CHECK_FALSE(quiet_data.has(IFLA_BR_VLAN_FILTERING));
  Message plain = build_create_bridge({.name = "br0"});
  CHECK_FALSE(Attrs(Attrs(plain.nlh(), sizeof(ifinfomsg)).get(IFLA_LINKINFO)).has(IFLA_INFO_DATA));

  Link port;
  port.index = 9;
  port.name = "veth1";
  Message v = build_bridge_vlan(port, 10, false, true);
  const auto* ifi = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(v.nlh()));
  CHECK(ifi->ifi_family == AF_BRIDGE);
  CHECK(ifi->ifi_index == 9);
  Attrs spec(Attrs(v.nlh(), sizeof(ifinfomsg)).get(IFLA_AF_SPEC));
  auto flags = spec.bytes(IFLA_BRIDGE_FLAGS);
  REQUIRE(flags.size() == 2);
  CHECK((flags[0] | flags[1] << 8) == BRIDGE_FLAGS_MASTER);
  auto vi = spec.bytes(IFLA_BRIDGE_VLAN_INFO);
  REQUIRE(vi.size() == sizeof(bridge_vlan_info));
  bridge_vlan_info info_out;
  std::memcpy(&info_out, vi.data(), sizeof info_out);
  CHECK(info_out.vid == 10);
  CHECK(info_out.flags == (BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED));
  CHECK(v.what() == "add vlan 10 on port veth1");
}
