// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/id_mapping_test.cc: keep-id and nomap as Podman 4.3 maps them,
// --uidmap's syntax, and the host's ids through the user's ranges.
#include <catch2/catch.hpp>

#include "base/error.h"
#include "rootless/id_mapping.h"

using rootless::IdRange;

namespace {

std::vector<std::string> texts(const std::vector<IdRange>& r) {
  std::vector<std::string> out;
  for (const auto& x : r) out.push_back(rootless::id_range_text(x));
  return out;
}

}  // namespace

TEST_CASE("keep-id: Podman's ranges", "[rootless]") {
  // Podman 4.3, uid 1001 with 65536 subordinate ids: inspect's IDMappings.
  CHECK(texts(rootless::keep_id_ranges(1001, 65537)) == std::vector<std::string>{"0:1:1001", "1001:0:1", "1002:1002:64535"});
  CHECK(texts(rootless::keep_id_ranges(0, 1)) == std::vector<std::string>{"0:0:1"});
}

TEST_CASE("--uidmap: CONTAINER:HOST:SIZE, checked", "[rootless]") {
  CHECK(texts(rootless::parse_id_map({"0:1:1000", "1000:0:1"}, "UID")) == std::vector<std::string>{"0:1:1000", "1000:0:1"});
  for (const char* bad : {"0:1", "a:1:2", "0:1:2:3", "0::1", "0:1:0", ""}) {
    CHECK_THROWS_AS(rootless::parse_id_map({bad}, "UID"), base::Error);
  }
  CHECK_THROWS_WITH(rootless::parse_id_map({"0:1"}, "GID"),
                    R"(initializing ID mappings: GID setting is malformed expected ["uint32:uint32:uint32"]: ["0:1"])");
}

TEST_CASE("the user's namespace's ids become the host's, split where the ranges meet", "[rootless]") {
  std::vector<IdRange> defaults = {{0, 1001, 1}, {1, 100000, 65536}};
  auto host = rootless::to_host_ranges(rootless::keep_id_ranges(1001, 65537), defaults);
  CHECK(texts(host) == std::vector<std::string>{"0:100000:1001", "1001:1001:1", "1002:101001:64535"});
  // One range across the user's id and the subordinate ones: split.
  CHECK(texts(rootless::to_host_ranges({{0, 0, 3}}, defaults)) == std::vector<std::string>{"0:1001:1", "1:100000:2"});
  CHECK_THROWS_WITH(rootless::to_host_ranges({{0, 65530, 100}}, defaults),
                    Catch::Contains("the mapping 0:65530:100 uses ids the user does not have"));
  CHECK(rootless::mapped_id(rootless::keep_id_ranges(1001, 65537), 0) == 1u);
  CHECK(rootless::mapped_id(rootless::keep_id_ranges(1001, 65537), 1001) == 0u);
  CHECK_FALSE(rootless::mapped_id({{0, 1, 10}}, 10).has_value());
}

TEST_CASE("--subuidname: every range of the name, one after another from 0", "[rootless]") {
  std::string file = "alice:100000:65536\ncontainers:200000:1000\n# no\nalice:300000:10\nbad:x:1\nalice:400000:0\n";
  CHECK(texts(rootless::subordinate_ranges(file, "alice")) == std::vector<std::string>{"0:100000:65536", "65536:300000:10"});
  CHECK(rootless::subordinate_ranges(file, "bob").empty());
  CHECK(rootless::subordinate_ranges(file, "ali").empty());
}

TEST_CASE("--userns auto: first fit around the ranges in use, in pieces when it must", "[rootless]") {
  std::vector<IdRange> available = {{0, 200000, 5000}};
  CHECK(texts(rootless::allocate_ids(available, {}, 1024)) == std::vector<std::string>{"0:200000:1024"});
  // The next after one in use.
  CHECK(texts(rootless::allocate_ids(available, {{0, 200000, 1024}}, 1024)) == std::vector<std::string>{"0:201024:1024"});
  // The first hole that holds it.
  std::vector<IdRange> used = {{0, 200000, 100}, {0, 200200, 4800}};
  CHECK(texts(rootless::allocate_ids(available, used, 100)) == std::vector<std::string>{"0:200100:100"});
  CHECK(texts(rootless::allocate_ids({{0, 200000, 300}, {0, 500000, 300}}, {{0, 200100, 100}}, 400)) ==
        std::vector<std::string>{"0:200000:100", "100:200200:100", "200:500000:200"});
  // Not enough: nothing.
  CHECK(rootless::allocate_ids(available, {{0, 200000, 4500}}, 1024).empty());
}
