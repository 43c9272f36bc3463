// SPDX-License-Identifier: GPL-2.0-or-later
// bridge/host_local_test.cc: range checks, round-robin allocation, static
// requests, exhaustion, release and GC, on the reference's file format.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include "base/file.h"
#include "bridge/host_local.h"

using namespace bridge;
using netns::Cidr;
using netns::IpAddress;

namespace {

struct Store {
  std::string dir;
  Store() {
    char t[] = "/tmp/warren-unit-XXXXXX";
    REQUIRE(::mkdtemp(t));
    dir = t;
  }
  ~Store() { std::system(("rm -rf '" + dir + "'").c_str()); }
  HostLocalConfig config(const std::string& subnet, const std::string& net = "testnet") const {
    HostLocalConfig c;
    c.network = net;
    c.data_dir = dir;
    c.ranges = {{Range{*Cidr::parse(subnet)}}};
    return c;
  }
  std::optional<std::string> file(const std::string& name) const { return base::read_file(dir + "/testnet/" + name); }
};

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

}  // namespace

TEST_CASE("range defaults: gateway and start .1, end before broadcast", "[bridge]") {
  Range r{*Cidr::parse("10.99.0.0/24")};
  canonicalize(r, 0);
  CHECK(r.gateway->str() == "10.99.0.1");
  CHECK(r.start->str() == "10.99.0.1");
  CHECK(r.end->str() == "10.99.0.254");
  Range v6{*Cidr::parse("fd00:99::/120")};
  canonicalize(v6, 0);
  CHECK(v6.end->str() == "fd00:99::ff");
}

TEST_CASE("bad ranges are config errors with the reference's words", "[bridge]") {
  Range host_bits{*Cidr::parse("10.99.0.5/24")};
  CHECK_THROWS_WITH(canonicalize(host_bits, 0),
                    "invalid range set 0: network has host bits set. For a subnet mask of length 24 the network address is 10.99.0.0");
  Range outside{*Cidr::parse("10.97.0.0/24"), ip("10.96.0.5")};
  CHECK_THROWS_AS(canonicalize(outside, 0), ConfigError);
  CHECK_THROWS_WITH(canonicalize(outside, 0), "invalid range set 0: RangeStart 10.96.0.5 not in network 10.97.0.0/24");
  Range tiny{*Cidr::parse("10.97.0.0/31")};
  CHECK_THROWS_WITH(canonicalize(tiny, 2), "invalid range set 2: network 10.97.0.0/31 too small to allocate from");
}

TEST_CASE("allocation writes the reference's files and goes round robin", "[bridge]") {
  Store s;
  HostLocal h(s.config("10.99.0.0/24"));
  auto a = h.allocate({"abc123", "eth0"}, {});
  REQUIRE(a.size() == 1);
  CHECK(a[0].address.str() == "10.99.0.2/24");
  CHECK(a[0].gateway->str() == "10.99.0.1");
  CHECK(s.file("10.99.0.2") == std::optional<std::string>("abc123\r\neth0"));
  CHECK(s.file("last_reserved_ip.0") == std::optional<std::string>("10.99.0.2"));
  CHECK(s.file("lock").has_value());

  CHECK(h.allocate({"def456", "eth0"}, {})[0].address.str() == "10.99.0.3/24");
  h.release({"abc123", "eth0"});
  CHECK_FALSE(s.file("10.99.0.2"));
  // Round robin: the released .2 is not reused before the range wraps.
  CHECK(h.allocate({"ghi789", "eth0"}, {})[0].address.str() == "10.99.0.4/24");
  CHECK(h.find({"def456", "eth0"}) == std::vector<IpAddress>{ip("10.99.0.3")});
  CHECK_THROWS_WITH(h.allocate({"def456", "eth0"}, {}), Catch::Contains("duplicate allocation is not allowed"));
}

TEST_CASE("a /30 holds one address; exhaustion leaves nothing; reuse after release", "[bridge]") {
  Store s;
  HostLocal h(s.config("10.98.0.0/30"));
  CHECK(h.allocate({"one", "eth0"}, {})[0].address.str() == "10.98.0.2/30");
  CHECK_THROWS_WITH(h.allocate({"two", "eth0"}, {}),
                    "failed to allocate for range 0: no IP addresses available in range set 0");
  CHECK(h.find({"two", "eth0"}).empty());
  h.release({"one", "eth0"});
  CHECK(h.allocate({"two", "eth0"}, {})[0].address.str() == "10.98.0.2/30");
}

