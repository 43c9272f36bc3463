// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/userns_test.cc: the maps from /etc/subuid-style files.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "base/file.h"
#include "rootless/userns.h"
#include "tests/temp_netns.h"

namespace {
rootless::User me() { return {::getuid(), ::getgid(), ""}; }
}  // namespace

TEST_CASE("the user's own id first, then its subordinate range by name or uid") {
  testing::TempDir dir;
  std::string uid = std::to_string(::getuid());
  base::write_file_atomic(dir.path() + "/subuid", "other:50000:10\n" + uid + ":100000:65536\n", 0644);
  base::write_file_atomic(dir.path() + "/subgid", uid + ":200000:1000\n", 0644);
  auto m = rootless::user_id_maps(me(), dir.path() + "/subuid", dir.path() + "/subgid");
  REQUIRE(m.uids.size() >= 1);
  CHECK(m.uids[0].inside == 0);
  CHECK(m.uids[0].outside == ::getuid());
  CHECK(m.uids[0].count == 1);
  if (::access("/usr/bin/newuidmap", X_OK) == 0 && ::access("/usr/bin/newgidmap", X_OK) == 0) {
    REQUIRE(m.ranges);
    CHECK(m.uids[1].inside == 1);
    CHECK(m.uids[1].outside == 100000);
    CHECK(m.uids[1].count == 65536);
    CHECK(m.gids[1].outside == 200000);
    CHECK(rootless::id_maps_warning(m).empty());
  }
}

TEST_CASE("without a range: the own id alone, and Podman's warning") {
  testing::TempDir dir;
  base::write_file_atomic(dir.path() + "/subuid", "somebody-else:100000:65536\n", 0644);
  base::write_file_atomic(dir.path() + "/subgid", "", 0644);
  auto m = rootless::user_id_maps(me(), dir.path() + "/subuid", dir.path() + "/subgid");
  CHECK_FALSE(m.ranges);
  CHECK(m.uids.size() == 1);
  CHECK(m.gids.size() == 1);
  CHECK(rootless::id_maps_warning(m).starts_with("Using rootless single mapping into the namespace."));
}
