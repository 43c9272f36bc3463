// SPDX-License-Identifier: GPL-2.0-or-later
// cni/portmap_kernel_test.cc: published ports, forwarding and isolation
// with real traffic. The test's own namespace plays the host; "remote" is
// another host on its network; containers sit on bridges. Servers answer
// with the address the connection came from.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "base/file.h"
#include "cni/error.h"
#include "cni/exec.h"
#include "cni/firewall_state.h"
#include "netns/addr.h"
#include "netns/conntrack.h"
#include "netns/link.h"
#include "netns/netlink.h"
#include "netns/route.h"
#include "netns/sysctl.h"
#include "portmap/drift.h"
#include "portmap/ports.h"
#include "portmap/table.h"
#include "tests/cni_fixture.h"
#include "tests/sockets.h"

using namespace testing;

namespace {

// Host 10.241.0.1 (and 10.242.0.1) on a link to "remote" 10.241.0.2.
struct Lan {
  TempNetns remote{"remote"};
  netns::Netlink host = netns::Netlink::open();
  Lan() {
    // Links made from here on are usable at once, without IPv6 DAD
    // holding their link-local addresses back (only in these test hosts).
    netns::write_sysctl("net.ipv6.conf.default.accept_dad", "0");
    netns::write_sysctl("net.ipv6.conf.default.accept_dad", "0", &remote.ns());
    netns::create_veth(host, {.name = "wan0", .peer = "eth0", .peer_ns = &remote.ns()});
    int wan = netns::get_link(host, "wan0").index;
    for (const char* a : {"10.241.0.1/24", "10.242.0.1/24", "fd00:241::1/64", "fd00:242::1/64"}) {
      netns::add_address(host, wan, *netns::Cidr::parse(a), true);
    }
    netns::set_link_up(host, "wan0");
    netns::set_link_up(host, "lo");
    netns::Netlink r = netns::Netlink::open_in(remote.ns());
    int eth = netns::get_link(r, "eth0").index;
    netns::add_address(r, eth, *netns::Cidr::parse("10.241.0.2/24"), true);
    netns::add_address(r, eth, *netns::Cidr::parse("fd00:241::2/64"), true);
    netns::set_link_up(r, "eth0");
    netns::add_route(r, netns::default_route(*netns::IpAddress::parse("10.241.0.1"), eth));
    netns::add_route(r, netns::default_route(*netns::IpAddress::parse("fd00:241::1"), eth));
  }
  ~Lan() { netns::delete_link(host, "wan0"); }
};

std::string conflist(const CniNet& net, const std::string& subnet, const std::string& fw_extra = "",
                     const std::string& bridge_extra = R"(,"ipMasq":true)", const std::string& subnet6 = "") {
  std::string ranges = R"([[{"subnet":")" + subnet + R"("}])" +
                       (subnet6.empty() ? "" : R"(,[{"subnet":")" + subnet6 + R"("}])") + "]";
  return R"({"cniVersion":"1.0.0","name":")" + net.name + R"(","plugins":[
    {"type":"bridge","bridge":")" + net.bridge + R"(","isGateway":true,"hairpinMode":true)" + bridge_extra + R"(,
     "ipam":{"type":"host-local","routes":[{"dst":"0.0.0.0/0"},{"dst":"::/0"}],"ranges":)" + ranges + R"(,
             "dataDir":")" + net.ipam_dir() + R"("}},
    {"type":"portmap","capabilities":{"portMappings":true}},
    {"type":"firewall")" + fw_extra + "}]}";
}

cni::RuntimeConf with_ports(cni::RuntimeConf rt, const std::string& mappings_json) {
  auto d = base::json::parse(mappings_json, "test mappings");
  rt.capability_args.add("portMappings", d);
  return rt;
}

// A bridge's route_localnet sysctl in the throwaway host.
std::optional<std::string> localnet_of(const std::string& bridge) {
  return netns::read_sysctl("net/ipv4/conf/" + bridge + "/route_localnet");
}

std::optional<std::string> from_remote(Lan& lan, const std::string& ip, uint16_t port) {
  return tcp_request(&lan.remote.ns(), ip, port);
}

}  // namespace

