// SPDX-License-Identifier: GPL-2.0-or-later
// netns/ip_test.cc: address parsing and prefix arithmetic.
#include <catch2/catch.hpp>

#include <arpa/inet.h>

#include "netns/ip.h"

using netns::Cidr;
using netns::IpAddress;
using netns::MacAddress;

TEST_CASE("IpAddress parses v4 and v6 and rejects junk", "[netns]") {
  auto v4 = IpAddress::parse("10.88.0.2");
  REQUIRE(v4);
  CHECK(v4->family() == AF_INET);
  CHECK(v4->str() == "10.88.0.2");
  auto v6 = IpAddress::parse("fd00::1");
  REQUIRE(v6);
  CHECK(v6->family() == AF_INET6);
  CHECK(v6->str() == "fd00::1");
  CHECK_FALSE(IpAddress::parse("10.88.0.256"));
  CHECK_FALSE(IpAddress::parse("10.88.0"));
  CHECK_FALSE(IpAddress::parse(""));
  CHECK_FALSE(IpAddress::parse("host"));
}

TEST_CASE("Cidr keeps host bits, network() clears them", "[netns]") {
  auto c = Cidr::parse("10.88.0.1/16");
  REQUIRE(c);
  CHECK(c->str() == "10.88.0.1/16");
  CHECK(c->network().str() == "10.88.0.0/16");
  CHECK(c->contains(*IpAddress::parse("10.88.255.254")));
  CHECK_FALSE(c->contains(*IpAddress::parse("10.89.0.1")));
  CHECK_FALSE(c->contains(*IpAddress::parse("::1")));
  CHECK(Cidr::parse("10.89.3.77/27")->network().str() == "10.89.3.64/27");
  CHECK(Cidr::parse("fd00:1:2:3::5/64")->network().str() == "fd00:1:2:3::/64");
  CHECK(Cidr::parse("0.0.0.0/0")->contains(*IpAddress::parse("1.2.3.4")));
}

TEST_CASE("Cidr rejects bad prefixes", "[netns]") {
  CHECK_FALSE(Cidr::parse("10.0.0.0"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/33"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/-1"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/8x"));
  CHECK_FALSE(Cidr::parse("fd00::/129"));
  CHECK(Cidr::parse("fd00::/128"));
}

TEST_CASE("MacAddress round-trips", "[netns]") {
  auto m = MacAddress::parse("0a:58:0A:58:00:02");
  REQUIRE(m);
  CHECK(m->str() == "0a:58:0a:58:00:02");
  CHECK_FALSE(MacAddress::parse("0a:58:0a:58:00"));
  CHECK_FALSE(MacAddress::parse("0a-58-0a-58-00-02"));
  CHECK_FALSE(MacAddress::parse("zz:58:0a:58:00:02"));
}
