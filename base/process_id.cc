// SPDX-License-Identifier: GPL-2.0-or-later
// base/process_id.cc: pidfd plus start time.
#include "base/process_id.h"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include <fmt/format.h>

#include "base/fd.h"
#include "base/file.h"

namespace base {

namespace {

// The start time of a process and its state (R, S, Z...), from /proc.
struct ProcStat {
  uint64_t start = 0;
  char state = 0;
};

std::optional<ProcStat> read_proc_stat(pid_t pid) {
  auto stat = read_file(fmt::format("/proc/{}/stat", pid));
  if (!stat) return std::nullopt;
  // The command name may hold spaces and parentheses: the fields start
  // after the last ')'.
  auto close = stat->rfind(')');
  if (close == std::string::npos || close + 2 >= stat->size()) return std::nullopt;
  ProcStat out;
  out.state = (*stat)[close + 2];
  // Field 3 is the state; the start time is field 22.
  size_t at = close + 2;
  for (int field = 3; field < 22; ++field) {
    at = stat->find(' ', at);
    if (at == std::string::npos) return std::nullopt;
    ++at;
  }
  const char* begin = stat->data() + at;
  auto [end, ec] = std::from_chars(begin, stat->data() + stat->size(), out.start);
  if (ec != std::errc() || end == begin) return std::nullopt;
  return out;
}

// `id`'s process, running: not ended, not a zombie, and started when it was.
bool running_as(const ProcessId& id) {
  auto st = read_proc_stat(id.pid);
  return st && st->state != 'Z' && st->state != 'X' && (id.start == 0 || st->start == id.start);
}

UniqueFd pidfd_open(pid_t pid) { return UniqueFd{static_cast<int>(::syscall(SYS_pidfd_open, pid, 0))}; }

// A pidfd for the process `id` names, or none: opened first, so that the
// start time read after it is that of the process the pidfd holds.
UniqueFd pin(const ProcessId& id) {
  if (id.pid <= 0) return UniqueFd{};
  UniqueFd fd = pidfd_open(id.pid);
  if (!fd || !running_as(id)) return UniqueFd{};
  return fd;
}

}  // namespace

ProcessId ProcessId::self() { return of(::getpid()).value_or(ProcessId{::getpid(), 0}); }

std::optional<ProcessId> ProcessId::of(pid_t pid) {
  auto st = read_proc_stat(pid);
  if (!st) return std::nullopt;
  return ProcessId{pid, st->start};
}

bool ProcessId::alive() const {
  // Nothing is done to the process here, so nothing needs pinning: its
  // start time names it. signal() and wait_exit() act, and hold a pidfd.
  return pid > 0 && running_as(*this);
}

bool ProcessId::signal(int sig) const {
  UniqueFd fd = pin(*this);
  if (!fd) {
    errno = ESRCH;
    return false;
  }
  return ::syscall(SYS_pidfd_send_signal, fd.get(), sig, nullptr, 0) == 0;
}

bool ProcessId::wait_exit(int timeout_ms) const {
  UniqueFd fd = pin(*this);
  if (!fd) return true;
  pollfd p{fd.get(), POLLIN, 0};
  int n;
  while ((n = ::poll(&p, 1, timeout_ms)) < 0 && errno == EINTR) {
  }
  return n > 0;
}

std::string ProcessId::text() const { return fmt::format("{} {}", pid, start); }

std::optional<ProcessId> ProcessId::parse(const std::string& text) {
  ProcessId id;
  const char* p = text.data();
  const char* end = p + text.size();
  auto [after, ec] = std::from_chars(p, end, id.pid);
  if (ec != std::errc() || after == p || id.pid <= 0) return std::nullopt;
  if (after < end && *after == ' ') {
    auto [after2, ec2] = std::from_chars(after + 1, end, id.start);
    if (ec2 != std::errc()) return std::nullopt;
    after = after2;
  }
  while (after < end && *after == '\n') ++after;
  if (after != end) return std::nullopt;
  return id;
}

}  // namespace base
