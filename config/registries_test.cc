// SPDX-License-Identifier: GPL-2.0-or-later
// config/registries_test.cc: registries.conf v2 and v1, drop-ins, prefixes.
#include <catch2/catch.hpp>

#include "base/file.h"
#include "config/registries.h"
#include "tests/temp_netns.h"

using config::read_registries;

TEST_CASE("registries.conf v2: search list, aliases, entries by longest prefix; drop-ins override") {
  testing::TempDir dir;
  std::string main = dir.path() + "/registries.conf", drop = dir.path() + "/10-more.conf";
  base::write_file_atomic(main, R"(unqualified-search-registries = ["a.example", "b.example"]
short-name-mode = "permissive"
[aliases]
"tool" = "a.example/tools/tool"
[[registry]]
location = "localhost:5000"
insecure = true
[[registry]]
prefix = "b.example/team"
location = "mirror.example/team/"
blocked = true
[[registry.mirror]]
location = "m1.example:5000/team"
insecure = true
)");
  base::write_file_atomic(drop, "unqualified-search-registries = [\"c.example\"]\n[aliases]\n\"other\" = \"c.example/o\"\n");
  auto r = read_registries(main, {drop});
  CHECK(r.search == std::vector<std::string>{"c.example"});
  CHECK(r.short_name_mode == "permissive");
  CHECK(r.aliases.at("tool") == "a.example/tools/tool");
  CHECK(r.aliases.at("other") == "c.example/o");
  const auto* local = r.find("localhost:5000/x/y");
  REQUIRE(local);
  CHECK(local->endpoint.insecure);
  CHECK_FALSE(r.find("localhost:50001/x"));
  const auto* team = r.find("b.example/team/app");
  REQUIRE(team);
  CHECK(team->blocked);
  CHECK(team->endpoint.location == "mirror.example/team");
  REQUIRE(team->mirrors.size() == 1);
  CHECK(team->mirrors[0].location == "m1.example:5000/team");
  CHECK(team->mirrors[0].insecure);
  CHECK_FALSE(r.find("b.example/teamx/app"));
}

TEST_CASE("registries.conf v1's lists, and bad files named") {
  testing::TempDir dir;
  std::string v1 = dir.path() + "/v1.conf";
  base::write_file_atomic(v1, "[registries.search]\nregistries = ['r.example']\n[registries.insecure]\nregistries = ['i.example']\n"
                              "[registries.block]\nregistries = ['bad.example']\n");
  auto r = read_registries(v1, {});
  CHECK(r.search == std::vector<std::string>{"r.example"});
  CHECK(r.find("i.example/x")->endpoint.insecure);
  CHECK(r.find("bad.example/x")->blocked);
  std::string bad = dir.path() + "/bad.conf";
  base::write_file_atomic(bad, "short-name-mode = \"sometimes\"\n");
  CHECK_THROWS_WITH(read_registries(bad, {}), Catch::Matchers::Contains("invalid short-name mode"));
  base::write_file_atomic(bad, "[[registry]]\nlocation = \"https://x.example\"\n");
  CHECK_THROWS_WITH(read_registries(bad, {}), Catch::Matchers::Contains("must not have a scheme"));
  base::write_file_atomic(bad, "unqualified-search-registries = [1]\n");
  CHECK_THROWS_WITH(read_registries(bad, {}), Catch::Matchers::StartsWith(bad + ": unqualified-search-registries"));
  CHECK(read_registries(dir.path() + "/absent.conf", {}).search.empty());
}
