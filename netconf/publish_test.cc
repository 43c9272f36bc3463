// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/publish_test.cc: -p as Podman 4.3 reads it (each case checked
// against `podman create -p ... && podman inspect`).
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "netconf/publish.h"

using netconf::parse_publish;

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
  // Each checked against Podman 4.3, the order of its checks included.
  const std::pair<const char*, const char*> cases[] = {
      {"70000:80", "parsing host port: port numbers must be between 1 and 65535 (inclusive), got 70000"},
      {"8080:80000", "parsing container port: port numbers must be between 1 and 65535 (inclusive), got 80000"},
      {"abc", "parsing container port: invalid port number: strconv.Atoi: parsing \"abc\": invalid syntax"},
      {"8080-8082:80-81", "host and container port ranges have different lengths: 3 vs 2"},
      {"1.2.3:8080:80", "cannot parse \"1.2.3\" as an IP address"},
      {"8080:80/foo", "unrecognized protocol \"foo\" in port mapping"},
      {"80:80/tcp/udp", "invalid port format - protocol can only be specified once"},
      {"[::1]80:80", "invalid port format - IPv6 address must be followed by a colon (':')"},
      {"::1]:80:80", "invalid port format - IPv6 addresses must be enclosed by []"},
      {"[::1]:[::2]:80", "invalid port format - at most one IPv6 address can be specified in a --publish"},
      {"[::1]:80", "invalid port format - must provide host and destination port if specifying an IP"},
      {"[::1]:80:80:80", "invalid port format - when v6 address specified, must be [ipv6]:hostPort:ctrPort"},
      {"1:2:3:4", "invalid port format - format is [[hostIP:]hostPort:]containerPort"},
      {"/", "must provide a non-empty container port to publish"},
      {"80:/tcp", "must provide a non-empty container port to publish"},
      {"80/", "must provide a non-empty protocol to publish"},
      {"abc/", "parsing container port: invalid port number: strconv.Atoi: parsing \"abc\": invalid syntax"},
      {"1.2.3:abc:80", "cannot parse \"1.2.3\" as an IP address"},
      {"1.2.3:80:80/xyz", "cannot parse \"1.2.3\" as an IP address"},
      {"-1:80", "parsing host port: port numbers cannot be negative"},
      {"80-", "parsing container port: must provide ending number for port range"},
      {"80-81-82", "parsing container port: invalid port format - port ranges are formatted as startPort-stopPort"},
      {"80-80", "parsing container port: the end port of a range must be higher than the start port - 80 is not higher than 80"},
      {"99999999999999999999", "parsing container port: invalid port number: strconv.Atoi: parsing \"99999999999999999999\": value out of range"},
      {"0x50", "parsing container port: invalid port number: strconv.Atoi: parsing \"0x50\": invalid syntax"},
      {"80/XyZ", "unrecognized protocol \"xyz\" in port mapping"},
  };
  for (const auto& [spec, message] : cases) {
    INFO(spec);
    CHECK_THROWS_WITH(parse_publish(spec), message);
  }
}

TEST_CASE("-p takes what Podman takes") {
  CHECK(parse_publish("80/TCP")[0].protocol == "tcp");
  CHECK(parse_publish("+80")[0].container_port == 80);
  CHECK(parse_publish("080")[0].container_port == 80);
  auto p = parse_publish(":80-81");
  CHECK(p[0].host_port == 0);
  CHECK(p[0].range == 2);
  p = parse_publish("[::1]:8080-8081:80-81/udp");
  CHECK(p[0].host_ip == "::1");
  CHECK(p[0].host_port == 8080);
  CHECK(p[0].protocol == "udp");
}

TEST_CASE("a random port for an address the host lacks is picked on the wildcard") {
  std::vector<store::PublishedPort> ports = {{"192.0.2.77", 0, 80, "tcp", 1}};
  netconf::pick_host_ports(ports);
  CHECK(ports[0].host_port >= 1024);
  CHECK_THROWS_WITH(netconf::hold_host_ports(ports),
                    "cannot listen on the TCP port: listen tcp4 192.0.2.77:" + std::to_string(ports[0].host_port) +
                        ": bind: cannot assign requested address");
}

TEST_CASE("random host ports are free ones, consecutive for a range") {
  std::vector<store::PublishedPort> ports = {{"127.0.0.1", 0, 80, "tcp", 3}};
  netconf::pick_host_ports(ports);
  CHECK(ports[0].host_port >= 1024);
  auto held = netconf::hold_host_ports(ports);
  CHECK(held.size() == 3);
  // Held: a second hold of the same ports fails, naming the first.
  CHECK_THROWS_WITH(netconf::hold_host_ports(ports),
                    Catch::Matchers::StartsWith("cannot listen on the TCP port: listen tcp4 127.0.0.1:"));
}

TEST_CASE("ports are normalized as Podman's create does") {
  auto parse_all = [](std::initializer_list<const char*> specs) {
    std::vector<store::PublishedPort> out;
    for (const char* s : specs) {
      auto p = parse_publish(s);
      out.insert(out.end(), p.begin(), p.end());
    }
    netconf::normalize_ports(out);
    std::string text;
    for (const auto& p : out) {
      text += fmt::format("{}{}->{}/{}x{} ", p.host_ip.empty() ? "" : p.host_ip + ":", p.host_port, p.container_port,
                          p.protocol, p.range);
    }
    return text;
  };
  // Sorted, joined into runs, a duplicate and a contained port dropped.
  CHECK(parse_all({"9001:91", "9000:90", "8080:80", "8080:80", "8080-8081:80-81", "8081:81"}) ==
        "8080->80/tcpx2 9000->90/tcpx2 ");
  // tcp, then udp; host addresses sorted; random ports last, as given.
  CHECK(parse_all({"82", "9002:92/udp", "127.0.0.1:8086:80", "8087:80", "80"}) ==
        "8087->80/tcpx1 127.0.0.1:8086->80/tcpx1 9002->92/udpx1 0->82/tcpx1 0->80/tcpx1 ");
  // One host port to two container ports is Podman's to allow (not in a run).
  CHECK(parse_all({"8080:80", "8080:81"}) == "8080->80/tcpx1 8080->81/tcpx1 ");
  CHECK_THROWS_WITH(parse_all({"8080-8082:80-82", "8081:90"}), "conflicting port mappings for host port 8081 (protocol tcp)");
}