TEST_CASE("a published port answers every path, with the right source address", "[netns]") {
  Lan lan;
  CniNet net("pmnet", "cni-pm0");
  TempNetns c1("c1"), c2("c2");
  auto list = net.list(conflist(net, "10.99.0.0/24"));
  auto rt1 = with_ports(CniNet::attachment("ctr1", c1), R"([
      {"hostPort":8080,"containerPort":80,"protocol":"tcp"},
      {"hostPort":8081,"containerPort":80,"protocol":"tcp","hostIP":"10.241.0.1"},
      {"hostPort":9000,"containerPort":9000},{"hostPort":9001,"containerPort":9001},{"hostPort":9002,"containerPort":9002},
      {"hostPort":7000,"containerPort":7000,"protocol":"tcp"},{"hostPort":7000,"containerPort":7000,"protocol":"udp"},
      {"hostPort":5353,"containerPort":53,"protocol":"udp"}])");
  net.loader.add(list, rt1);
  net.loader.add(list, CniNet::attachment("ctr2", c2));
  Server http(c1.ns(), 80), r0(c1.ns(), 9000), r1(c1.ns(), 9001), r2(c1.ns(), 9002);
  Server t7(c1.ns(), 7000), u7(c1.ns(), 7000, true), dns(c1.ns(), 53, true);

  // Another host: its own address arrives, no masquerade.
  CHECK(from_remote(lan, "10.241.0.1", 8080) == "peer=10.241.0.2");
  // The host itself, by its address and by 127.0.0.1.
  CHECK(tcp_request(nullptr, "10.241.0.1", 8080) == "peer=10.241.0.1");
  CHECK(tcp_request(nullptr, "127.0.0.1", 8080) == "peer=10.99.0.1");
  CHECK(localnet_of("cni-pm0") == "1");
  // Hairpin: the container itself, and its neighbour on the bridge.
  CHECK(tcp_request(&c1.ns(), "10.241.0.1", 8080) == "peer=10.99.0.1");
  CHECK(tcp_request(&c2.ns(), "10.241.0.1", 8080) == "peer=10.99.0.1");
  // A host address restricts the mapping to it.
  CHECK(from_remote(lan, "10.241.0.1", 8081) == "peer=10.241.0.2");
  CHECK_FALSE(from_remote(lan, "10.242.0.1", 8081));
  CHECK(from_remote(lan, "10.242.0.1", 8080) == "peer=10.241.0.2");
  // A range is a run of ports.
  for (uint16_t p : {9000, 9001, 9002}) CHECK(from_remote(lan, "10.241.0.1", p) == "peer=10.241.0.2");
  // UDP both ways, and tcp and udp on one port.
  CHECK(udp_request(&lan.remote.ns(), "10.241.0.1", 5353) == "peer=10.241.0.2");
  CHECK(udp_request(&lan.remote.ns(), "10.241.0.1", 7000) == "peer=10.241.0.2");
  CHECK(from_remote(lan, "10.241.0.1", 7000) == "peer=10.241.0.2");
  // One element per port, no rule per container.
  // No rule per container: the base chains hold the same rules throughout.
  auto base_rules = [] {
    std::string out;
    for (const char* c : {"prerouting", "output", "postrouting", "forward"}) {
      out += sh(std::string("nft list chain inet warren ") + c).out;
    }
    return out;
  };
  auto counts = base_rules();
  CHECK(sh("nft list map inet warren ports4 | grep -o 'comment \"pmnet/ctr1/eth0\"' | wc -l").out == "7\n");
  CHECK_NOTHROW(net.loader.check(list, rt1));

  net.loader.del(list, rt1);
  CHECK_FALSE(from_remote(lan, "10.241.0.1", 8080));
  CHECK_FALSE(tcp_request(nullptr, "127.0.0.1", 8080, 500));
  CHECK_FALSE(udp_request(&lan.remote.ns(), "10.241.0.1", 5353, 0, 500));
  CHECK(sh("nft list table inet warren").out.find("pmnet/ctr1") == std::string::npos);
  CHECK(base_rules() == counts);
  CHECK(localnet_of("cni-pm0") == "0");
  net.loader.del(list, CniNet::attachment("ctr2", c2));
  netns::delete_link(lan.host, "cni-pm0");
}

