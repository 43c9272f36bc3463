// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/monitor.cc: fork, report over a pipe, copy output, record the end.
#include "runtime/monitor.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "runtime/image_config.h"
#include "runtime/capabilities.h"
#include "runtime/etc_files.h"
#include "runtime/launcher.h"

namespace runtime {

namespace {

// What the monitor tells the CLI: the exit code it would have (0: running)
// and a message.
struct Report {
  int code = 0;
  int err = 0;
  char msg[512] = {};
};

void write_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

struct Stream {
  base::UniqueFd fd;
  const char* name;
  int terminal;       // where an attached CLI sees it, or -1
  std::string partial;
};

// Copy every byte to the log (line by line) and the terminal until both
// streams end.
void pump(Stream (&streams)[2], int log) {
  char buf[16384];
  while (streams[0].fd || streams[1].fd) {
    pollfd pfd[2];
    Stream* which[2];
    nfds_t n = 0;
    for (auto& s : streams) {
      if (!s.fd) continue;
      which[n] = &s;
      pfd[n++] = {s.fd.get(), POLLIN, 0};
    }
    if (::poll(pfd, n, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (nfds_t i = 0; i < n; ++i) {
      // Only a stream with something to read (or at its end): a read on
      // the other would block while this one waits.
      if (!pfd[i].revents) continue;
      Stream& s = *which[i];
      ssize_t r = ::read(s.fd.get(), buf, sizeof buf);
      if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (r <= 0) {
        if (!s.partial.empty()) write_all(log, log_line(s.name, s.partial, true));
        s.fd.reset();
        continue;
      }
      if (s.terminal >= 0) write_all(s.terminal, std::string(buf, static_cast<size_t>(r)));
      s.partial.append(buf, static_cast<size_t>(r));
      size_t nl;
      while ((nl = s.partial.find('\n')) != std::string::npos) {
        write_all(log, log_line(s.name, s.partial.substr(0, nl), false));
        s.partial.erase(0, nl + 1);
      }
    }
  }
}

[[noreturn]] void run_monitor(const ContainerStore& store, const Container& c, const std::string& lower, bool attached,
                              base::UniqueFd report) {
  ::setsid();
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) < 0 || ::pipe2(err, O_CLOEXEC) < 0) ::_exit(125);
  base::UniqueFd null_in{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
  LaunchSpec spec{lower, store.dir(c.config.id), c.config.command, c.config.env, c.config.workdir,
                  c.config.hostname, c.config.network != "host", {}, null_in.get(), out[1], err[1]};
  Launched l{};
  // Nothing may unwind out of here: this is a forked copy of the CLI.
  try {
    std::string userdata = store.dir(c.config.id) + "/userdata";
    base::ensure_dir(userdata, 0700);
    EtcInput etc{c.config.hostname, c.config.name, c.config.network == "host"};
    etc.add_hosts = c.config.add_hosts;
    etc.dns = c.config.dns;
    etc.dns_search = c.config.dns_search;
    etc.dns_options = c.config.dns_options;
    spec.bind_files = write_etc_files(userdata, etc);
    spec.caps = merge_capabilities(c.config.cap_add, c.config.cap_drop);
    l = launch(spec);
  } catch (const LaunchError& e) {
    Report r{e.code(), e.err(), {}};
    std::strncpy(r.msg, e.message().c_str(), sizeof r.msg - 1);
    ssize_t ignored = ::write(report.get(), &r, sizeof r);
    (void)ignored;
    ::_exit(e.code());
  } catch (const std::exception& e) {
    Report r{125, 0, {}};
    std::strncpy(r.msg, e.what(), sizeof r.msg - 1);
    ssize_t ignored = ::write(report.get(), &r, sizeof r);
    (void)ignored;
    ::_exit(125);
  }
  ::close(out[1]);
  ::close(err[1]);
  ContainerState s = c.state;
  s.status = "running";
  s.pid = l.pid;
  s.monitor = ::getpid();
  s.started = rfc3339_now();
  store.save_state(c.config.id, s);
  Report ok;
  ssize_t ignored = ::write(report.get(), &ok, sizeof ok);
  (void)ignored;
  report.reset();
  base::UniqueFd log{::open(store.log_path(c.config.id).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)};
  Stream streams[2] = {{base::UniqueFd(out[0]), "stdout", attached ? 1 : -1, {}},
                       {base::UniqueFd(err[0]), "stderr", attached ? 2 : -1, {}}};
  if (!attached) {
    // Hold nothing of the CLI's terminal.
    int devnull = ::open("/dev/null", O_RDWR);
    for (int fd : {0, 1, 2}) ::dup2(devnull, fd);
    ::close(devnull);
  }
  pump(streams, log.get());
  int code = wait_exit(l.pid);
  s.status = "exited";
  s.exit_code = code;
  s.finished = rfc3339_now();
  if (c.config.remove) {
    store.remove(c.config.id);
  } else {
    store.save_state(c.config.id, s);
  }
  ::_exit(code & 0xff);
}

}  // namespace

std::string log_line(const std::string& stream, const std::string& text, bool partial) {
  return fmt::format("{} {} {} {}\n", rfc3339_now(), stream, partial ? "P" : "F", text);
}

pid_t start_monitor(const ContainerStore& store, const Container& c, const std::string& lower, bool attached) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw LaunchError(125, errno, "create the monitor's pipe");
  base::UniqueFd reader(fds[0]), writer(fds[1]);
  ::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw LaunchError(125, errno, "fork the monitor");
  if (pid == 0) {
    reader.reset();
    run_monitor(store, c, lower, attached, std::move(writer));
  }
  writer.reset();
  Report r;
  ssize_t n;
  while ((n = ::read(reader.get(), &r, sizeof r)) < 0 && errno == EINTR) {
  }
  if (n != static_cast<ssize_t>(sizeof r) || r.code != 0) {
    wait_exit(pid);  // the monitor has ended: reap it
    if (n != static_cast<ssize_t>(sizeof r)) throw LaunchError(125, 0, "the container's monitor ended before the container started");
    throw LaunchError(r.code, r.err, r.msg);
  }
  return pid;
}

}  // namespace runtime
