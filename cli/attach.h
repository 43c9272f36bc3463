// SPDX-License-Identifier: GPL-2.0-or-later
// cli/attach.h: the CLI's side of an attached session. The monitor copies
// the bytes; the CLI puts its terminal in raw mode for -t, forwards the
// signals it gets to the container (Podman's --sig-proxy) and SIGWINCH to
// the monitor, and ends with the monitor's exit code, the container's.
#pragma once

#include <signal.h>
#include <sys/types.h>
#include <termios.h>

namespace cli {

// The terminal on stdin in raw mode while this lives, for -t; set before
// the container starts, so that none of its output meets a cooked terminal.
class RawMode {
 public:
  explicit RawMode(bool want);
  ~RawMode();
  RawMode(const RawMode&) = delete;
  RawMode& operator=(const RawMode&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

// The signals an attached session takes, held (blocked) while this lives
// so that they wait on the session's signalfd: SIGWINCH, and with
// `proxied` the ones passed on to the container (the rest end this
// process as usual). Taken before the container starts: a signal sent once
// the container is up is the container's, even while the CLI still
// records the start. The monitor starts with none blocked.
class HeldSignals {
 public:
  explicit HeldSignals(bool proxied = true);
  ~HeldSignals();
  HeldSignals(const HeldSignals&) = delete;
  HeldSignals& operator=(const HeldSignals&) = delete;
  const sigset_t& set() const { return set_; }

 private:
  sigset_t set_, old_;
};

// `exited`: where the monitor writes the exit code once everything is done
// (-1: wait for the monitor itself to end); closed with no code while the
// monitor lives, the detach keys were typed: kDetached. `sig_proxy`:
// signals go on to the container (else they end this process as usual).
inline constexpr int kDetached = -1;
int wait_attached(pid_t monitor, pid_t container, int exited = -1, bool sig_proxy = true);

}  // namespace cli
