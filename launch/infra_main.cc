// SPDX-License-Identifier: GPL-2.0-or-later
// launch/infra_main.cc: warren-infra, the process of a pod's infra
// container (launch/launcher.h, launch_infra). Its monitor starts it in
// the pod's namespaces, as the first process of a PID namespace of its
// own; it holds them and does nothing until SIGTERM, SIGINT or SIGHUP,
// then exits 0. It links nothing but libc, so that it costs a few pages.
#include <signal.h>

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
  while (sigwaitinfo(&ends, nullptr) < 0) {
  }
  return 0;
}
