// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/exec.h: one more process in a running container. A monitor of
// its own (as conmon runs exec sessions) joins the container's PID
// namespace for its child; the child joins the mount, UTS, IPC and network
// namespaces, takes the container's root, and goes on as the first process
// did (launch/process.h). Attached, the process uses the CLI's standard
// I/O, or a pty from the container's devpts relayed by the monitor; the
// monitor ends with its exit code.
#pragma once

#include <sys/types.h>

#include <string>

#include "launch/process.h"

namespace monitor {

struct ExecSpec {
  pid_t target = 0;         // the container's first process
  launch::ProcessSpec process;
  std::string cgroup;       // the container's cgroup, which the process joins ("" none)
  // Root's: entered as a container's first process enters it (launch/cgroups.h):
  // this process moves itself into each v1 hierarchy's, the process is cloned
  // into the v2 tree's; no wait for the kernel's cgroup lock.
  bool cgroup_enter = false;
  int oom_score_adj = 0;    // and its --oom-score-adj (when has_oom_score_adj)
  bool has_oom_score_adj = false;
  int output = -1;          // both streams to this fd (health checks); -1: stdout and stderr
  bool interactive = false; // -i: the CLI's stdin
  bool detach = false;      // -d: nothing attached; the monitor outlives the CLI
  // -it's detach keys ("" none): once typed, the process goes on unattached
  // and `exited` is closed with no code; else the code is written there
  // at the end (-1: none).
  std::string detach_keys;
  int exited = -1;
};

// Returns the exec monitor's pid once the process runs; throws LaunchError
// (125, 126, 127) when it could not start.
pid_t start_exec(const ExecSpec& spec);

}  // namespace monitor