TEST_CASE("IPv6: published ports on every address, or one, with the client's address", "[netns]") {
  Lan lan;
  CniNet net("v6net", "cni-v6");
  TempNetns c("c");
  auto list = net.list(conflist(net, "10.99.0.0/24", "", R"(,"ipMasq":true)", "fd00:99::/64"));
  auto rt = with_ports(CniNet::attachment("v6", c), R"([{"hostPort":8080,"containerPort":80},
      {"hostPort":8082,"containerPort":80,"hostIP":"fd00:241::1"},{"hostPort":5353,"containerPort":53,"protocol":"udp"}])");
  net.loader.add(list, rt);
  Server http(c.ns(), 80), dns(c.ns(), 53, true);
  CHECK(tcp_request(&lan.remote.ns(), "fd00:241::1", 8080) == "peer=fd00:241::2");
  CHECK(tcp_request(&lan.remote.ns(), "10.241.0.1", 8080) == "peer=10.241.0.2");
  CHECK(tcp_request(&lan.remote.ns(), "fd00:241::1", 8082) == "peer=fd00:241::2");
  CHECK_FALSE(tcp_request(&lan.remote.ns(), "fd00:242::1", 8082, 500));
  CHECK_FALSE(tcp_request(&lan.remote.ns(), "10.241.0.1", 8082, 500));  // bound to a v6 address only
  CHECK(udp_request(&lan.remote.ns(), "fd00:241::1", 5353) == "peer=fd00:241::2");
  CHECK(tcp_request(nullptr, "fd00:241::1", 8080) == "peer=fd00:241::1");
  CHECK(sh("nft list map inet warren ports6").out.find("fd00:99::2 . 80") != std::string::npos);
  CHECK_NOTHROW(net.loader.check(list, rt));
  net.loader.del(list, rt);
  CHECK_FALSE(tcp_request(&lan.remote.ns(), "fd00:241::1", 8080, 500));
  CHECK(sh("nft list table inet warren").out.find("v6net/") == std::string::npos);
  netns::delete_link(lan.host, "cni-v6");
}

TEST_CASE("route_localnet stays on while any container behind the bridge publishes an IPv4 port", "[netns]") {
  Lan lan;
  CniNet net("lnnet", "cni-ln0");
  TempNetns c1("c1"), c2("c2"), c3("c3");
  auto list = net.list(conflist(net, "10.99.0.0/24"));
  auto localnet = [] { return localnet_of("cni-ln0"); };
  auto counter = [] { return sh("nft list counter inet warren localnet_cni-ln0 2>/dev/null").status == 0; };
  auto rt1 = with_ports(CniNet::attachment("p1", c1), R"([{"hostPort":8080,"containerPort":80}])");
  auto rt2 = with_ports(CniNet::attachment("p2", c2), R"([{"hostPort":8081,"containerPort":80}])");
  net.loader.add(list, rt1);
  net.loader.add(list, rt2);
  net.loader.add(list, CniNet::attachment("none", c3));
  Server h1(c1.ns(), 80), h2(c2.ns(), 80);
  CHECK(localnet() == "1");
  // One reference per container with a port; none for the one without.
  CHECK(sh("nft list map inet warren localnet4 | grep -c ': \"localnet_cni-ln0\"'").out == "2\n");
  net.loader.del(list, rt1);
  CHECK(localnet() == "1");
  CHECK(counter());
  CHECK(tcp_request(nullptr, "127.0.0.1", 8081) == "peer=10.99.0.1");
  net.loader.del(list, rt2);
  CHECK(localnet() == "0");
  CHECK_FALSE(counter());
  CHECK_FALSE(tcp_request(nullptr, "127.0.0.1", 8081, 500));
  // And a new one turns it on again.
  net.loader.add(list, rt1);
  CHECK(localnet() == "1");
  CHECK(tcp_request(nullptr, "127.0.0.1", 8080) == "peer=10.99.0.1");
  // A table flushed under it (a firewall reload in this throwaway host)
  // holds no reference: DEL still turns it off.
  REQUIRE(sh("nft flush ruleset").status == 0);
  net.loader.del(list, rt1);
  CHECK(localnet() == "0");
  net.loader.add(list, rt2);
  net.loader.del(list, rt2);
  net.loader.del(list, CniNet::attachment("none", c3));
  CHECK(localnet() == "0");
  CHECK(sh("nft list table inet warren | grep -c -e comment -e 'counter localnet'").out == "0\n");
  netns::delete_link(lan.host, "cni-ln0");
}

