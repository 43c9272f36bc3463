// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/publish_test.cc: -p as Podman 4.3 reads it (each case checked
// against `podman create -p ... && podman inspect`).
#include <catch2/catch.hpp>

#include "runtime/publish.h"

using runtime::parse_publish;

TEST_CASE("-p forms") {
  auto p = parse_publish("8080:80");
  REQUIRE(p.size() == 1);
  CHECK(p[0].host_port == 8080);
  CHECK(p[0].container_port == 80);
  CHECK(p[0].protocol == "tcp");
  CHECK(p[0].host_ip.empty());
  p = parse_publish("127.0.0.1::80/udp");
  CHECK(p[0].host_ip == "127.0.0.1");
  CHECK(p[0].host_port == 0);
  CHECK(p[0].protocol == "udp");
  p = parse_publish("[::1]:8080:80");
  CHECK(p[0].host_ip == "::1");
  CHECK(p[0].host_port == 8080);
  p = parse_publish("8080-8081:80-81");
  CHECK(p[0].range == 2);
  p = parse_publish("80-82");
  CHECK(p[0].host_port == 0);
  CHECK(p[0].range == 3);
  CHECK(parse_publish("53/sctp")[0].protocol == "sctp");
}

TEST_CASE("-p errors, in Podman's words") {
  CHECK_THROWS_WITH(parse_publish("70000:80"),
                    "parsing host port: port numbers must be between 1 and 65535 (inclusive), got 70000");
  CHECK_THROWS_WITH(parse_publish("8080:80000"),
                    "parsing container port: port numbers must be between 1 and 65535 (inclusive), got 80000");
  CHECK_THROWS_WITH(parse_publish("abc"),
                    "parsing container port: invalid port number: strconv.Atoi: parsing \"abc\": invalid syntax");
  CHECK_THROWS_WITH(parse_publish("8080-8082:80-81"), "host and container port ranges have different lengths: 3 vs 2");
  CHECK_THROWS_WITH(parse_publish("1.2.3:8080:80"), "cannot parse \"1.2.3\" as an IP address");
  CHECK_THROWS_WITH(parse_publish("8080:80/foo"), "unrecognized protocol \"foo\" in port mapping");
}

TEST_CASE("random host ports are free ones, consecutive for a range") {
  std::vector<runtime::PublishedPort> ports = {{"127.0.0.1", 0, 80, "tcp", 3}};
  runtime::pick_host_ports(ports);
  CHECK(ports[0].host_port >= 1024);
  auto held = runtime::hold_host_ports(ports);
  CHECK(held.size() == 3);
  // Held: a second hold of the same ports fails, naming the first.
  CHECK_THROWS_WITH(runtime::hold_host_ports(ports),
                    Catch::Matchers::StartsWith("cannot listen on the TCP port: listen tcp4 127.0.0.1:"));
}
