// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/launcher.h: starting a container's first process. It is cloned
// into new mount, PID, UTS and IPC namespaces (and a new network namespace
// unless it shares one), on an overlay of the image's root filesystem with
// a per-container upper dir, with /proc, a read-only /sys and a minimal
// /dev, after pivot_root; then it execs the command. A command that cannot
// be found or run is reported as Podman reports it (exit 127, 126).
#pragma once

#include <sys/types.h>

#include <optional>
#include <cstdint>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/fd.h"
#include "runtime/process.h"

namespace runtime {

struct LaunchSpec {
  std::string lower;    // the image's root filesystem (read-only below)
  std::string dir;      // the container's own: upper/, work/, merged/ are made here
  std::string id;       // for errors
  ProcessSpec process;  // the command, its user, capabilities and terminal
  bool create_workdir = true;    // false: a missing workdir is an error (an explicit -w)
  std::string hostname;
  bool new_network = true;       // false: stay in the launcher's network namespace
  std::string netns_path;        // join this network namespace (a bind mount) instead
  bool privileged = false;       // every capability and host device; nothing masked; /sys writable
  // Files bound over the image's: (file on the host, path in the container),
  // e.g. the generated /etc/hosts.
  std::vector<std::pair<std::string, std::string>> bind_files;
};

// What the command's own exit looks like when it could not be run.
inline constexpr int kExitCannotInvoke = 126;
inline constexpr int kExitNotFound = 127;

struct Launched {
  pid_t pid;                // in the launcher's PID namespace
  base::UniqueFd terminal;  // the pty's master, for a terminal
};

// The process could not start: the cause, and the exit code Podman gives
// for it (125 for warren's own failures, 126, 127).
class LaunchError : public base::Error {
 public:
  LaunchError(int code, int err, std::string msg) : base::Error(err, std::move(msg)), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// Starts the process, or throws a LaunchError naming what failed.
Launched launch(const LaunchSpec& spec);

// Waits for `pid`; returns its exit code, or 128 + the signal that ended it.
int wait_exit(pid_t pid);

}  // namespace runtime