TEST_CASE("static requests: in range, taken, gateway, outside", "[bridge]") {
  Store s;
  HostLocal h(s.config("10.97.0.0/24"));
  CHECK(h.allocate({"a", "eth0"}, {ip("10.97.0.50")})[0].address.str() == "10.97.0.50/24");
  CHECK_THROWS_WITH(h.allocate({"b", "eth0"}, {ip("10.97.0.50")}),
                    "failed to allocate for range 0: requested IP address 10.97.0.50 is not available in range set 0");
  CHECK_THROWS_WITH(h.allocate({"b", "eth0"}, {ip("10.97.0.1")}), Catch::Contains("is subnet's gateway"));
  CHECK_THROWS_WITH(h.allocate({"b", "eth0"}, {ip("10.5.0.1")}), "failed to allocate all requested IPs: 10.5.0.1");
  CHECK(h.find({"b", "eth0"}).empty());
}

TEST_CASE("dual stack: one address per range set, both released together", "[bridge]") {
  Store s;
  HostLocalConfig c = s.config("10.96.0.0/24");
  c.ranges.push_back({Range{*Cidr::parse("fd00:96::/64")}});
  HostLocal h(c);
  auto a = h.allocate({"ds", "eth0"}, {});
  REQUIRE(a.size() == 2);
  CHECK(a[0].address.str() == "10.96.0.2/24");
  CHECK(a[1].address.str() == "fd00:96::2/64");
  CHECK(s.file("fd00:96::2") == std::optional<std::string>("ds\r\neth0"));
  CHECK(s.file("last_reserved_ip.1") == std::optional<std::string>("fd00:96::2"));
  // A failure in the second set gives back the first.
  h.release({"ds", "eth0"});
  HostLocalConfig small = s.config("10.96.0.0/24");
  small.ranges.push_back({Range{*Cidr::parse("fd00:97::/126")}});
  HostLocal hs(small);
  hs.allocate({"x", "eth0"}, {});  // a v6 /126 holds ::2 and ::3 (no broadcast)
  hs.allocate({"z", "eth0"}, {});
  CHECK_THROWS_WITH(hs.allocate({"y", "eth0"}, {}), Catch::Contains("no IP addresses available in range set 1"));
  CHECK(hs.find({"y", "eth0"}).empty());
}

TEST_CASE("release is idempotent; GC keeps only valid attachments", "[bridge]") {
  Store s;
  HostLocal h(s.config("10.95.0.0/24"));
  h.release({"never", "eth0"});
  h.allocate({"keep", "eth0"}, {});
  h.allocate({"drop", "eth0"}, {});
  h.allocate({"keep", "eth1"}, {});
  h.gc({{"keep", "eth0"}, {"keep", "eth1"}});
  CHECK(h.find({"drop", "eth0"}).empty());
  CHECK(h.find({"keep", "eth0"}).size() == 1);
  CHECK(h.find({"keep", "eth1"}).size() == 1);
  h.release({"keep", "eth0"});
  h.release({"keep", "eth0"});
  CHECK(h.find({"keep", "eth0"}).empty());
}

TEST_CASE("legacy files holding the id alone are found and released", "[bridge]") {
  Store s;
  HostLocal h(s.config("10.94.0.0/24"));
  base::ensure_dir(s.dir + "/testnet");
  base::write_file_atomic(s.dir + "/testnet/10.94.0.9", "old-id\n");
  CHECK(h.find({"old-id", "eth0"}) == std::vector<IpAddress>{ip("10.94.0.9")});
  h.release({"old-id", "eth0"});
  CHECK_FALSE(s.file("10.94.0.9"));
}

TEST_CASE("network names cannot escape the data dir", "[bridge]") {
  Store s;
  CHECK_THROWS_AS(HostLocal(s.config("10.93.0.0/24", "../etc")), ConfigError);
}
