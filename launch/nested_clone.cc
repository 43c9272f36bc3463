// SPDX-License-Identifier: GPL-2.0-or-later
// launch/nested_clone.cc: the helper of a nested clone (nested_clone.h).
#include "launch/nested_clone.h"

#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>

#include "base/error.h"
#include "base/fd.h"
#include "launch/clone_ops.h"
#include "launch/launcher.h"

namespace launch {

namespace {

// The helper's failure, sent whole: -1, then its words.
[[noreturn]] void report_failure(int fd, const base::Error& e) {
  int words[2] = {-1, 0};
  std::string text = e.what();
  if (::write(fd, words, sizeof words) == sizeof words) {
    ssize_t ignored = ::write(fd, text.data(), text.size());
    (void)ignored;
  }
  ::_exit(1);
}

void in_helper(const NestedClone& n, int (*child)(void*), char* stack_top, int flags, void* arg, int out) {
  if (n.prepare) {
    if (::unshare(CLONE_NEWNS) < 0) throw base::LaunchError(125, errno, "unshare a mount namespace");
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) throw base::LaunchError(125, errno, "make / private");
  }
  if (n.prepare) n.prepare();
  // A pod's namespaces: those the user's network namespace owns (a
  // bridge network's) may be joined only from there, not from the pod's.
  for (const auto& [fd, type] : n.joins) {
    if (::setns(fd, type) < 0) throw base::LaunchError(125, errno, "join the pod's namespaces");
  }
  if (n.pid_ns >= 0 && ::setns(n.pid_ns, CLONE_NEWPID) < 0) throw base::LaunchError(125, errno, "join the pod's PID namespace");
  if (!n.dir.empty() && ::chdir(n.dir.c_str()) < 0) throw base::LaunchError(125, errno, "chdir " + n.dir);
  if (n.userns >= 0 && ::setns(n.userns, CLONE_NEWUSER) < 0) throw base::LaunchError(125, errno, "join the pod's user namespace");
  pid_t pid = static_cast<pid_t>(::clone(child, stack_top, flags | CLONE_PARENT, arg));
  if (pid < 0) throw base::LaunchError(125, errno, "clone the container's namespaces");
  try {
    if (n.maps) rootless::write_id_maps(pid, *n.maps);
  } catch (...) {
    ::kill(pid, SIGKILL);  // the caller's child: it reaps it
    throw;
  }
  int words[2] = {pid, 0};
  ::_exit(::write(out, words, sizeof words) == sizeof words ? 0 : 1);
}

[[noreturn]] void helper(const NestedClone& n, int (*child)(void*), char* stack_top, int flags, void* arg, base::Pipe& ready,
                         base::Pipe& go, base::Pipe& out) {
  ready.r.reset();
  go.w.reset();
  out.r.reset();
  char byte = 'r';
  if (n.user_maps) {
    // Its maps are the caller's to write (newuidmap): a word each way.
    if (::unshare(CLONE_NEWUSER) < 0 || ::write(ready.w.get(), &byte, 1) != 1 || ::read(go.r.get(), &byte, 1) != 1) ::_exit(2);
  }
  try {
    if (!n.user_maps && n.parent_userns >= 0 && ::setns(n.parent_userns, CLONE_NEWUSER) < 0) {
      throw base::LaunchError(125, errno, "join the user namespace of the pod's");
    }
    in_helper(n, child, stack_top, flags, arg, out.w.get());
  } catch (const base::Error& e) {
    report_failure(out.w.get(), e);
  }
  ::_exit(1);
}

}  // namespace

pid_t clone_nested(const NestedClone& n, int (*child)(void*), char* stack_top, int flags, void* arg) {
  base::Pipe ready = base::make_pipe(), go = base::make_pipe(), out = base::make_pipe();
  pid_t pid = ::fork();
  if (pid < 0) throw base::LaunchError(125, errno, "fork");
  if (pid == 0) helper(n, child, stack_top, flags, arg, ready, go, out);
  ready.w.reset();
  go.r.reset();
  out.w.reset();
  if (n.user_maps) {
    char byte;
    try {
      if (::read(ready.r.get(), &byte, 1) != 1) throw base::LaunchError(125, 0, "the helper of the container's user namespace failed");
      rootless::write_id_maps(pid, *n.user_maps);
    } catch (const base::Error& e) {
      go.w.reset();
      wait_exit(pid);
      throw base::LaunchError(125, e);
    }
    byte = 'g';
    ssize_t sent = ::write(go.w.get(), &byte, 1);
    (void)sent;  // a helper gone says so below
  }
  go.w.reset();
  // The pid; or -1 and the helper's error to its end (the child, which
  // holds a copy of the pipe until its exec, is only there with a pid).
  int words[2] = {-1, 0};
  ssize_t got;
  while ((got = ::read(out.r.get(), words, sizeof words)) < 0 && errno == EINTR) {
  }
  std::string why;
  char buf[512];
  while (got == sizeof words && words[0] < 0 && (got = ::read(out.r.get(), buf, sizeof buf)) > 0) why.append(buf, static_cast<size_t>(got));
  wait_exit(pid);
  if (words[0] < 0) throw base::LaunchError(125, 0, why.empty() ? "the helper of the container's user namespace failed" : why);
  return words[0];
}

}  // namespace launch
