// SPDX-License-Identifier: GPL-2.0-or-later
// config/settings_test.cc: containers.conf and libpod.conf, in order.
#include <catch2/catch.hpp>

#include "base/file.h"
#include "config/settings.h"
#include "tests/temp_netns.h"

using config::read_settings;

TEST_CASE("later files override earlier keys; libpod.conf's legacy key counts") {
  testing::TempDir dir;
  std::string usr = dir.path() + "/usr.conf", lib = dir.path() + "/libpod.conf", etc = dir.path() + "/etc.conf";
  base::write_file_atomic(usr, "[network]\ndefault_network = \"fromusr\"\ndefault_subnet = \"10.50.0.0/16\"\n");
  base::write_file_atomic(lib, "cni_default_network = \"legacy\"\n");
  base::write_file_atomic(etc, "[network]\nnetwork_config_dir = \"/x/net.d\"\n"
                               "default_subnet_pools = [{base = \"10.200.0.0/16\", size = 26}]\n");
  auto s = read_settings({usr, lib, etc, dir.path() + "/absent.conf"});
  CHECK(s.default_network == "legacy");
  CHECK(s.default_subnet == "10.50.0.0/16");
  CHECK(s.network_config_dir == std::optional<std::string>("/x/net.d"));
  REQUIRE(s.subnet_pools.size() == 1);
  CHECK(s.subnet_pools[0].base == "10.200.0.0/16");
  CHECK(s.subnet_pools[0].size == 26);
}

TEST_CASE("no files: Podman's defaults") {
  auto s = read_settings({});
  CHECK(s.default_network == "podman");
  CHECK(s.default_subnet == "10.88.0.0/16");
  CHECK_FALSE(s.network_config_dir);
  CHECK(s.subnet_pools.front().base == "10.89.0.0/16");
}

TEST_CASE("a malformed file names itself and the line") {
  testing::TempDir dir;
  std::string bad = dir.path() + "/containers.conf";
  base::write_file_atomic(bad, "[network]\n\ndefault_network = \n");
  CHECK_THROWS_WITH(read_settings({bad}), Catch::Matchers::StartsWith(bad + ":3: "));
}

TEST_CASE("[containers] DNS defaults and no_hosts") {
  testing::TempDir dir;
  std::string f = dir.path() + "/containers.conf";
  base::write_file_atomic(f, "[containers]\ndns_servers = [\"192.0.2.53\"]\ndns_searches = [\"corp.test\"]\n"
                             "dns_options = [\"ndots:2\"]\nno_hosts = true\n");
  auto s = read_settings({f});
  CHECK(s.containers.dns_servers == std::vector<std::string>{"192.0.2.53"});
  CHECK(s.containers.dns_searches == std::vector<std::string>{"corp.test"});
  CHECK(s.containers.dns_options == std::vector<std::string>{"ndots:2"});
  CHECK(s.containers.no_hosts);
}

TEST_CASE("an integer key given a float is refused, not converted out of range (fuzz_settings)") {
  testing::TempDir dir;
  std::string bad = dir.path() + "/containers.conf";
  base::write_file_atomic(bad, "[containers]\nlog_size_max = 2e40\n");
  CHECK_THROWS_WITH(read_settings({bad}), bad + ": log_size_max must be an integer");
  base::write_file_atomic(bad, "[network]\ndefault_subnet_pools = [{base = \"10.1.0.0/16\", size = 24.5}]\n");
  CHECK_THROWS_WITH(read_settings({bad}), Catch::Matchers::Contains("must be an integer"));
}

TEST_CASE("comment lines are skipped as TOML skips them, a multi-line string's lines are kept") {
  testing::TempDir dir;
  std::string f = dir.path() + "/containers.conf";
  base::write_file_atomic(f, "# a comment\n  # indented\n[network]\n# default_network = \"no\"\ndefault_network = \"yes\" # trailing\n"
                             "\n[containers]\ndns_servers = [\n  # inside an array\n  \"10.0.0.1\",\n]\n");
  auto s = read_settings({f});
  CHECK(s.default_network == "yes");
  REQUIRE(s.containers.dns_servers.size() == 1);
  CHECK(s.containers.dns_servers[0] == "10.0.0.1");
  // A line of a multi-line string that begins with '#' is the string's.
  base::write_file_atomic(f, "[network]\nnote = \"\"\"\n# kept\n\"\"\"\n# x\n\ndefault_network = \n");
  CHECK_THROWS_WITH(read_settings({f}), Catch::Matchers::StartsWith(f + ":7: "));
}
