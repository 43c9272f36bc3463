// SPDX-License-Identifier: GPL-2.0-or-later
// launch/infra_main.cc: warren-infra, the process of a pod's infra
// container (launch/launcher.h, launch_infra). Its monitor starts it in
// the pod's namespaces, as the first process of a PID namespace of its
// own; it holds them and does nothing until SIGTERM, SIGINT or SIGHUP,
// then exits 0. In a pod that shares its PID namespace it is that
// namespace's init: it reaps what the members' processes leave orphaned.
// It links nothing but libc, so that it costs a few pages.
#include <signal.h>
#include <sys/wait.h>

int main() {
  // Blocked, these reach even a PID namespace's first process, which
  // ignores every signal it has no handler for.
  sigset_t all, ends;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, nullptr);
  sigemptyset(&ends);
  sigaddset(&ends, SIGTERM);
  sigaddset(&ends, SIGINT);
  sigaddset(&ends, SIGHUP);
  sigaddset(&ends, SIGCHLD);
  for (;;) {
    int sig = sigwaitinfo(&ends, nullptr);
    if (sig == SIGCHLD) {
      while (waitpid(-1, nullptr, WNOHANG) > 0) {
      }
    } else if (sig > 0) {
      return 0;
    }
  }
}
