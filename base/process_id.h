// SPDX-License-Identifier: GPL-2.0-or-later
// base/process_id.h: a process named so that it cannot be mistaken for
// another: its pid and its start time (clock ticks after boot, field 22 of
// /proc/PID/stat). A pid the kernel has given to a newer process does not
// match, whatever that process is called. The one liveness check warren
// has, for monitors, containers' first processes and warren-dns.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace base {

struct ProcessId {
  pid_t pid = 0;
  uint64_t start = 0;  // 0: not recorded (a record of an older warren)

  // The calling process.
  static ProcessId self();
  // `pid` as it is now; nullopt when there is no such process.
  static std::optional<ProcessId> of(pid_t pid);

  // Running (not ended, not a zombie) and the same process, by its start
  // time. signal() and wait_exit() open a pidfd first and compare the
  // start time after, so the process they act on is the one named.
  bool alive() const;
  // Sends `sig` only if it is alive; false (errno ESRCH) when not.
  bool signal(int sig) const;
  // Waits until it has ended, at most `timeout_ms` (-1: no limit); true
  // once it has (or was never there).
  bool wait_exit(int timeout_ms) const;

  // "PID START", as records and pid files keep it; a bare "PID" reads with
  // start 0. nullopt for anything else.
  std::string text() const;
  static std::optional<ProcessId> parse(const std::string& text);
};

}  // namespace base
