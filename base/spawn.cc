// SPDX-License-Identifier: GPL-2.0-or-later
// base/spawn.cc: a child in a session of its own whose own children
// outlive it; double fork, setsid, exec.
#include "base/spawn.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "base/error.h"
#include "base/signals.h"

namespace base {

void run_detached(const std::function<void()>& body) {
  int subreaper = 0;
  ::prctl(PR_GET_CHILD_SUBREAPER, &subreaper);
  if (subreaper) ::prctl(PR_SET_CHILD_SUBREAPER, 0);
  ::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setsid();
    unblock_all_signals();
    body();
    ::_exit(0);
  }
  int err = errno;
  // What it started is orphaned when it ends: reaped first, while this
  // process is no subreaper, so that those go to init.
  int status;
  while (pid > 0 && ::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (subreaper) ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  if (pid < 0) throw sys_error(err, "fork");
}

void spawn_detached(const std::vector<std::string>& args, int keep_fd) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  try {
    run_detached([&] {
      if (::fork() != 0) ::_exit(0);
      int null = ::open("/dev/null", O_RDWR);
      for (int fd : {0, 1, 2}) ::dup2(null, fd);
      unsigned first = 3;
      if (keep_fd >= 0) {
        if (::dup2(keep_fd, 3) < 0 || ::fcntl(3, F_SETFD, 0) < 0) ::_exit(127);
        first = 4;
      }
      ::syscall(SYS_close_range, first, ~0U, 0);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    });
  } catch (Error& e) {
    e.wrap("start {}", args.front());
    throw;
  }
}

}  // namespace base
