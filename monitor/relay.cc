// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/relay.cc: one poll loop over the container's output, the
// attached input and SIGWINCH.
#include "monitor/relay.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/clock.h"
#include "monitor/attach_socket.h"
#include "monitor/journal.h"

namespace monitor {

namespace {

constexpr size_t kRecord = 8192;

volatile sig_atomic_t resized = 0;

void on_winch(int) { resized = 1; }

// False once the other side is gone.
bool write_all(int fd, const char* data, size_t size) {
  size_t off = 0;
  while (off < size) {
    ssize_t n = ::write(fd, data + off, size - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

void write_all(int fd, const std::string& s) {
  if (fd >= 0) write_all(fd, s.data(), s.size());
}

// One line into the log, which is emptied first when the line would take
// it past its limit.
void log_write(Relay& r, const std::string& line) {
  if (r.log < 0) return;
  auto len = static_cast<int64_t>(line.size());
  if (r.log_max > 0 && r.log_size + len > r.log_max && ::ftruncate(r.log, 0) == 0) r.log_size = 0;
  write_all(r.log, line);
  r.log_size += len;
}

// One line (or a partial record) of an output: into the log file, or the journal.
void record(Relay& r, const char* stream, const std::string& text, bool partial) {
  if (r.journal >= 0) send_journal_entry(r.journal, r.journal_fields, std::strcmp(stream, "stderr") == 0, text, partial);
  if (r.log >= 0) log_write(r, log_line(stream, text, partial));
}

// One packet to an attach client; a client that takes none for a second
// is let go (the log keeps everything).
bool send_packet(int fd, char tag, const char* data, size_t size) {
  iovec parts[2] = {{&tag, 1}, {const_cast<char*>(data), std::min(size, kAttachPacket - 1)}};
  msghdr msg{};
  msg.msg_iov = parts;
  msg.msg_iovlen = 2;
  for (;;) {
    ssize_t n = ::sendmsg(fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n >= 0) return true;
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return false;
    pollfd one{fd, POLLOUT, 0};
    if (::poll(&one, 1, 1000) <= 0) return false;
  }
}

void to_clients(Relay& r, const char* stream, const char* data, size_t size) {
  char tag = std::strcmp(stream, "stderr") == 0 ? kStderr : kStdout;
  std::erase_if(r.clients, [&](const base::UniqueFd& c) { return !send_packet(c.get(), tag, data, size); });
}

// A client's packet: input or a size; false when it has gone.
bool from_client(Relay& r, int fd) {
  char packet[kAttachPacket];
  ssize_t n = ::recv(fd, packet, sizeof packet, MSG_DONTWAIT);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n <= 0) return false;
  if (packet[0] == kInput && r.attach_input >= 0) write_all(r.attach_input, packet + 1, static_cast<size_t>(n - 1));
  if (packet[0] == kResize && r.attach_pty >= 0 && n == 5) {
    auto u16 = [&](int at) { return static_cast<unsigned short>(static_cast<unsigned char>(packet[at]) | static_cast<unsigned char>(packet[at + 1]) << 8); };
    winsize ws{};
    ws.ws_row = u16(1);
    ws.ws_col = u16(3);
    ::ioctl(r.attach_pty, TIOCSWINSZ, &ws);
  }
  return true;
}

// Reads what one output has; false when it has ended.
bool drain(RelayOutput& o, Relay& relay) {
  bool log = relay.log >= 0 || relay.journal >= 0;
  char buf[16384];
  ssize_t r = ::read(o.fd.get(), buf, sizeof buf);
  if (r < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (r <= 0) {
    if (!o.partial.empty()) record(relay, o.stream, o.partial, true);
    o.fd.reset();
    return false;
  }
  if (o.terminal >= 0 && !write_all(o.terminal, buf, static_cast<size_t>(r))) o.terminal = -1;
  if (!relay.clients.empty()) to_clients(relay, o.stream, buf, static_cast<size_t>(r));
  if (!log) return true;
  o.partial.append(buf, static_cast<size_t>(r));
  size_t nl;
  while ((nl = o.partial.find('\n')) != std::string::npos) {
    record(relay, o.stream, o.partial.substr(0, nl), false);
    o.partial.erase(0, nl + 1);
  }
  // Output that does not end its line is logged in records of 8 KiB marked
  // partial (P), as conmon logs it: what this process holds stays bounded
  // whatever the container prints without a newline.
  while (o.partial.size() >= kRecord) {
    record(relay, o.stream, o.partial.substr(0, kRecord), true);
    o.partial.erase(0, kRecord);
  }
  return true;
}

// Copies what the attached terminal typed; false at its end, or once
// the detach keys were typed (on_detach has then run).
bool forward_input(Relay& relay, int from, int to) {
  char buf[4096];
  ssize_t r = ::read(from, buf, sizeof buf);
  if (r < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (r <= 0) return false;
  if (!relay.detach) return write_all(to, buf, static_cast<size_t>(r));
  std::string out;
  bool detached = relay.detach->feed(buf, static_cast<size_t>(r), out);
  if (!out.empty() && !write_all(to, out.data(), out.size())) return false;
  if (!detached) return true;
  if (relay.on_detach) relay.on_detach(relay);
  return false;
}

// --timeout's clock, a timerfd (none when it cannot be had).
base::UniqueFd timeout_timer(const Relay& r) {
  if (r.timeout <= 0 || r.timeout_pid <= 0) return {};
  base::UniqueFd timer{::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC)};
  itimerspec when{};
  when.it_value.tv_sec = static_cast<time_t>(r.timeout);
  if (timer && ::timerfd_settime(timer.get(), 0, &when, nullptr) < 0) timer.reset();
  return timer;
}

// What the outputs hold once the process has ended, without waiting for more.
void drain_rest(Relay& r) {
  for (auto& o : r.outputs) {
    if (!o.fd) continue;
    ::fcntl(o.fd.get(), F_SETFL, ::fcntl(o.fd.get(), F_GETFL) | O_NONBLOCK);
    for (int i = 0; i < 4096 && o.fd; ++i) {
      pollfd one{o.fd.get(), POLLIN, 0};
      if (::poll(&one, 1, 0) <= 0 || !one.revents) break;
      drain(o, r);
    }
  }
}

// New clients, and what the ones there sent; `pfd` from `at` holds the
// listener's and the clients' polls.
void attach_events(Relay& r, const std::vector<pollfd>& pfd, size_t at) {
  if (!r.listener) return;
  bool incoming = pfd[at].revents != 0;
  std::vector<int> gone;
  for (size_t i = 0; i < r.clients.size(); ++i) {
    if (pfd[at + 1 + i].revents && !from_client(r, r.clients[i].get())) gone.push_back(r.clients[i].get());
  }
  std::erase_if(r.clients, [&](const base::UniqueFd& c) { return std::find(gone.begin(), gone.end(), c.get()) != gone.end(); });
  if (incoming) {
    base::UniqueFd c{::accept4(r.listener.get(), nullptr, nullptr, SOCK_CLOEXEC)};
    if (c) r.clients.push_back(std::move(c));
  }
}

}  // namespace

bool copy_size(int from, int to) {
  winsize ws{};
  return ::ioctl(from, TIOCGWINSZ, &ws) == 0 && ::ioctl(to, TIOCSWINSZ, &ws) == 0;
}

void run_relay(Relay& r) {
  ::signal(SIGPIPE, SIG_IGN);
  struct stat st;
  if (r.log >= 0 && ::fstat(r.log, &st) == 0) r.log_size = st.st_size;
  if (r.size_from >= 0) {
    struct sigaction sa {};
    sa.sa_handler = on_winch;  // no SA_RESTART: poll returns to look
    ::sigaction(SIGWINCH, &sa, nullptr);
  }
  int input = r.input;
  int input_to = r.input_pipe ? r.input_pipe.get() : r.input_to;
  base::UniqueFd timer = timeout_timer(r);
  for (;;) {
    std::vector<pollfd> pfd;
    std::vector<RelayOutput*> which;
    for (auto& o : r.outputs) {
      if (!o.fd) continue;
      pfd.push_back({o.fd.get(), POLLIN, 0});
      which.push_back(&o);
    }
    if (which.empty()) return;
    if (r.until >= 0) pfd.push_back({r.until, POLLIN, 0});
    size_t attach_at = pfd.size();
    if (r.listener) pfd.push_back({r.listener.get(), POLLIN, 0});
    for (const auto& c : r.clients) pfd.push_back({c.get(), POLLIN, 0});
    if (input >= 0) pfd.push_back({input, POLLIN, 0});
    size_t timer_at = pfd.size();
    if (timer) pfd.push_back({timer.get(), POLLIN, 0});
    size_t notify_at = pfd.size();
    if (r.notify >= 0) pfd.push_back({r.notify, POLLIN, 0});
    if (::poll(pfd.data(), pfd.size(), -1) < 0) {
      if (errno != EINTR) return;
      if (resized) {
        resized = 0;
        copy_size(r.size_from, r.size_to);
      }
      continue;
    }
    // Only an output with something to read (or at its end): a read on
    // another would block while this one waits.
    for (size_t i = 0; i < which.size(); ++i) {
      if (pfd[i].revents) drain(*which[i], r);
    }
    if (r.until >= 0 && pfd[which.size()].revents) return drain_rest(r);
    attach_events(r, pfd, attach_at);
    if (timer && pfd[timer_at].revents) {
      // --timeout has passed: the container is killed, its end recorded as such.
      ::kill(r.timeout_pid, SIGKILL);
      r.timed_out = true;
      timer.reset();
    }
    if (r.notify >= 0 && pfd[notify_at].revents && r.on_notify) r.on_notify();
    if (input >= 0 && pfd[timer_at - 1].revents && !forward_input(r, input, input_to)) {
      input = -1;
      r.input_pipe.reset();  // the process reads its end
    }
  }
}

std::string log_line(const std::string& stream, const std::string& text, bool partial) {
  return fmt::format("{} {} {} {}\n", base::rfc3339_now(), stream, partial ? "P" : "F", text);
}

}  // namespace monitor
