// SPDX-License-Identifier: GPL-2.0-or-later
// base/signals.h: a forked child lets go of the signals its parent held.
// An attached CLI holds the ones it passes on (cli/attach.h) while it
// starts a container; the monitor, warren-dns and CNI plugins it starts
// take signals as any process does.
#pragma once

#include <signal.h>

namespace base {

inline void unblock_all_signals() {
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

}  // namespace base
