// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/exec.cc: setns into a running container, then the common tail.
#include "monitor/exec.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "base/fd.h"
#include "base/file.h"
#include "launch/launcher.h"
#include "monitor/monitor.h"
#include "monitor/relay.h"

namespace monitor {

namespace {

struct Namespaces {
  base::UniqueFd user, pid, ipc, uts, net, mnt, root;
};

Namespaces open_namespaces(pid_t target) {
  Namespaces ns;
  auto open = [&](base::UniqueFd& fd, const char* what) {
    std::string path = fmt::format("/proc/{}/{}", target, what);
    fd.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) throw base::LaunchError(125, errno, fmt::format("open {}", path));
  };
  open(ns.user, "ns/user");
  open(ns.pid, "ns/pid");
  open(ns.ipc, "ns/ipc");
  open(ns.uts, "ns/uts");
  open(ns.net, "ns/net");
  open(ns.mnt, "ns/mnt");
  open(ns.root, "root");
  return ns;
}

bool same_namespace(int fd, const char* mine) {
  struct stat a, b;
  return ::fstat(fd, &a) == 0 && ::stat(mine, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

volatile pid_t exec_pid = 0;

void forward(int sig) {
  if (exec_pid > 0) ::kill(exec_pid, sig);
}

// What the attached CLI forwards here goes on to the process.
void forward_signals(pid_t pid) {
  exec_pid = pid;
  struct sigaction sa {};
  sa.sa_handler = forward;
  sa.sa_flags = SA_RESTART;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2}) ::sigaction(sig, &sa, nullptr);
}

// The forked child: the container's namespaces and root, then the process.
[[noreturn]] void enter_and_exec(const Namespaces& ns, const launch::ProcessPlan& p) {
  for (const base::UniqueFd* fd : {&ns.ipc, &ns.uts, &ns.net, &ns.mnt}) {
    if (::setns(fd->get(), 0) < 0) fail_stage(p, launch::kJoin);
  }
  if (::fchdir(ns.root.get()) < 0 || ::chroot(".") < 0) fail_stage(p, launch::kRoot);
  finish_and_exec(p);
}

[[noreturn]] void run_exec(const ExecSpec& spec, const std::function<void()>& ready) {
  Namespaces ns = open_namespaces(spec.target);
  // A regular user's container has a user namespace of its own: in it
  // first (this process has no threads), for the right to join the rest.
  if (!same_namespace(ns.user.get(), "/proc/self/ns/user") && ::setns(ns.user.get(), CLONE_NEWUSER) < 0) {
    throw base::LaunchError(125, errno, "join the container's user namespace");
  }
  // Children from here on are in the container's PID namespace.
  if (::setns(ns.pid.get(), CLONE_NEWPID) < 0) throw base::LaunchError(125, errno, "join the container's PID namespace");
  launch::ProcessSpec process = spec.process;
  // A user namespace made without subordinate ids denies setgroups.
  if (base::read_file("/proc/self/setgroups").value_or("allow").starts_with("deny")) process.set_groups = false;
  base::UniqueFd null_in{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
  if (process.terminal) {
    if (!spec.detach) ::ioctl(0, TIOCGWINSZ, &process.size);
  } else if (spec.detach) {
    process.in = process.out = process.err = null_in.get();
  } else if (!spec.interactive) {
    process.in = null_in.get();
  }
  launch::Handoff handoff = launch::make_handoff(process.terminal);
  launch::ProcessPlan plan = launch::plan_process(process, handoff);
  pid_t pid = ::fork();
  if (pid < 0) throw base::LaunchError(125, errno, "fork the exec process");
  if (pid == 0) enter_and_exec(ns, plan);
  base::UniqueFd master = launch::await_exec(handoff, pid, plan);
  forward_signals(pid);
  ready();
  if (spec.detach) detach_stdio();
  if (master) {
    Relay relay;
    int fd = master.get();
    relay.outputs.push_back({std::move(master), "stdout", spec.detach ? -1 : 1});
    if (!spec.detach && spec.interactive) {
      relay.input = 0;
      relay.input_to = fd;
    }
    if (!spec.detach && ::isatty(0)) {
      relay.size_from = 0;
      relay.size_to = fd;
    }
    run_relay(relay);
  }
  ::_exit(launch::wait_exit(pid) & 0xff);
}

}  // namespace

pid_t start_exec(const ExecSpec& spec) {
  return fork_monitor([&](const std::function<void()>& ready, int) { run_exec(spec, ready); });
}

}  // namespace monitor