TEST_CASE("a table made by an older warren gets the maps it lacks on the next ADD", "[netns]") {
  Lan lan;
  CniNet net("oldnet", "cni-old0");
  TempNetns c1("c1"), c2("c2"), c3("c3");
  auto list = net.list(conflist(net, "10.99.0.0/24"));
  auto localnet = [] { return localnet_of("cni-old0"); };
  auto o1 = with_ports(CniNet::attachment("o1", c1), R"([{"hostPort":8081,"containerPort":80}])");
  auto o2 = with_ports(CniNet::attachment("o2", c2), R"([{"hostPort":8082,"containerPort":80}])");
  auto fresh = with_ports(CniNet::attachment("new", c3), R"([{"hostPort":8080,"containerPort":80}])");
  net.loader.add(list, o1);
  net.loader.add(list, o2);
  Server h1(c1.ns(), 80), h2(c2.ns(), 80), h3(c3.ns(), 80);
  // The table as the fourth session's warren left it: no localnet4, no counter.
  REQUIRE(sh("nft delete map inet warren localnet4 && nft delete counter inet warren localnet_cni-old0").status == 0);
  // A teardown by owner alone (no prevResult) finds no localnet4 to clean.
  netns::Netlink nft = netns::Netlink::open(NETLINK_NETFILTER);
  CHECK_NOTHROW(portmap::teardown_ports(nft, lan.host, "oldnet/nobody/eth0", "cni-old0"));
  // A DEL before any ADD reads the maps: o1 still publishes.
  net.loader.del(list, o2);
  CHECK(localnet() == "1");
  CHECK(tcp_request(nullptr, "127.0.0.1", 8081) == "peer=10.99.0.1");
  // The next ADD brings the map back, with o1's reference.
  net.loader.add(list, fresh);
  CHECK(tcp_request(nullptr, "127.0.0.1", 8080) == "peer=10.99.0.1");
  CHECK(sh("nft list map inet warren localnet4 | grep -c ': \"localnet_cni-old0\"'").out == "2\n");
  net.loader.del(list, fresh);
  CHECK(localnet() == "1");
  CHECK(tcp_request(nullptr, "127.0.0.1", 8081) == "peer=10.99.0.1");
  net.loader.del(list, o1);
  CHECK(localnet() == "0");
  CHECK(sh("nft list counter inet warren localnet_cni-old0").status != 0);
  netns::delete_link(lan.host, "cni-old0");
}

TEST_CASE("a host port in use is refused, names its owner, and breaks nothing", "[netns]") {
  Lan lan;
  CniNet net("dupnet", "cni-dup0");
  TempNetns c1("c1"), c2("c2");
  auto list = net.list(conflist(net, "10.99.0.0/24"));
  net.loader.add(list, with_ports(CniNet::attachment("first", c1), R"([{"hostPort":8080,"containerPort":80}])"));
  Server http(c1.ns(), 80);
  auto second = with_ports(CniNet::attachment("second", c2), R"([{"hostPort":8080,"containerPort":80}])");
  CHECK_THROWS_WITH(net.loader.add(list, second), Catch::Contains("host port 8080/tcp is already published by dupnet/first/eth0"));
  // The failed ADD left nothing: no interface, address, element or cache.
  netns::Netlink in2 = netns::Netlink::open_in(c2.ns());
  CHECK_FALSE(netns::find_link(in2, "eth0"));
  CHECK(sh("ls " + net.ipam_dir() + "/dupnet").out.find("10.99.0.3") == std::string::npos);
  CHECK(sh("nft list table inet warren").out.find("dupnet/second") == std::string::npos);
  // And the first container still answers.
  CHECK(from_remote(lan, "10.241.0.1", 8080) == "peer=10.241.0.2");
  net.loader.del(list, CniNet::attachment("first", c1));
  netns::delete_link(lan.host, "cni-dup0");
}

