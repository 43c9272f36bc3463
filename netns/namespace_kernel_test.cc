// SPDX-License-Identifier: GPL-2.0-or-later
// netns/namespace_kernel_test.cc: named namespaces (create, enter, remove),
// sockets bound to a namespace, and per-namespace sysctls.
#include <catch2/catch.hpp>

#include <sys/mount.h>
#include <sys/stat.h>

#include "base/error.h"
#include "netns/link.h"
#include "netns/namespace.h"
#include "netns/netlink.h"
#include "netns/sysctl.h"
#include "tests/temp_netns.h"

using namespace netns;
using testing::sh;
using testing::TempDir;

TEST_CASE("named namespace: create, refuse a duplicate, remove twice", "[netns]") {
  TempDir dir;
  std::string run = dir.path() + "/netns";
  Namespace ns = create_named(run, "box");
  CHECK(ns.path() == run + "/box");
  CHECK(ns.inode() != Namespace::current().inode());
  CHECK(Namespace::open(run + "/box").inode() == ns.inode());
  // The mount is visible to other tools.
  CHECK(sh("nsenter --net=" + run + "/box ip -j link show").out.find("\"lo\"") != std::string::npos);
  CHECK(sh("grep -c ' " + run + "/box ' /proc/self/mountinfo").out == "1\n");

  try {
    create_named(run, "box");
    FAIL("expected EEXIST");
  } catch (const base::Error& e) {
    CHECK(e.err() == EEXIST);
    CHECK(std::string(e.what()).find("create network namespace box") == 0);
  }
  CHECK_THROWS_WITH(create_named(run, "../x"), Catch::Contains("invalid network namespace name"));

  remove_named(run, "box");
  remove_named(run, "box");
  struct stat st;
  CHECK(::stat((run + "/box").c_str(), &st) < 0);
  CHECK(sh("grep -c ' " + run + "/box ' /proc/self/mountinfo").out == "0\n");
  CHECK_FALSE(Namespace::try_open(run + "/box"));
  ::umount2(run.c_str(), MNT_DETACH);
}

TEST_CASE("the namespace outlives its creator thread and holds links", "[netns]") {
  testing::TempNetns ns("keep");
  Netlink inside = Netlink::open_in(ns.ns());
  create_bridge(inside, "kept0");
  // A socket opened later, from a different thread, sees the same link.
  Netlink again = Netlink::open_in(Namespace::open(ns.path()));
  CHECK(find_link(again, "kept0"));
  Netlink host = Netlink::open();
  CHECK_FALSE(find_link(host, "kept0"));
}

TEST_CASE("run_in and ScopedEnter leave the caller's namespace alone", "[netns]") {
  testing::TempNetns ns("enter");
  ino_t home = Namespace::current().inode();
  ino_t inside = run_in(ns.ns(), [] { return Namespace::current().inode(); });
  CHECK(inside == ns.ns().inode());
  CHECK(Namespace::current().inode() == home);
  {
    ScopedEnter enter{ns.ns()};
    CHECK(Namespace::current().inode() == ns.ns().inode());
  }
  CHECK(Namespace::current().inode() == home);
  CHECK_THROWS_WITH(run_in(ns.ns(), []() -> int { throw base::error("inside"); }), "inside");
  CHECK(Namespace::current().inode() == home);
}

TEST_CASE("sysctls are read and written per namespace", "[netns]") {
  testing::TempNetns ns("sysctl");
  write_sysctl("net.ipv4.ip_forward", "0");
  write_sysctl("net.ipv4.ip_forward", "1", &ns.ns());
  CHECK(read_sysctl("net.ipv4.ip_forward", &ns.ns()) == "1");
  CHECK(read_sysctl("net.ipv4.ip_forward") == "0");
  CHECK(sh(ns.enter() + "cat /proc/sys/net/ipv4/ip_forward").out == "1\n");

  Netlink nl = Netlink::open_in(ns.ns());
  create_bridge(nl, "d.1");  // a dot in the name: only the slash form reaches it
  write_sysctl("net/ipv4/conf/d.1/rp_filter", "2", &ns.ns());
  CHECK(read_sysctl("net/ipv4/conf/d.1/rp_filter", &ns.ns()) == "2");
  CHECK_FALSE(read_sysctl("net.ipv4.no_such_key", &ns.ns()));
  CHECK_THROWS_WITH(write_sysctl("net.ipv4.no_such_key", "1", &ns.ns()),
                    "write sysctl net.ipv4.no_such_key=1: No such file or directory");
  CHECK_THROWS_WITH(read_sysctl("../etc/passwd"), Catch::Contains("invalid sysctl"));
}
