// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/health_ticker.cc: fork, then sleep and run the check, in turn.
#include "monitor/health_ticker.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

#include "base/error.h"

namespace monitor {

namespace {

[[noreturn]] void tick(const std::vector<std::string>& command, pid_t parent, int64_t interval_ns) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(0);  // the monitor went before the line above
  int null = ::open("/dev/null", O_RDWR);
  for (int fd : {0, 1, 2}) ::dup2(null, fd);
  ::syscall(SYS_close_range, 3, ~0U, 0);
  std::vector<char*> argv;
  for (const auto& a : command) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (;;) {
    timespec t{static_cast<time_t>(interval_ns / 1000000000), static_cast<long>(interval_ns % 1000000000)};
    while (::nanosleep(&t, &t) < 0 && errno == EINTR) {
    }
    pid_t pid = ::fork();
    if (pid == 0) {
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    int status;
    while (pid > 0 && ::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

}  // namespace

pid_t start_health_ticker(std::vector<std::string> command, const std::string& id, int64_t interval_ns) {
  command.insert(command.end(), {"healthcheck", "run", id});
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw base::sys_error(errno, "fork the health checks of {}", id);
  if (pid == 0) tick(command, parent, interval_ns);
  return pid;
}

void stop_health_ticker(pid_t pid) {
  if (pid <= 0) return;
  ::kill(pid, SIGKILL);
  int status;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace monitor
