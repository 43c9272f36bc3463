// SPDX-License-Identifier: GPL-2.0-or-later
// launch/launch_plan.h: the launcher's own (not an interface): what the
// child of launch/launcher.cc needs, all of it computed before the clone,
// and the clones made through a helper in a user namespace
// (launch/userns_clone.cc).
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

#include "base/fd.h"
#include "launch/clone_ops.h"
#include "launch/launcher.h"
#include "launch/mount_ops.h"
#include "launch/process.h"

namespace launch {

// All of it computed before the clone. Paths in the container are
// relative to its root and resolved inside it by the child (base/root_dir.h):
// what the container left in its upper dir can never lead a mount or a
// new directory out of it.
struct Plan {
  RootOverlay overlay;
  Target proc, sys, dev;
  unsigned long sys_flags;
  bool console = false;
  std::vector<std::string> dev_dirs;                           // directories under /dev (privileged)
  std::vector<std::pair<std::string, std::string>> devices;  // host node, name under /dev
  std::vector<std::pair<std::string, std::string>> links;    // target, name under /dev
  std::vector<std::string> masked, readonly;                   // in the root
  std::vector<std::pair<std::string, Target>> binds;           // host file, mount point
  std::vector<PlannedMount> mounts;                            // the user's
  bool read_only = false;
  std::string workdir;                                         // made where missing, or empty
  std::string hostname;
  int netns = -1;  // the network namespace to join, if any
  int uts = -1, ipc = -1;  // and the UTS and IPC namespaces
  bool loopback = false;
  bool cgroup_namespace = false;
  int cgroupns = -1;  // or join this one
  std::vector<int> cgroup_tasks;  // written "0" first: in its cgroup (v1) before anything is charged to another
  bool host_pid = false, host_ipc = false, host_uts = false, no_shm = false;
  bool host_mqueue = false;  // the host has a /dev/mqueue to bind
  std::string proc_options;  // --security-opt proc-opts=
  std::string shm_options = "mode=1777,size=65536k";
  std::string shm_source;
  std::vector<std::pair<std::string, std::string>> sysctls;  // path under the root, value
  int maps_written = -1;   // in a new user namespace: readable once its maps are there
  int network_ready = -1;  // with an on_namespaces hook: readable once it is done
  int words_w[2] = {-1, -1};  // the parent's ends of those pipes, closed here at once
  ProcessPlan process;
  // Root's container in a user namespace of its own (launch/idmap.h): the
  // trees made for it before the clone, attached by the child where it
  // would bind host paths it may not reach.
  std::vector<base::UniqueFd> trees;
  std::vector<int> bind_trees;  // one per bind, or none
  int shm_tree = -1;
  bool joined_userns = false;  // root's pod member, in its pod's user namespace: its root there first
  // A regular user's nested container: its root there is another host
  // id than its creator's, which leaves it undumpable, its /proc closed
  // to the user's monitor and agent until its exec; dumpable again.
  bool dumpable = false;
};

// Root's container in a user namespace of its own, or a regular user's
// nested one (in its helper): the trees the child attaches.
void plan_root_userns(Plan& p, const LaunchSpec& spec);
// The host's namespaces root's container shares, joined by this thread
// for its clone.
void join_for_clone(Plan& p, JoinedForClone& joined, const LaunchSpec& spec);
// Root's pod member in its pod's user namespace. The pid; throws.
pid_t clone_in_pod_userns(Plan& p, const LaunchSpec& spec, int (*child)(void*), char* stack_top, int flags);
// A regular user's nested container (LaunchSpec.nested), through its
// helper (launch/nested_clone.h). The pid; throws.
pid_t clone_nested_container(Plan& p, const LaunchSpec& spec, int (*child)(void*), char* stack_top, int flags);

}  // namespace launch
