// SPDX-License-Identifier: GPL-2.0-or-later
// launch/init_main.cc: warren-init, run's --init: PID 1 of a container
// that reaps the orphans its processes leave, passes the signals it gets
// on to the command, and exits as the command does (128 + the signal that
// ended it). Linked statically: it runs on any image's root, bound at
// /run/podman-init as Podman binds catatonit. Usage: warren-init -- CMD [ARG...]
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  int first = 1;
  if (first < argc && std::strcmp(argv[first], "--") == 0) ++first;
  if (first >= argc) {
    std::fprintf(stderr, "usage: warren-init -- COMMAND [ARG...]\n");
    return 125;
  }
  sigset_t all, old;
  ::sigfillset(&all);
  ::sigprocmask(SIG_BLOCK, &all, &old);
  pid_t child = ::fork();
  if (child < 0) {
    std::perror("warren-init: fork");
    return 125;
  }
  if (child == 0) {
    ::sigprocmask(SIG_SETMASK, &old, nullptr);
    ::execvp(argv[first], argv + first);
    std::fprintf(stderr, "warren-init: exec %s: %s\n", argv[first], std::strerror(errno));
    ::_exit(errno == ENOENT ? 127 : 126);
  }
  for (;;) {
    siginfo_t info;
    if (::sigwaitinfo(&all, &info) < 0) continue;
    if (info.si_signo != SIGCHLD) {
      ::kill(child, info.si_signo);
      continue;
    }
    int status;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
      if (pid != child) continue;  // an orphan, reaped
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
  }
}
