// SPDX-License-Identifier: GPL-2.0-or-later
// store/network_mode_test.cc: the record's --network text both ways.
#include <catch2/catch.hpp>

#include "store/network_mode.h"

using store::NetworkMode;
using Kind = NetworkMode::Kind;

TEST_CASE("network modes parse into their kind and argument", "[store]") {
  CHECK(NetworkMode::parse("bridge").kind == Kind::bridge);
  CHECK(NetworkMode::parse("none").kind == Kind::none);
  CHECK(NetworkMode::parse("").kind == Kind::none);
  CHECK(NetworkMode::parse("host").kind == Kind::host);
  CHECK(NetworkMode::parse("container:abc") == NetworkMode(Kind::container, "abc"));
  CHECK(NetworkMode::parse("ns:/run/netns/x:y") == NetworkMode(Kind::ns, "/run/netns/x:y"));
  CHECK(NetworkMode::parse("slirp4netns") == NetworkMode(Kind::slirp4netns));
  CHECK(NetworkMode::parse("slirp4netns:port_handler=slirp4netns,mtu=1500") ==
        NetworkMode(Kind::slirp4netns, "port_handler=slirp4netns,mtu=1500"));
  for (const char* t : {"bridge", "none", "host", "container:abc", "ns:/x", "slirp4netns", "slirp4netns:mtu=1500"}) {
    CAPTURE(t);
    CHECK(NetworkMode::parse(t).str() == t);
  }
  for (const char* bad : {"container:", "ns:", "bogus", "bridge:x", "pasta"}) {
    CAPTURE(bad);
    CHECK_THROWS(NetworkMode::parse(bad));
  }
  CHECK(NetworkMode::parse("bridge").own_namespace());
  CHECK_FALSE(NetworkMode::parse("host").own_namespace());
  CHECK(NetworkMode::parse("slirp4netns").publishes());
  CHECK_FALSE(NetworkMode::parse("container:abc").publishes());
}
