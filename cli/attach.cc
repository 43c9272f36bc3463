// SPDX-License-Identifier: GPL-2.0-or-later
// cli/attach.cc: raw mode, signal forwarding, and the monitor's end, in
// one poll over a signalfd and a pidfd; and `attach`, a client of a
// detached container's monitor (monitor/attach_socket.h), which the
// detach keys leave.
#include "cli/attach.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include <sys/ioctl.h>
#include <sys/socket.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "cli/commands.h"
#include "launch/launcher.h"
#include "monitor/attach_socket.h"
#include "monitor/detach_keys.h"
#include "runtime/containers.h"

namespace cli {

HeldSignals::HeldSignals(bool proxied) {
  ::sigemptyset(&set_);
  ::sigaddset(&set_, SIGWINCH);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2}) {
    if (proxied) ::sigaddset(&set_, sig);
  }
  ::sigprocmask(SIG_BLOCK, &set_, &old_);
}

HeldSignals::~HeldSignals() { ::sigprocmask(SIG_SETMASK, &old_, nullptr); }

RawMode::RawMode(bool want) {
  if (!want || !::isatty(0) || ::tcgetattr(0, &saved_) < 0) return;
  termios raw = saved_;
  ::cfmakeraw(&raw);
  active_ = ::tcsetattr(0, TCSANOW, &raw) == 0;
}

RawMode::~RawMode() {
  if (active_) ::tcsetattr(0, TCSANOW, &saved_);
}

int wait_attached(pid_t monitor, pid_t container, int exited, bool sig_proxy) {
  HeldSignals blocked(sig_proxy);
  base::UniqueFd signals{::signalfd(-1, &blocked.set(), SFD_CLOEXEC)};
  base::UniqueFd monitor_fd{static_cast<int>(::syscall(SYS_pidfd_open, monitor, 0))};
  if (!signals || !monitor_fd) return launch::wait_exit(monitor);  // no forwarding, but the right code
  int ended = exited >= 0 ? exited : monitor_fd.get();
  for (;;) {
    pollfd pfd[2] = {{ended, POLLIN, 0}, {signals.get(), POLLIN, 0}};
    if (::poll(pfd, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (pfd[0].revents) {
      unsigned char code;
      // The code before the monitor is gone: its last steps are the kernel's.
      if (exited >= 0 && ::read(exited, &code, 1) == 1) return code;
      pollfd alive{monitor_fd.get(), POLLIN, 0};
      if (exited >= 0 && ::poll(&alive, 1, 0) == 0) return kDetached;  // no code, the monitor goes on
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

namespace {

void send_resize(int sock) {
  winsize ws{};
  if (::ioctl(0, TIOCGWINSZ, &ws) < 0) return;
  char packet[5] = {monitor::kResize, static_cast<char>(ws.ws_row & 0xff), static_cast<char>(ws.ws_row >> 8),
                    static_cast<char>(ws.ws_col & 0xff), static_cast<char>(ws.ws_col >> 8)};
  ::send(sock, packet, sizeof packet, MSG_NOSIGNAL);
}

// What was typed, to the container, up to the detach keys: true once
// they were typed.
bool forward_typed(int sock, const char* data, size_t size, monitor::DetachMatcher& keys) {
  std::string out(1, monitor::kInput);
  bool detached = keys.feed(data, size, out);
  if (out.size() > 1) ::send(sock, out.data(), out.size(), MSG_NOSIGNAL);
  return detached;
}

// The session: output to stdout and stderr, typing to the container,
// signals to its process (sig-proxy) or, for a terminal, its size. True
// when the detach keys ended it.
bool attach_session(int sock, const store::Container& c, bool input, bool sig_proxy, const std::string& detach_keys) {
  HeldSignals blocked(sig_proxy);
  base::UniqueFd signals{::signalfd(-1, &blocked.set(), SFD_CLOEXEC)};
  bool terminal = c.config.tty && ::isatty(0);
  if (terminal) send_resize(sock);
  monitor::DetachMatcher keys(detach_keys);
  for (;;) {
    pollfd pfd[3] = {{sock, POLLIN, 0}, {signals.get(), POLLIN, 0}, {input ? 0 : -1, POLLIN, 0}};
    if (::poll(pfd, 3, -1) < 0) {
      if (errno == EINTR) continue;
      throw base::sys_error(errno, "attach");
    }
    if (pfd[0].revents) {
      char packet[monitor::kAttachPacket];
      ssize_t n = ::recv(sock, packet, sizeof packet, 0);
      if (n <= 0) return false;  // the container ended
      int to = packet[0] == monitor::kStderr ? 2 : 1;
      for (ssize_t off = 1; off < n;) {
        ssize_t w = ::write(to, packet + off, static_cast<size_t>(n - off));
        if (w <= 0 && errno != EINTR) break;
        if (w > 0) off += w;
      }
    }
    if (pfd[1].revents) {
      signalfd_siginfo si;
      if (::read(signals.get(), &si, sizeof si) == sizeof si) {
        int sig = static_cast<int>(si.ssi_signo);
        if (sig == SIGWINCH && terminal) send_resize(sock);
        else if (sig != SIGWINCH && sig_proxy) store::process_of(c.state).signal(sig);
      }
    }
    if (pfd[2].revents) {
      char buf[4096];
      ssize_t n = ::read(0, buf, sizeof buf);
      if (n <= 0) input = false;  // stdin ended: the output goes on
      else if (forward_typed(sock, buf, static_cast<size_t>(n), keys)) return true;
    }
  }
}

}  // namespace

int attach_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("attach"), "Attach to a running container", "[options] CONTAINER");
  opts.add()("detach-keys",
             "Select the key sequence for detaching a container. Format is a single character [a-Z] or a comma separated "
             "sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`",
             cxxopts::value<std::string>()->default_value("ctrl-p,ctrl-q"), "[a-Z]")
      ("l,latest", "Act on the latest container warren is aware of")
      ("no-stdin", "Do not attach STDIN. The default is false")
      ("sig-proxy", "Proxy received signals to the process", cxxopts::value<bool>()->default_value("true")->implicit_value("true"));
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  auto names = named_or_latest(*r, store, "attach requires the name or ID of one running container or the latest flag");
  if (names.size() != 1) throw base::error("attach requires the name or ID of one running container or the latest flag");
  store::Container c = store.get(names.front());
  c.state = runtime::state_of(ctx.settings(), store, c);
  if (c.state.status != "running") throw base::error("you can only attach to running containers");
  std::string keys;
  try {
    keys = monitor::parse_detach_keys((*r)["detach-keys"].as<std::string>());
  } catch (const base::Error& e) {
    throw base::error("attaching to container {}: {}", c.config.id, e.what());
  }
  base::UniqueFd sock;
  try {
    sock = monitor::connect_attach(store.run_dir(c.config.id));
  } catch (const base::Error& e) {
    throw base::error("attaching to container {}: it runs attached to the terminal that started it, or is ending ({})",
                      c.config.id, e.what());
  }
  bool input = c.config.interactive && !r->count("no-stdin");
  bool detached;
  {
    RawMode raw(c.config.tty && input);
    detached = attach_session(sock.get(), c, input, (*r)["sig-proxy"].as<bool>(), keys);
  }
  if (detached) return 0;
  // The container ended: its code, once the monitor has recorded it.
  store::monitor_of(c.state).wait_exit(-1);
  auto now = store.find(c.config.id);
  return now ? runtime::state_of(ctx.settings(), store, *now).exit_code : 0;
}

}  // namespace cli
