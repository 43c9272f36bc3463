// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/network_store_test.cc: networks as conflists, names, bridges and
// subnets handed out, Podman's errors; conflists read back as written.
#include <catch2/catch.hpp>

#include <algorithm>

#include "base/file.h"
#include "netconf/network_store.h"
#include "tests/temp_netns.h"

using netconf::NetworkRequest;
using netconf::NetworkStore;

namespace {

std::vector<netns::Cidr> host(std::initializer_list<const char*> cidrs) {
  std::vector<netns::Cidr> out;
  for (const char* c : cidrs) out.push_back(netns::Cidr::parse(c)->network());
  return out;
}

}  // namespace

TEST_CASE("the default network is listed before it is written, and written on first use") {
  testing::TempDir dir;
  NetworkStore store(dir.path(), config::read_settings({}));
  auto nets = store.list();
  REQUIRE(nets.size() == 1);
  CHECK(nets[0].name == "podman");
  CHECK(nets[0].interface == "cni-podman0");
  CHECK(nets[0].subnets[0].subnet == "10.88.0.0/16");
  CHECK(nets[0].subnets[0].gateway == "10.88.0.1");
  CHECK(nets[0].id == "2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9");  // sha256("podman"), as Podman
  CHECK(nets[0].path.empty());
  auto written = store.ensure_written(nets[0]);
  CHECK(written.path == dir.path() + "/podman.conflist");
  auto again = store.get("podman");
  CHECK(again.path == written.path);
  CHECK(again.subnets[0].subnet == "10.88.0.0/16");
  CHECK_FALSE(again.internal);
}

TEST_CASE("create hands out the next bridge and the next free /24, skipping the host's") {
  testing::TempDir dir;
  NetworkStore store(dir.path(), config::read_settings({}));
  auto a = store.create({}, host({"10.89.0.0/24"}));
  CHECK(a.name == "cni-podman1");
  CHECK(a.interface == "cni-podman1");
  CHECK(a.subnets[0].subnet == "10.89.1.0/24");
  NetworkRequest named;
  named.name = "web";
  auto b = store.create(named, {});
  CHECK(b.interface == "cni-podman2");
  CHECK(b.subnets[0].subnet == "10.89.0.0/24");
  // Read back from its file, as another invocation sees it.
  NetworkStore fresh(dir.path(), config::read_settings({}));
  auto back = fresh.get("web");
  CHECK(back.subnets[0].gateway == "10.89.0.1");
  CHECK(back.id == b.id);
}

TEST_CASE("create: options and lease range as Podman 4.3 writes them") {
  testing::TempDir dir;
  NetworkStore store(dir.path(), config::read_settings({}));
  NetworkRequest r;
  r.name = "mynet";
  r.subnets = {"10.99.0.0/24"};
  r.gateways = {"10.99.0.254"};
  r.ip_ranges = {"10.99.0.128/25"};
  r.internal = true;
  r.labels = {{"a", "b"}};
  r.options = {{"mtu", "1400"}, {"isolate", "true"}};
  store.create(r, {});
  auto text = base::read_file(dir.path() + "/mynet.conflist").value_or("");
  CHECK(text.find("\"rangeStart\": \"10.99.0.129\"") != std::string::npos);
  CHECK(text.find("\"rangeEnd\": \"10.99.0.255\"") != std::string::npos);
  // Internal, but with DNS: the gateway stays on the bridge for the
  // responder; nothing masqueraded, no route out.
  CHECK(text.find("\"isGateway\": true") != std::string::npos);
  CHECK(text.find("\"ipMasq\"") == std::string::npos);
  CHECK(text.find("\"routes\"") == std::string::npos);
  CHECK(text.find("\"type\": \"dnsname\"") != std::string::npos);
  CHECK(text.find("\"ingressPolicy\": \"same-bridge\"") != std::string::npos);
  CHECK(text.find("\"mtu\": 1400") != std::string::npos);
  auto n = store.get("mynet");
  CHECK(n.internal);
  CHECK(n.dns);
  r.name = "quiet";
  r.subnets = {"10.98.0.0/24"};
  r.gateways = {};
  r.ip_ranges = {};
  r.disable_dns = true;
  store.create(r, {});
  text = base::read_file(dir.path() + "/quiet.conflist").value_or("");
  CHECK(text.find("\"isGateway\": false") != std::string::npos);
  CHECK(text.find("dnsname") == std::string::npos);
  CHECK(store.get("quiet").internal);
  CHECK_FALSE(store.get("quiet").dns);
  CHECK(n.subnets[0].lease->start == "10.99.0.129");
  CHECK(n.labels == netconf::KeyValues{{"a", "b"}});
}

