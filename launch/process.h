// SPDX-License-Identifier: GPL-2.0-or-later
// launch/process.h: the last steps before a container's process runs,
// shared by the launcher (the first process) and exec (one more): a
// terminal from the container's own devpts, standard I/O, the user and
// groups, the capability sets, then execve along $PATH. Everything is
// computed before the fork; the child makes only system calls, and a
// failure travels back as (stage, errno) over a close-on-exec pipe.
#pragma once

#include <sys/ioctl.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/fd.h"
#include "launch/credentials.h"
#include "launch/rlimits.h"
#include "launch/seccomp_profile.h"

namespace launch {

// Where a child failed; the text is what the error says it was doing.
enum Stage : int {
  kPrivate, kOverlay, kProc, kSys, kDev, kDevNode, kDevPts, kShm, kMqueue, kMask, kPivot, kHostname, kJoin, kLoopback, kRoot,
  kWorkdir, kTerminal, kStdio, kUser, kCapabilities, kKeyring, kMountPoint, kBind, kVolume, kReadOnly, kSeccomp, kRlimit, kSysctl, kExec,
  kPersonality, kCgroup,
};

struct ProcessSpec {
  std::vector<std::string> argv;
  std::vector<std::string> env;  // K=V; PATH is looked up here for argv[0]
  std::string workdir = "/";
  Credentials user;
  bool set_groups = true;        // false: leave the supplementary groups as they are
  uint64_t caps = 0;             // the bounding set (and root's effective set)
  uint64_t ambient = 0;          // a non-root user's effective set: what --cap-add named
  bool no_new_privs = false;     // --security-opt no-new-privileges
  SeccompFilter seccomp;         // installed last, before the exec; empty: none
  std::vector<Ulimit> rlimits;   // --ulimit, set while it may still raise them
  mode_t umask = 022;            // --umask
  int personality = -1;          // --personality: PER_LINUX or PER_LINUX32 (-1: the caller's)
  int preserve_fds = 0;          // --preserve-fds: fds 3 .. 3+N-1 stay open past the exec
  bool own_user_namespace = false;  // in a user namespace of its own: it holds every capability there
  bool terminal = false;         // a pty from the container's /dev/pts/ptmx as stdin, stdout, stderr
  bool console = false;          // and bound over /dev/console
  winsize size{};                // the terminal's first size (0 rows: leave it)
  int in = -1, out = -1, err = -1;  // -1: inherit
};

// The pipe (and, for a terminal, the socket) between parent and child.
struct Handoff {
  base::UniqueFd report_read, report_write;
  base::UniqueFd console_parent, console_child;
};

// Computed before the fork: the child reads it only.
struct ProcessPlan {
  std::vector<std::string> candidates;  // paths to try for argv[0]
  std::vector<std::string> strings;     // owns what argv and envp point at
  std::vector<char*> argv, envp;
  std::vector<int> drop;                // capabilities leaving the bounding set
  uint64_t keep = 0, ambient = 0;
  std::string workdir;
  Credentials user;
  bool set_groups = true;
  bool no_new_privs = false;
  SeccompFilter seccomp;
  std::vector<Ulimit> rlimits;
  mode_t umask = 022;
  int personality = -1, preserve_fds = 0;
  bool terminal = false, console = false;
  winsize size{};
  int in = -1, out = -1, err = -1;
  int report = -1, console_socket = -1;  // the child's ends of the handoff
  std::string command;                  // argv[0], for errors
  std::vector<std::string> mounts;      // the user's mount destinations, for errors (kVolume)
};

Handoff make_handoff(bool terminal);
ProcessPlan plan_process(const ProcessSpec& spec, const Handoff& h);

// In the child: reports the stage that failed, with errno (and which of
// several things, `index`), and exits 127.
[[noreturn]] void fail_stage(const ProcessPlan& p, int stage, int index = 0);
// In the child, at the container's root: the rest, then execve.
[[noreturn]] void finish_and_exec(const ProcessPlan& p);

// In the parent once the child runs: waits for the exec. Returns the
// terminal's master when one was asked for; throws base::LaunchError (after
// reaping the child) when the child failed.
base::UniqueFd await_exec(Handoff& h, pid_t pid, const ProcessPlan& p);

// The capabilities this process may hand on (its permitted set).
uint64_t permitted_capabilities();

}  // namespace launch
