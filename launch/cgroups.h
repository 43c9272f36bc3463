// SPDX-License-Identifier: GPL-2.0-or-later
// launch/cgroups.h: a container's cgroup, for the cgroupfs manager, on
// cgroup v1 (a hierarchy per controller, as this project's CI machines
// have) and on v2 (one unified tree). One directory per container in each
// hierarchy (v1) or in the tree (v2), made before its first process runs,
// with its limits (config/resources.h) and its device allow-list (v1's
// devices controller; v2's BPF program, launch/device_filter.h); its
// processes are added by pid; freeze for pause; the figures `stats`
// shows; whether the kernel OOM-killed in it; removed when it ends.
// Every path is given relative to the file system's root (ROOT is
// /sys/fs/cgroup; a test's fake tree elsewhere).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/fd.h"
#include "config/resources.h"

namespace launch {

struct CgroupFs {
  std::string root = "/sys/fs/cgroup";
  bool v2 = false;
  // v1: the hierarchies, by their directory under root ("cpu", "memory",
  // "cpu,cpuacct", "systemd", and hybrid's empty v2 tree "unified").
  std::vector<std::string> hierarchies;
  // v2, a regular user's: the delegated subtree (a path under root, as
  // delegated_root finds it), the only one whose controllers are enabled
  // for children and whose cgroup.controllers says what can be used.
  std::string delegated;
  // v2 when ROOT holds cgroup.controllers; v1 otherwise; neither (no
  // hierarchy at all) is `usable()` false.
  static CgroupFs detect(const std::string& root = "/sys/fs/cgroup");
  bool usable() const { return v2 || !hierarchies.empty(); }
  // Whether `controller` can be used: v1, a hierarchy has it; v2, the
  // root's cgroup.controllers lists it.
  bool has(const std::string& controller) const;
  // The v1 hierarchy of a controller ("cpu,cpuacct" for cpuacct), or "".
  std::string hierarchy_of(const std::string& controller) const;
};

// What `stats` shows, read from the cgroup.
struct CgroupStats {
  uint64_t cpu_ns = 0;        // CPU time used, all of it
  uint64_t memory = 0;        // bytes in use
  uint64_t memory_limit = 0;  // bytes; 0: none
  uint64_t pids = 0;
  uint64_t read_bytes = 0, write_bytes = 0;  // block I/O
};

class Cgroup {
 public:
  // Makes `path` ("/libpod_parent/libpod-ID") with its parents, applies
  // `limits` and `devices` (none: every device, --privileged), or throws
  // naming the file and the limit, leaving nothing made.
  static Cgroup create(const CgroupFs& fs, const std::string& path, const config::Resources& limits,
                       const std::vector<config::DeviceRule>& devices, bool all_devices);
  // One that exists (or did): for stats, freezing and removal.
  Cgroup(CgroupFs fs, std::string path) : fs_(std::move(fs)), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  const CgroupFs& fs() const { return fs_; }
  // The directory in a v1 hierarchy (or the v2 tree for "").
  std::string dir(const std::string& hierarchy = "") const;

  bool exists() const;
  void add(pid_t pid) const;
  // v1: the "tasks" file of each hierarchy's directory but hybrid's v2
  // tree, open for writing (v2: none). A new process writes "0" to each to move itself in: a
  // thread moving itself takes no process-wide lock, where add's move of a
  // whole process takes the kernel's cgroup threadgroup lock, whose first
  // writer after a quiet spell waits for an RCU grace period (5-20 ms on
  // these machines, the largest single cost of a root container's start).
  std::vector<base::UniqueFd> open_tasks() const;
  // The v2 tree's directory (hybrid's "unified" one's on v1), for a clone
  // into it (CLONE_INTO_CGROUP: no move at all); empty when there is none.
  base::UniqueFd open_v2() const;
  // `pid` moved into the cgroup whose directory `dir` is (cgroup.procs).
  static void add_at(int dir, pid_t pid);
  void freeze(bool frozen) const;
  bool frozen() const;
  CgroupStats stats() const;
  bool oom_killed() const;
  // The pids in it (cgroup.procs).
  std::vector<pid_t> pids() const;
  // Kills what is left in it, then rmdir in every hierarchy, waiting
  // (bounded) for the processes that are ending; false when some
  // directory stays. For a container that has ended.
  bool remove() const;

 private:
  CgroupFs fs_;
  std::string path_;
};

// --cgroups split, as Podman's: the caller's own cgroup in a
// /proc/PID/cgroup text (the unified tree's line, else the longest path),
// under which the container's goes as libpod-payload-ID.
std::string own_cgroup(const std::string& proc_cgroup);
// Everything in the caller's cgroup of each hierarchy moved into its
// `subtree` ("runtime"), made where missing (Podman's
// MoveUnderCgroupSubtree): on v2 a cgroup with children that use
// controllers holds no process. A hierarchy where the caller is at the
// root, or already in a `subtree`, is left alone.
void move_under_subtree(const CgroupFs& fs, const std::string& proc_cgroup, const std::string& subtree);

// A regular user's delegated subtree on v2: the highest cgroup that holds
// the caller's own (its /proc/self/cgroup text) and that `owned` says is
// the user's (systemd's user@UID.service and below), where the user may
// make cgroups and move its processes; "" on v1, or when the caller's own
// cgroup is not the user's (a login session's scope).
std::string delegated_root(const CgroupFs& fs, const std::string& proc_cgroup, const std::function<bool(const std::string&)>& owned);
// `owned` for the user `uid`: the directory and its cgroup.procs are its.
std::function<bool(const std::string&)> owned_by(uid_t uid);

// Podman's allow-list for a container's devices: mknod of any, and
// null, zero, full, random, urandom, tty, console, ptmx, the pts and tun.
std::vector<config::DeviceRule> default_device_rules();

// "c 1:3 rwm", "b *:* m", "a" as --device-cgroup-rule gives them; throws
// Podman's "invalid device cgroup rule" words.
config::DeviceRule parse_device_rule(const std::string& text);
std::string device_rule_text(const config::DeviceRule& r);

}  // namespace launch