TEST_CASE("create errors, with nothing written") {
  testing::TempDir dir;
  NetworkStore store(dir.path(), config::read_settings({}));
  NetworkRequest r;
  r.subnets = {"10.88.1.0/24"};
  CHECK_THROWS_WITH(store.create(r, {}), "subnet 10.88.1.0/24 is already used on the host or by another config");
  r.subnets = {"192.168.7.0/24"};
  CHECK_THROWS_WITH(store.create(r, host({"192.168.0.0/16"})),
                    "subnet 192.168.7.0/24 is already used on the host or by another config");
  r.subnets = {"10.77.0.0/24"};
  r.gateways = {"10.1.1.1"};
  CHECK_THROWS_WITH(store.create(r, {}), "gateway 10.1.1.1 not in subnet 10.77.0.0/24");
  NetworkRequest bad;
  bad.name = "../etc";
  CHECK_THROWS_WITH(store.create(bad, {}),
                    "network name ../etc invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
  bad.name = "podman";
  CHECK_THROWS_WITH(store.create(bad, {}), "network name podman already used: network already exists");
  CHECK(store.list().size() == 1);
  CHECK_FALSE(base::read_file(dir.path() + "/cni-podman1.conflist"));
}

TEST_CASE("driver options in Podman 4.3's words, and in one form") {
  testing::TempDir dir;
  NetworkStore store(dir.path(), config::read_settings({}));
  const std::pair<netconf::KeyValues, const char*> refused[] = {
      {{{"mtu", "abc"}}, "strconv.Atoi: parsing \"abc\": invalid syntax"},
      {{{"mtu", "-1"}}, "mtu -1 is less than zero"},
      {{{"mtu", "99999999999"}}, "strconv.Atoi: parsing \"99999999999\": value out of range"},
      {{{"vlan", "5000"}}, "vlan ID 5000 must be between 0 and 4094"},
      {{{"isolate", "maybe"}}, "failed to parse isolate option: strconv.ParseBool: parsing \"maybe\": invalid syntax"},
      {{{"foo", "bar"}}, "unsupported network option foo"},
  };
  for (const auto& [options, message] : refused) {
    NetworkRequest r;
    r.options = options;
    INFO(message);
    CHECK_THROWS_WITH(store.create(r, {}), message);
  }
  NetworkRequest r;
  r.name = "forms";
  r.options = {{"mtu", "+1400"}, {"isolate", "1"}, {"vlan", ""}};
  store.create(r, {});
  auto options = store.get("forms").options;
  std::sort(options.begin(), options.end());
  CHECK(options == netconf::KeyValues{{"isolate", "true"}, {"mtu", "1400"}});
  NetworkRequest lease;
  lease.subnets = {"10.99.0.0/24"};
  lease.ip_ranges = {"10.99.0.0/23"};
  CHECK_THROWS_WITH(store.create(lease, {}), "lease range end ip 10.99.1.255 not in subnet 10.99.0.0/24");
  lease.ip_ranges = {"10.98.255.0/23"};
  CHECK_THROWS_WITH(store.create(lease, {}), "lease range start ip 10.98.254.1 not in subnet 10.99.0.0/24");
}
