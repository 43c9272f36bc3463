// SPDX-License-Identifier: GPL-2.0-or-later
// launch/cgroups_test.cc: the cgroup code over fake cgroupfs trees (plain
// directories and files): v2 (the unified tree, which no machine here
// boots) and v1, what each limit writes where, the figures stats reads,
// the OOM count, the device rules' text and their BPF program.
#include "launch/cgroups.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "base/error.h"
#include "base/file.h"
#include "launch/device_filter.h"

namespace launch {
namespace {

struct FakeTree {
  std::string root;
  FakeTree() {
    char t[] = "/tmp/warren-cgroup-test.XXXXXX";
    root = ::mkdtemp(t);
  }
  ~FakeTree() { base::remove_tree(root); }
  void file(const std::string& rel, const std::string& content) {
    auto slash = rel.rfind('/');
    if (slash != std::string::npos) base::ensure_dir(root + "/" + rel.substr(0, slash));
    base::overwrite_file(root + "/" + rel, content);
  }
  std::string read(const std::string& rel) { return base::read_file(root + "/" + rel).value_or("<none>"); }
};

// The kernel makes a new cgroup's files; a fake tree needs them made.
void fake_v2_files(FakeTree& t, const std::string& dir) {
  for (const char* f : {"cgroup.procs", "cgroup.subtree_control", "memory.max", "memory.low", "memory.swap.max", "cpu.weight",
                        "cpu.max", "cpuset.cpus", "cpuset.mems", "pids.max", "io.weight", "io.max", "cgroup.freeze"}) {
    t.file(dir + "/" + f, "");
  }
}

TEST_CASE("cgroup v2: detection, limits as v2 spells them, stats, OOM", "[cgroups]") {
  FakeTree t;
  t.file("cgroup.controllers", "cpuset cpu io memory pids\n");
  t.file("cgroup.subtree_control", "");
  CgroupFs fs = CgroupFs::detect(t.root);
  CHECK(fs.v2);
  CHECK(fs.has("memory"));
  CHECK_FALSE(fs.has("hugetlb"));
  fake_v2_files(t, "libpod_parent");
  fake_v2_files(t, "libpod_parent/libpod-x");
  config::Resources r;
  r.memory = 64 << 20;
  r.memory_swap = 128 << 20;
  r.memory_reservation = 32 << 20;
  r.cpu_shares = 1024;
  r.cpu_quota = 50000;
  r.cpu_period = 100000;
  r.pids_limit = 20;
  r.cpuset_cpus = "0";
  r.blkio_weight = 500;
  r.device_read_bps.push_back({"/dev/sda", 8, 0, 1048576});
  // Devices go through a BPF program, which a fake tree cannot take: the
  // privileged form (no rules) is used here; the program is tested below.
  Cgroup cg = Cgroup::create(fs, "/libpod_parent/libpod-x", r, {}, true);
  CHECK(t.read("cgroup.subtree_control") == "+pids");  // each controller enabled in turn (a file keeps the last)
  CHECK(t.read("libpod_parent/libpod-x/memory.max") == "67108864");
  CHECK(t.read("libpod_parent/libpod-x/memory.swap.max") == "67108864");
  CHECK(t.read("libpod_parent/libpod-x/memory.low") == "33554432");
  CHECK(t.read("libpod_parent/libpod-x/cpu.weight") == "39");
  CHECK(t.read("libpod_parent/libpod-x/cpu.max") == "50000 100000");
  CHECK(t.read("libpod_parent/libpod-x/pids.max") == "20");
  CHECK(t.read("libpod_parent/libpod-x/cpuset.cpus") == "0");
  CHECK(t.read("libpod_parent/libpod-x/io.weight") == "4950");
  CHECK(t.read("libpod_parent/libpod-x/io.max") == "8:0 rbps=1048576");
  cg.add(1234);
  CHECK(t.read("libpod_parent/libpod-x/cgroup.procs") == "1234");

  t.file("libpod_parent/libpod-x/cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");
  t.file("libpod_parent/libpod-x/memory.current", "1000000\n");
  t.file("libpod_parent/libpod-x/memory.stat", "anon 600000\ninactive_file 200000\n");
  t.file("libpod_parent/libpod-x/pids.current", "3\n");
  t.file("libpod_parent/libpod-x/io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2\n");
  CgroupStats s = cg.stats();
  CHECK(s.cpu_ns == 1500000);
  CHECK(s.memory == 800000);
  CHECK(s.memory_limit == 67108864);
  CHECK(s.pids == 3);
  CHECK(s.read_bytes == 4096);
  CHECK(s.write_bytes == 8192);
  CHECK_FALSE(cg.oom_killed());
  t.file("libpod_parent/libpod-x/memory.events", "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n");
  CHECK(cg.oom_killed());
  t.file("libpod_parent/libpod-x/cgroup.events", "populated 1\nfrozen 1\n");
  CHECK(cg.frozen());
}

TEST_CASE("cgroup v2: what v2 cannot do is refused", "[cgroups]") {
  FakeTree t;
  t.file("cgroup.controllers", "memory\n");
  CgroupFs fs = CgroupFs::detect(t.root);
  fake_v2_files(t, "p/c");
  config::Resources r;
  r.oom_kill_disable = true;
  CHECK_THROWS_WITH(Cgroup::create(fs, "/p/c", r, {}, true), "--oom-kill-disable is not supported on cgroup v2");
}

TEST_CASE("cgroup v1: one directory per hierarchy, cpuset inherited, limits and device rules", "[cgroups]") {
  FakeTree t;
  for (const char* h : {"memory", "cpu,cpuacct", "pids", "cpuset", "devices", "freezer", "unified"}) t.file(std::string(h) + "/cgroup.procs", "");
  t.file("cpuset/cpuset.cpus", "0-3\n");
  t.file("cpuset/cpuset.mems", "0\n");
  CgroupFs fs = CgroupFs::detect(t.root);
  CHECK_FALSE(fs.v2);
  CHECK(fs.hierarchy_of("cpuacct") == "cpu,cpuacct");
  CHECK(fs.has("freezer"));
  for (const char* f : {"memory/p/c/memory.limit_in_bytes", "memory/p/c/memory.memsw.limit_in_bytes", "pids/p/c/pids.max",
                        "cpu,cpuacct/p/c/cpu.cfs_quota_us", "cpu,cpuacct/p/c/cpu.cfs_period_us", "devices/p/c/devices.deny",
                        "devices/p/c/devices.allow", "cpuset/p/cpuset.cpus", "cpuset/p/c/cpuset.cpus", "cpuset/p/cpuset.mems",
                        "cpuset/p/c/cpuset.mems"}) {
    t.file(f, "");
  }
  config::Resources r;
  r.memory = 1 << 20;
  r.pids_limit = 10;
  r.cpu_quota = 25000;
  r.cpu_period = 100000;
  Cgroup cg = Cgroup::create(fs, "/p/c", r, default_device_rules(), false);
  CHECK(t.read("memory/p/c/memory.limit_in_bytes") == "1048576");
  CHECK(t.read("memory/p/c/memory.memsw.limit_in_bytes") == "2097152");  // twice memory: Podman's default swap
  CHECK(t.read("pids/p/c/pids.max") == "10");
  CHECK(t.read("cpu,cpuacct/p/c/cpu.cfs_quota_us") == "25000");
  CHECK(t.read("cpuset/p/c/cpuset.cpus") == "0-3");  // inherited before a task can join
  CHECK(t.read("devices/p/c/devices.deny") == "a");
  CHECK(t.read("devices/p/c/devices.allow") == "c 10:200 rwm");  // the last rule written
  CHECK(::access((t.root + "/unified/p/c").c_str(), F_OK) == 0);
  for (const char* h : {"memory", "cpu,cpuacct", "pids", "cpuset", "devices", "freezer", "unified"}) t.file(std::string(h) + "/p/c/cgroup.procs", "");
  cg.add(77);
  CHECK(t.read("freezer/p/c/cgroup.procs") == "77");
  t.file("memory/p/c/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
  CHECK(cg.oom_killed());
}

TEST_CASE("a failed limit leaves nothing made", "[cgroups]") {
  FakeTree t;
  t.file("memory/cgroup.procs", "");
  CgroupFs fs = CgroupFs::detect(t.root);
  config::Resources r;
  r.memory = 1 << 20;  // memory.limit_in_bytes is missing in the fake tree: the write fails
  CHECK_THROWS_WITH(Cgroup::create(fs, "/p/c", r, {}, true), Catch::Contains("memory.limit_in_bytes"));
  CHECK(::access((t.root + "/memory/p").c_str(), F_OK) != 0);
}

TEST_CASE("device cgroup rules as --device-cgroup-rule takes them", "[cgroups]") {
  CHECK(device_rule_text(parse_device_rule("c 1:3 rwm")) == "c 1:3 rwm");
  CHECK(device_rule_text(parse_device_rule("b *:* m")) == "b *:* m");
  CHECK(device_rule_text(parse_device_rule("c 136:* rw")) == "c 136:* rw");
  CHECK_THROWS_WITH(parse_device_rule("x 1:2 r"), "invalid device type in device-access-add: x");
  CHECK_THROWS_WITH(parse_device_rule("c 1:2"), Catch::Contains("requires type, major:Minor, and access rules"));
  CHECK_THROWS_WITH(parse_device_rule("c 1:2 rwx"), Catch::Contains("requires type, major:Minor, and access rules"));
  CHECK_THROWS_WITH(parse_device_rule("c 1-2 r"), Catch::Contains("requires type, major:Minor, and access rules"));
}

TEST_CASE("the v2 device program: a block per rule, the last rule first, then deny", "[cgroups]") {
  auto empty = device_filter_program({});
  CHECK(empty.size() == 8);  // six loads, then r0 = 0 and exit
  CHECK(empty.back().code == (BPF_JMP | BPF_EXIT));
  auto one = device_filter_program({parse_device_rule("c 1:3 rwm")});
  // type, major and minor compared (rwm needs no access test), r0 = 1, exit.
  CHECK(one.size() == empty.size() + 5);
  CHECK(one[6].code == (BPF_JMP | BPF_JNE | BPF_K));
  CHECK(one[6].imm == BPF_DEVCG_DEV_CHAR);
  CHECK(one[6].off == 4);  // past the block
  auto wild = device_filter_program({parse_device_rule("c *:* m")});
  // type, the access mask (move, and, jump), r0, exit.
  CHECK(wild.size() == empty.size() + 6);
}

TEST_CASE("--cgroups split: the caller's own cgroup, as Podman finds it", "[cgroups]") {
  // The unified tree's line wins; else the longest path; "/" at the root.
  CHECK(own_cgroup("9:name=systemd:/\n8:pids:/svc\n4:memory:/a/b/c\n0::/svc.service\n") == "/svc.service");
  CHECK(own_cgroup("8:pids:/svc\n4:memory:/a/b/c\n") == "/a/b/c");
  CHECK(own_cgroup("0::/\n") == "/");
  CHECK(own_cgroup("garbage\n") == "");
}

TEST_CASE("--cgroups split on v2: what is in the caller's cgroup moves under runtime", "[cgroups]") {
  FakeTree t;
  t.file("cgroup.controllers", "cpu memory pids");
  t.file("system.slice/app.service/cgroup.procs", "41\n42\n");
  t.file("system.slice/app.service/runtime/cgroup.procs", "");  // what the kernel makes with the directory
  CgroupFs fs = CgroupFs::detect(t.root);
  REQUIRE(fs.v2);
  move_under_subtree(fs, "0::/system.slice/app.service\n", "runtime");
  // (the kernel moves them; a plain file records what was written)
  CHECK(t.read("system.slice/app.service/runtime/cgroup.procs") == "42");
  // Already under runtime, or at the root: left alone.
  move_under_subtree(fs, "0::/system.slice/app.service/runtime\n0::/\n", "runtime");
  CHECK(::access((t.root + "/system.slice/app.service/runtime/runtime").c_str(), F_OK) != 0);
  CHECK(::access((t.root + "/runtime").c_str(), F_OK) != 0);
}

TEST_CASE("--cgroups split on v1: each hierarchy's own cgroup, hybrid's unified tree too", "[cgroups]") {
  FakeTree t;
  t.file("pids/svc/cgroup.procs", "7\n");
  t.file("unified/svc/cgroup.procs", "7\n");
  t.file("systemd/cgroup.procs", "1\n");
  t.file("pids/svc/runtime/cgroup.procs", "");
  t.file("unified/svc/runtime/cgroup.procs", "");
  CgroupFs fs = CgroupFs::detect(t.root);
  REQUIRE(!fs.v2);
  move_under_subtree(fs, "9:name=systemd:/\n8:pids:/svc\n0::/svc\n", "runtime");
  CHECK(t.read("pids/svc/runtime/cgroup.procs") == "7");
  CHECK(t.read("unified/svc/runtime/cgroup.procs") == "7");
  CHECK(::access((t.root + "/systemd/runtime").c_str(), F_OK) != 0);
}

TEST_CASE("a regular user's delegated v2 subtree: found above its own cgroup, used from there down", "[cgroups]") {
  FakeTree t;
  t.file("cgroup.controllers", "cpuset cpu io memory pids\n");
  t.file("cgroup.subtree_control", "");
  const std::string service = "user.slice/user-1000.slice/user@1000.service";
  t.file("user.slice/cgroup.subtree_control", "");
  t.file("user.slice/user-1000.slice/cgroup.subtree_control", "");
  t.file(service + "/cgroup.controllers", "cpu memory pids\n");
  t.file(service + "/cgroup.subtree_control", "");
  t.file(service + "/app.slice/term.scope/cgroup.procs", "77\n");
  CgroupFs fs = CgroupFs::detect(t.root);
  REQUIRE(fs.v2);
  // The user owns user@1000.service and below (as systemd delegates it).
  auto owned = [&](const std::string& dir) { return dir.starts_with(t.root + "/" + service); };
  std::string proc = "0::/" + service + "/app.slice/term.scope\n";
  CHECK(delegated_root(fs, proc, owned) == "/" + service);
  // A login session's scope is root's: nothing delegated; nor on v1, nor
  // with no unified line.
  CHECK(delegated_root(fs, "0::/user.slice/user-1000.slice/session-2.scope\n", owned) == "");
  CHECK(delegated_root(fs, "4:memory:/" + service + "\n", owned) == "");
  CgroupFs v1;
  v1.hierarchies = {"memory"};
  CHECK(delegated_root(v1, proc, owned) == "");
  CHECK(delegated_root(fs, "0::/" + service + "/../../..\n", owned) == "");
  // Under it: the controllers its cgroup.controllers lists are enabled
  // from it down, nothing above it is written, and the limits land.
  fs.delegated = "/" + service;
  CHECK(fs.has("memory"));
  CHECK_FALSE(fs.has("io"));
  config::Resources limits;
  limits.memory = 64 << 20;
  limits.pids_limit = 20;
  std::string path = fs.delegated + "/libpod_parent/libpod-abc";
  t.file(service + "/libpod_parent/cgroup.subtree_control", "");
  fake_v2_files(t, service + "/libpod_parent/libpod-abc");
  Cgroup cg = Cgroup::create(fs, path, limits, {}, true);
  CHECK(t.read("cgroup.subtree_control").empty());
  CHECK(t.read("user.slice/cgroup.subtree_control").empty());
  CHECK(t.read("user.slice/user-1000.slice/cgroup.subtree_control").empty());
  CHECK(t.read(service + "/cgroup.subtree_control") == "+pids");  // the last of cpu, memory, pids written
  CHECK(t.read(service + "/libpod_parent/libpod-abc/memory.max") == std::to_string(64 << 20));
  CHECK(t.read(service + "/libpod_parent/libpod-abc/pids.max") == "20");
}

}  // namespace
}  // namespace launch
