// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/masquerade_kernel_test.cc: warren's table and masquerade elements
// on the throwaway host, as `nft` sees them.
#include <catch2/catch.hpp>

#include "netns/netlink.h"
#include "netns/nft_objects.h"
#include "portmap/masquerade.h"
#include "portmap/table.h"
#include "tests/temp_netns.h"

using netns::Cidr;
using testing::sh;

TEST_CASE("the table is made once, whole, and is found by nft", "[netns]") {
  netns::Netlink nl = netns::Netlink::open(NETLINK_NETFILTER);
  portmap::delete_table(nl);
  portmap::ensure_table(nl);
  portmap::ensure_table(nl);
  auto listing = sh("nft list table inet warren");
  REQUIRE(listing.status == 0);
  CHECK(listing.out.find("type nat hook postrouting priority srcnat") != std::string::npos);
  CHECK(listing.out.find("masquerade") != std::string::npos);
  CHECK(sh("nft list table inet warren | grep -c masquerade").out == "5\n");
  CHECK(netns::nft::list_chains(nl, portmap::kTable) ==
        std::vector<std::string>{"prerouting", "output", "postrouting", "forward"});
  portmap::delete_table(nl);
  portmap::delete_table(nl);
  CHECK(sh("nft list table inet warren 2>/dev/null").status != 0);
}

TEST_CASE("masquerade elements belong to their owner", "[netns]") {
  netns::Netlink nl = netns::Netlink::open(NETLINK_NETFILTER);
  std::vector<Cidr> a{*Cidr::parse("10.88.0.2/16"), *Cidr::parse("fd00:88::2/64")};
  std::vector<Cidr> b{*Cidr::parse("10.88.0.3/16")};
  portmap::setup_masquerade(nl, "podman/aaaa/eth0", a, "cni-podman0");
  portmap::setup_masquerade(nl, "podman/bbbb/eth0", b, "cni-podman0");
  portmap::setup_masquerade(nl, "podman/bbbb/eth0", b, "cni-podman0");  // idempotent
  CHECK(portmap::has_masquerade(nl, "podman/aaaa/eth0", a, "cni-podman0"));
  CHECK(portmap::has_masquerade(nl, "podman/bbbb/eth0", b, "cni-podman0"));
  CHECK_FALSE(portmap::has_masquerade(nl, "podman/aaaa/eth0", b, "cni-podman0"));
  CHECK(sh("nft list set inet warren masq4").out.find("10.88.0.2 comment \"podman/aaaa/eth0\"") != std::string::npos);
  CHECK(sh("nft list set inet warren masq4_skip").out.find("10.88.0.2 . \"cni-podman0\" comment \"podman/aaaa/eth0\"") !=
        std::string::npos);
  CHECK(sh("nft list set inet warren masq6").out.find("fd00:88::2") != std::string::npos);

  portmap::teardown_masquerade(nl, "podman/aaaa/eth0");
  portmap::teardown_masquerade(nl, "podman/aaaa/eth0");
  CHECK_FALSE(portmap::has_masquerade(nl, "podman/aaaa/eth0", a, "cni-podman0"));
  CHECK(portmap::has_masquerade(nl, "podman/bbbb/eth0", b, "cni-podman0"));
  CHECK(sh("nft list table inet warren").out.find("10.88.0.2") == std::string::npos);
  portmap::teardown_masquerade(nl, "podman/bbbb/eth0", b, "cni-podman0");  // by exact lookup
  CHECK(sh("nft list table inet warren").out.find("10.88.0.") == std::string::npos);
  portmap::delete_table(nl);
  portmap::teardown_masquerade(nl, "podman/bbbb/eth0");  // no table: nothing to do
}

TEST_CASE("another program's table is never touched", "[netns]") {
  REQUIRE(sh("nft add table ip other && nft add chain ip other c").status == 0);
  netns::Netlink nl = netns::Netlink::open(NETLINK_NETFILTER);
  portmap::ensure_table(nl);
  portmap::setup_masquerade(nl, "x", {*Cidr::parse("10.1.0.2/24")}, "br0");
  portmap::teardown_masquerade(nl, "x");
  portmap::delete_table(nl);
  CHECK(sh("nft list table ip other").status == 0);
  sh("nft delete table ip other");
}
