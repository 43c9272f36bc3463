// SPDX-License-Identifier: GPL-2.0-or-later
// cli/attach.cc: raw mode, signal forwarding, and the monitor's end, in
// one poll over a signalfd and a pidfd.
#include "cli/attach.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "base/error.h"
#include "base/fd.h"
#include "launch/launcher.h"

namespace cli {

namespace {

// Blocked while attached, so that they arrive on the signalfd; restored after.
class BlockedSignals {
 public:
  BlockedSignals() {
    ::sigemptyset(&set_);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH}) ::sigaddset(&set_, sig);
    ::sigprocmask(SIG_BLOCK, &set_, &old_);
  }
  ~BlockedSignals() { ::sigprocmask(SIG_SETMASK, &old_, nullptr); }
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;
  const sigset_t& set() const { return set_; }

 private:
  sigset_t set_, old_;
};

}  // namespace

RawMode::RawMode(bool want) {
  if (!want || !::isatty(0) || ::tcgetattr(0, &saved_) < 0) return;
  termios raw = saved_;
  ::cfmakeraw(&raw);
  active_ = ::tcsetattr(0, TCSANOW, &raw) == 0;
}

RawMode::~RawMode() {
  if (active_) ::tcsetattr(0, TCSANOW, &saved_);
}

int wait_attached(pid_t monitor, pid_t container, int exited) {
  BlockedSignals blocked;
  base::UniqueFd signals{::signalfd(-1, &blocked.set(), SFD_CLOEXEC)};
  base::UniqueFd ended{static_cast<int>(::syscall(SYS_pidfd_open, monitor, 0))};
  if (!signals || !ended) return launch::wait_exit(monitor);  // no forwarding, but the right code
  if (exited >= 0) ended.reset(::dup(exited));
  for (;;) {
    pollfd pfd[2] = {{ended.get(), POLLIN, 0}, {signals.get(), POLLIN, 0}};
    if (::poll(pfd, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (pfd[0].revents) {
      unsigned char code;
      // The code before the monitor is gone: its last steps are the kernel's.
      if (exited >= 0 && ::read(exited, &code, 1) == 1) return code;
      break;
    }
    signalfd_siginfo si;
    if (::read(signals.get(), &si, sizeof si) != sizeof si) continue;
    int sig = static_cast<int>(si.ssi_signo);
    pid_t to = sig == SIGWINCH ? monitor : container;
    if (to > 0) ::kill(to, sig);  // 0 would be this process group
  }
  return launch::wait_exit(monitor);
}

}  // namespace cli
