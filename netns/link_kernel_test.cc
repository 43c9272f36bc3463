// SPDX-License-Identifier: GPL-2.0-or-later
// netns/link_kernel_test.cc: links, addresses and routes on real namespaces:
// a bridge with two veth pairs whose peers live in two "container"
// namespaces, pinging each other and the bridge, then torn down with
// nothing left, as `ip -j` sees it.
#include <catch2/catch.hpp>

#include <linux/if.h>
#include <sys/socket.h>

#include "base/error.h"
#include "netns/addr.h"
#include "netns/link.h"
#include "netns/netlink.h"
#include "netns/route.h"
#include "netns/sysctl.h"
#include "netns/tun.h"
#include "tests/temp_netns.h"

using namespace netns;
using testing::sh;
using testing::TempNetns;

namespace {

bool ip_json_has(const std::string& prefix, const std::string& what, const std::string& needle) {
  auto o = sh(prefix + "ip -j " + what);
  REQUIRE(o.status == 0);
  return o.out.find(needle) != std::string::npos;
}

// Host end on the bridge, container end named eth0 with an address and a
// default route through the bridge's address.
void attach(Netlink& host, const TempNetns& ctr, const std::string& host_end, const std::string& addr) {
  create_veth(host, {.name = host_end, .peer = "eth0", .peer_ns = &ctr.ns()});
  set_master(host, host_end, "wbr0");
  set_link_up(host, host_end);
  Netlink c = Netlink::open_in(ctr.ns());
  Link eth0 = get_link(c, "eth0");
  add_address(c, eth0.index, *Cidr::parse(addr));
  set_link_up(c, "lo");
  set_link_up(c, "eth0");
  add_route(c, default_route(*IpAddress::parse("10.231.0.1"), eth0.index));
}

}  // namespace

TEST_CASE("bridge and veth pairs carry pings between namespaces", "[netns]") {
  Netlink host = Netlink::open();
  TempNetns c1("c1"), c2("c2");
  create_bridge(host, "wbr0");
  Link br = get_link(host, "wbr0");
  CHECK(br.kind == "bridge");
  add_address(host, br.index, *Cidr::parse("10.231.0.1/24"));
  set_link_up(host, "wbr0");
  attach(host, c1, "wveth1", "10.231.0.2/24");
  attach(host, c2, "wveth2", "10.231.0.3/24");

  // The kernel sees what we asked for.
  Link v1 = get_link(host, "wveth1");
  CHECK(v1.kind == "veth");
  CHECK(v1.master == br.index);
  CHECK(v1.up());
  Netlink n1 = Netlink::open_in(c1.ns());
  auto addrs = list_addresses(n1, get_link(n1, "eth0").index, AF_INET);
  REQUIRE(addrs.size() == 1);
  CHECK(addrs[0].cidr.str() == "10.231.0.2/24");
  bool has_default = false;
  for (const auto& r : list_routes(n1, AF_INET)) {
    if (r.is_default() && r.gateway && r.gateway->str() == "10.231.0.1") has_default = true;
  }
  CHECK(has_default);
  CHECK(ip_json_has(c1.enter(), "route show default", "\"gateway\":\"10.231.0.1\""));

  // Real traffic: container to container, container to bridge.
  CHECK(sh(c1.enter() + "busybox ping -c 1 -W 2 10.231.0.3 >/dev/null 2>&1").status == 0);
  CHECK(sh(c2.enter() + "busybox ping -c 1 -W 2 10.231.0.1 >/dev/null 2>&1").status == 0);

  // Teardown: deleting the host end takes its peer along; twice is fine.
  CHECK(delete_link(host, "wveth1"));
  CHECK_FALSE(delete_link(host, "wveth1"));
  CHECK(delete_link(host, "wveth2"));
  CHECK(delete_link(host, "wbr0"));
  CHECK_FALSE(ip_json_has("", "link show", "wbr0"));
  CHECK_FALSE(ip_json_has("", "link show", "wveth"));
  CHECK_FALSE(ip_json_has(c1.enter(), "link show", "eth0"));
  CHECK_FALSE(ip_json_has("", "addr show", "10.231.0.1"));
}

TEST_CASE("link attributes change as asked", "[netns]") {
  Netlink host = Netlink::open();
  create_veth(host, {.name = "wdum0", .peer = "wdum0p"});
  set_mtu(host, "wdum0", 1280);
  auto mac = *MacAddress::parse("02:00:00:aa:bb:cc");
  set_mac(host, "wdum0", mac);
  rename_link(host, "wdum0", "wdum1");
  CHECK_FALSE(find_link(host, "wdum0"));
  Link l = get_link(host, "wdum1");
  CHECK(l.mtu == 1280);
  CHECK(l.mac == mac);
  CHECK(l.kind == "veth");
  CHECK(find_link(host, l.index)->name == "wdum1");
  CHECK(ip_json_has("", "link show wdum1", "\"mtu\":1280"));

  create_bridge(host, "wbr1");
  set_master(host, "wdum1", "wbr1");
  CHECK(get_link(host, "wdum1").master == get_link(host, "wbr1").index);
  set_nomaster(host, "wdum1");
  CHECK(get_link(host, "wdum1").master == 0);

  // macvlan on the veth end as its parent.
  create_macvlan(host, "wmv0", l.index, MacvlanMode::bridge);
  Link mv = get_link(host, "wmv0");
  CHECK(mv.kind == "macvlan");
  CHECK(mv.link == l.index);

  bool seen = false;
  for (const auto& link : list_links(host)) seen = seen || link.name == "wmv0";
  CHECK(seen);
  CHECK(delete_link(host, "wmv0"));
  CHECK(delete_link(host, "wdum1"));
  CHECK_FALSE(find_link(host, "wdum0p"));  // a veth's peer goes with it
  CHECK(delete_link(host, "wbr1"));
}

