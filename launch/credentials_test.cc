// SPDX-License-Identifier: GPL-2.0-or-later
// launch/credentials_test.cc: --user resolved as Podman 4.3 resolves it
// (each case checked against `podman run --user ... id`).
#include <catch2/catch.hpp>

#include "launch/credentials.h"
#include "launch/launcher.h"

using launch::resolve_user;

namespace {

const std::string kPasswd =
    "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000:Alice:/home/alice:/bin/sh\nbob:x:1001:100::/home/bob:/bin/sh\n";
const std::string kGroup = "root:x:0:\nusers:x:100:alice\nalice:x:1000:\nwheel:x:10:alice,bob\n";

}  // namespace

TEST_CASE("no --user: root, no supplementary groups, root's home") {
  auto c = resolve_user("", kPasswd, kGroup);
  CHECK(c.uid == 0);
  CHECK(c.gid == 0);
  CHECK(c.groups.empty());
  CHECK(c.home == "/root");
  CHECK(resolve_user("", "", "").home == "/");
}

TEST_CASE("a name or uid takes the passwd gid and the groups listing the user") {
  auto alice = resolve_user("alice", kPasswd, kGroup);
  CHECK(alice.uid == 1000);
  CHECK(alice.gid == 1000);
  CHECK(alice.groups == std::vector<gid_t>{10, 100, 1000});
  CHECK(alice.home == "/home/alice");
  auto bob = resolve_user("1001", kPasswd, kGroup);
  CHECK(bob.gid == 100);
  CHECK(bob.groups == std::vector<gid_t>{10, 100});
  CHECK(resolve_user("root", kPasswd, kGroup).groups == std::vector<gid_t>{0});
}

TEST_CASE("an explicit group is the only group") {
  auto c = resolve_user("alice:users", kPasswd, kGroup);
  CHECK(c.gid == 100);
  CHECK(c.groups == std::vector<gid_t>{100});
  CHECK(resolve_user("1001:10", kPasswd, kGroup).groups == std::vector<gid_t>{10});
  CHECK(resolve_user("alice:1234", kPasswd, kGroup).gid == 1234);
}

TEST_CASE("an unknown uid runs with gid 0 and home /") {
  auto c = resolve_user("5000", kPasswd, kGroup);
  CHECK(c.uid == 5000);
  CHECK(c.gid == 0);
  CHECK(c.groups == std::vector<gid_t>{0});
  CHECK(c.home == "/");
  CHECK(resolve_user("5000:5000", kPasswd, kGroup).groups == std::vector<gid_t>{5000});
}

TEST_CASE("unknown names are Podman's errors, exit 126") {
  try {
    resolve_user("nobody", kPasswd, kGroup);
    FAIL("no error");
  } catch (const base::LaunchError& e) {
    CHECK(e.code() == 126);
    CHECK(std::string(e.what()) == "unable to find user nobody: no matching entries in passwd file");
  }
  CHECK_THROWS_WITH(resolve_user("alice:nogroup", kPasswd, kGroup),
                    "unable to find group nogroup: no matching entries in group file");
}