TEST_CASE("UDP conntrack of a published port is flushed on ADD", "[netns]") {
  Lan lan;
  CniNet net("udpnet", "cni-udp0");
  TempNetns c("c"), other("o");
  auto list = net.list(conflist(net, "10.99.0.0/24"));
  // Connections are tracked where warren's table is (a host with any
  // container on a network): one without ports makes it, here, whatever
  // earlier tests left (alone, this test found no entry to flush).
  net.loader.add(list, CniNet::attachment("o", other));
  // A datagram to the port before anything is published leaves a
  // conntrack entry that would keep later datagrams from being DNATed.
  CHECK_FALSE(udp_request(&lan.remote.ns(), "10.241.0.1", 5454, 40000, 300));
  netns::Netlink ct = netns::Netlink::open(NETLINK_NETFILTER);
  CHECK(netns::count_conntrack(ct, AF_INET, 17, 5454) == 1);
  net.loader.add(list, with_ports(CniNet::attachment("u", c), R"([{"hostPort":5454,"containerPort":53,"protocol":"udp"}])"));
  Server dns(c.ns(), 53, true);
  CHECK(udp_request(&lan.remote.ns(), "10.241.0.1", 5454, 40000) == "peer=10.241.0.2");
  net.loader.del(list, CniNet::attachment("u", c));
  CHECK(netns::count_conntrack(ct, AF_INET, 17, 5454) == 0);  // flushed on DEL too
  net.loader.del(list, CniNet::attachment("o", other));
  netns::delete_link(lan.host, "cni-udp0");
}

TEST_CASE("networks are isolated; published ports cross; internal networks stay in", "[netns]") {
  Lan lan;
  CniNet a("neta", "cni-a0"), b("netb", "cni-b0"), in("netin", "cni-in0");
  TempNetns ca("ca"), cb("cb"), ci1("ci1"), ci2("ci2");
  auto la = a.list(conflist(a, "10.99.0.0/24")), lb = b.list(conflist(b, "10.98.0.0/24"));
  auto li = in.list(conflist(in, "10.97.0.0/24", R"(,"internal":true)", R"(,"ipMasq":false)"));
  a.loader.add(la, with_ports(CniNet::attachment("ca", ca), R"([{"hostPort":8080,"containerPort":80}])"));
  b.loader.add(lb, CniNet::attachment("cb", cb));
  in.loader.add(li, CniNet::attachment("ci1", ci1));
  in.loader.add(li, CniNet::attachment("ci2", ci2));
  Server http(ca.ns(), 80), in_http(ci2.ns(), 80);
  // Directly between networks: dropped. Through the published port: fine,
  // and the server sees the other container's own address.
  CHECK_FALSE(tcp_request(&cb.ns(), "10.99.0.2", 80, 500));
  CHECK(tcp_request(&cb.ns(), "10.241.0.1", 8080) == "peer=10.98.0.2");
  // Out to another host: masqueraded for a, nothing at all for internal.
  Server remote_http(lan.remote.ns(), 80);
  CHECK(tcp_request(&ca.ns(), "10.241.0.2", 80) == "peer=10.241.0.1");
  CHECK_FALSE(tcp_request(&ci1.ns(), "10.241.0.2", 80, 500));
  CHECK(tcp_request(&ci1.ns(), "10.97.0.3", 80) == "peer=10.97.0.2");
  CHECK_FALSE(tcp_request(&lan.remote.ns(), "10.97.0.3", 80, 500));
  a.loader.del(la, CniNet::attachment("ca", ca));
  b.loader.del(lb, CniNet::attachment("cb", cb));
  in.loader.del(li, CniNet::attachment("ci1", ci1));
  in.loader.del(li, CniNet::attachment("ci2", ci2));
  CHECK(sh("nft list table inet warren").out.find("comment") == std::string::npos);
  for (const char* br : {"cni-a0", "cni-b0", "cni-in0"}) netns::delete_link(lan.host, br);
}