TEST_CASE("dummy links, where the kernel has the driver", "[netns]") {
  // Some kernels (this project's CI VM among them) are built without
  // CONFIG_DUMMY; then the kernel's own reason must come through whole.
  Netlink host = Netlink::open();
  try {
    create_dummy(host, "wdum9", 1400);
  } catch (const base::Error& e) {
    CHECK(e.err() == EOPNOTSUPP);
    CHECK(std::string(e.what()) == "create dummy wdum9: Unknown device type: Operation not supported");
    return;
  }
  Link l = get_link(host, "wdum9");
  CHECK(l.kind == "dummy");
  CHECK(l.mtu == 1400);
  CHECK(delete_link(host, "wdum9"));
}

TEST_CASE("a link moves into another namespace under a new name", "[netns]") {
  Netlink host = Netlink::open();
  TempNetns ctr("mv");
  create_veth(host, {.name = "wmove0", .peer = "wmove1"});
  move_link_to_ns(host, "wmove1", ctr.ns(), std::string("inside0"));
  CHECK_FALSE(find_link(host, "wmove1"));
  Netlink c = Netlink::open_in(ctr.ns());
  CHECK(get_link(c, "inside0").kind == "veth");
  // A bridge is bound to its namespace; the kernel says so.
  create_bridge(host, "wbr2");
  CHECK_THROWS_WITH(move_link_to_ns(host, "wbr2", ctr.ns()),
                    Catch::Contains("The interface netns is immutable: Invalid argument"));
  CHECK(delete_link(host, "wbr2"));
  CHECK(delete_link(host, "wmove0"));
}

TEST_CASE("kernel errors name the request and carry the extended ack", "[netns]") {
  Netlink host = Netlink::open();
  create_bridge(host, "wdup0");
  try {
    create_bridge(host, "wdup0");
    FAIL("expected EEXIST");
  } catch (const base::Error& e) {
    CHECK(e.err() == EEXIST);
    CHECK(std::string(e.what()) == "create bridge wdup0: File exists");
  }
  try {
    Message m = build_create_link("no-such-kind", "wbad0", 0);
    host.request(m);
    FAIL("expected an error");
  } catch (const base::Error& e) {
    CHECK(e.err() == EOPNOTSUPP);
    CHECK(std::string(e.what()).find("Unknown device type") != std::string::npos);
  }
  CHECK_THROWS_WITH(get_link(host, "wnone0"), "link wnone0: No such device");
  CHECK(delete_link(host, "wdup0"));
}

TEST_CASE("addresses and routes: add, list, delete, idempotent delete", "[netns]") {
  TempNetns ns("ar");
  Netlink nl = Netlink::open_in(ns.ns());
  create_bridge(nl, "d0");
  set_link_up(nl, "d0");
  int idx = get_link(nl, "d0").index;
  add_address(nl, idx, *Cidr::parse("10.232.0.5/24"));
  add_address(nl, idx, *Cidr::parse("fd00:232::5/64"));
  CHECK_THROWS_AS(add_address(nl, idx, *Cidr::parse("10.232.0.5/24")), base::Error);
  CHECK(list_addresses(nl, idx, AF_INET).size() == 1);
  CHECK(ip_json_has(ns.enter(), "addr show d0", "fd00:232::5"));

  Route r;
  r.dst = *Cidr::parse("10.233.0.0/16");
  r.gateway = IpAddress::parse("10.232.0.1");
  r.oif = idx;
  r.metric = 50;
  add_route(nl, r);
  Route onlink = default_route(*IpAddress::parse("10.99.0.1"), idx);
  onlink.onlink = true;  // the gateway is outside every local subnet
  add_route(nl, onlink);
  CHECK(ip_json_has(ns.enter(), "route show 10.233.0.0/16", "\"metric\":50"));
  CHECK(ip_json_has(ns.enter(), "route show default", "onlink"));
  delete_route(nl, r);
  delete_route(nl, r);
  delete_route(nl, onlink);
  CHECK_FALSE(ip_json_has(ns.enter(), "route show", "10.233.0.0"));

  delete_address(nl, idx, *Cidr::parse("10.232.0.5/24"));
  delete_address(nl, idx, *Cidr::parse("10.232.0.5/24"));
  CHECK(list_addresses(nl, idx, AF_INET).empty());
}

TEST_CASE("a tap device is created inside a namespace", "[netns]") {
  TempNetns ns("tap");
  Tap tap = create_tap("tap0", &ns.ns());
  CHECK(tap.name == "tap0");
  CHECK(tap.fd);
  Netlink nl = Netlink::open_in(ns.ns());
  CHECK(get_link(nl, "tap0").kind == "tun");
  tap.fd.reset();  // not persistent: closing removes it
  CHECK_FALSE(find_link(nl, "tap0"));
  Tap named = create_tap("wtap%d", &ns.ns());
  CHECK(named.name == "wtap0");
}