TEST_CASE("a flushed ruleset is found and repaired from the cache", "[netns]") {
  Lan lan;
  CniNet net("driftnet", "cni-drift0");
  TempNetns c("c");
  auto list = net.list(conflist(net, "10.99.0.0/24"));
  net.loader.add(list, with_ports(CniNet::attachment("d", c), R"([{"hostPort":8080,"containerPort":80}])"));
  Server http(c.ns(), 80);
  std::string cache = net.dir.path() + "/cache";
  netns::Netlink nft = netns::Netlink::open(NETLINK_NETFILTER);
  CHECK(portmap::table_drift(nft, cni::wanted_entries(cache)) == "");
  CHECK(cni::repair_firewall(cache).empty());  // nothing to do

  REQUIRE(sh("nft flush ruleset").status == 0);
  CHECK_FALSE(from_remote(lan, "10.241.0.1", 8080));
  CHECK(cni::repair_firewall(cache) == "table inet warren is missing");
  CHECK(from_remote(lan, "10.241.0.1", 8080) == "peer=10.241.0.2");
  // The bridge's localnet counter is back with the container's reference.
  CHECK(sh("nft list map inet warren localnet4").out.find("\"localnet_cni-drift0\"") != std::string::npos);
  CHECK(portmap::table_drift(nft, cni::wanted_entries(cache)).empty());

  REQUIRE(sh("nft flush chain inet warren prerouting").status == 0);
  CHECK(cni::repair_firewall(cache) == "chain prerouting has 0 rules, not 5");
  REQUIRE(sh("nft delete element inet warren ports4 '{ tcp . 8080 }'").status == 0);
  CHECK(cni::repair_firewall(cache) == "set ports4 holds other elements than the state says");
  CHECK(from_remote(lan, "10.241.0.1", 8080) == "peer=10.241.0.2");
  net.loader.del(list, CniNet::attachment("d", c));
  CHECK(portmap::table_drift(nft, cni::wanted_entries(cache)).empty());
  CHECK(sh("nft list counter inet warren localnet_cni-drift0").status != 0);
  CHECK(localnet_of("cni-drift0") == "0");
  netns::delete_link(lan.host, "cni-drift0");
}

TEST_CASE("the table is the golden one", "[netns]") {
  netns::Netlink nft = netns::Netlink::open(NETLINK_NETFILTER);
  portmap::delete_table(nft);
  portmap::ensure_table(nft);
  auto golden = base::read_file(std::string(WARREN_SOURCE_DIR) + "/tests/golden/warren_table.nft");
  REQUIRE(golden);
  CHECK(sh("nft list table inet warren").out == *golden);
  portmap::delete_table(nft);
}

TEST_CASE("portmap and firewall through warren-cni, as another runtime runs them", "[netns]") {
  Lan lan;
  CniNet net("execnet", "cni-exec0");
  TempNetns c("c");
  TempDir bin;
  const char* self = std::getenv("WARREN_CNI");
  REQUIRE(self);
  for (const char* t : {"bridge", "portmap", "firewall"}) {
    REQUIRE(::symlink(self, (bin.path() + "/" + t).c_str()) == 0);
  }
  // The reference loader's way: each plugin an executable, the result
  // chained through prevResult, runtimeConfig from the capabilities.
  std::string bridge = R"({"cniVersion":"0.4.0","name":"execnet","type":"bridge","bridge":"cni-exec0","isGateway":true,
    "ipMasq":true,"ipam":{"type":"host-local","subnet":"10.99.0.0/24","routes":[{"dst":"0.0.0.0/0"}],"dataDir":")" +
                       net.ipam_dir() + R"("}})";
  cni::Env env{"ADD", "execid", c.path(), "eth0", "", {bin.path()}};
  auto run = [&](const char* type, const std::string& conf) {
    return cni::run_plugin(bin.path() + "/" + type, env, conf);
  };
  std::string r1 = run("bridge", bridge);
  std::string pm = R"({"cniVersion":"0.4.0","name":"execnet","type":"portmap","capabilities":{"portMappings":true},
    "runtimeConfig":{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]},"prevResult":)" + r1 + "}";
  std::string r2 = run("portmap", pm);
  std::string fw = R"({"cniVersion":"0.4.0","name":"execnet","type":"firewall","prevResult":)" + r2 + "}";
  run("firewall", fw);
  Server http(c.ns(), 80);
  CHECK(tcp_request(&lan.remote.ns(), "10.241.0.1", 8080) == "peer=10.241.0.2");
  env.command = "CHECK";
  CHECK_NOTHROW(run("portmap", pm));
  CHECK_NOTHROW(run("firewall", fw));
  env.command = "DEL";
  for (int i = 0; i < 2; ++i) {  // twice: DEL is idempotent
    CHECK_NOTHROW(run("firewall", fw));
    CHECK_NOTHROW(run("portmap", pm));
    CHECK_NOTHROW(run("bridge", bridge));
  }
  CHECK_FALSE(tcp_request(&lan.remote.ns(), "10.241.0.1", 8080, 500));
  CHECK(sh("nft list table inet warren").out.find("comment") == std::string::npos);
  netns::delete_link(lan.host, "cni-exec0");
}
