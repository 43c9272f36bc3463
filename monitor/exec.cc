// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/exec.cc: the exec monitor: the process started in the
// container (launch/exec_child.h), its terminal relayed, its signals
// passed on, its exit code its own.
#include "monitor/exec.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "launch/cgroups.h"
#include "launch/exec_child.h"
#include "launch/launcher.h"
#include "monitor/monitor.h"
#include "monitor/relay.h"

namespace monitor {

namespace {

volatile pid_t exec_pid = 0;

struct Pipe {
  base::UniqueFd r, w;
  static Pipe make() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) throw base::LaunchError(125, errno, "create a pipe");
    return {base::UniqueFd(fds[0]), base::UniqueFd(fds[1])};
  }
};

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

[[noreturn]] void run_exec(const ExecSpec& spec, const std::function<void()>& ready) {
  launch::ContainerNamespaces ns = launch::ContainerNamespaces::of(spec.target);
  // Its process is the container's: in its cgroup, with its OOM score
  // (this process joins both, and the process inherits them; root's is
  // cloned into the v2 tree's).
  base::UniqueFd cgroup_v2;
  if (!spec.cgroup.empty()) {
    launch::Cgroup cg(launch::CgroupFs::detect(), spec.cgroup);
    try {
      if (spec.cgroup_enter) {
        for (const auto& tasks : cg.open_tasks()) {
          if (::write(tasks.get(), "0", 1) != 1) throw base::sys_error(errno, "join the container's cgroup");  // this thread, the only one
        }
        cgroup_v2 = cg.open_v2();
      } else {
        cg.add(::getpid());
      }
    } catch (const base::Error& e) {
      throw base::LaunchError(125, 0, e.what());
    }
  }
  if (spec.has_oom_score_adj) base::overwrite_file("/proc/self/oom_score_adj", std::to_string(spec.oom_score_adj));
  // This process has no threads; its children from here on are in the
  // container's PID namespace.
  launch::join_user_and_pid(ns);
  launch::ProcessSpec process = spec.process;
  // A user namespace made without subordinate ids denies setgroups.
  if (base::read_file("/proc/self/setgroups").value_or("allow").starts_with("deny")) process.set_groups = false;
  base::UniqueFd null_in{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
  // Without a terminal of its own, the process gets pipes, never the
  // CLI's own fds: a process it leaves in the background must not keep
  // (and read from) the caller's terminal after exec returns.
  Pipe in, out, err;
  if (process.terminal) {
    if (!spec.detach) ::ioctl(0, TIOCGWINSZ, &process.size);
  } else if (spec.detach) {
    process.in = process.out = process.err = null_in.get();
  } else {
    out = Pipe::make();
    err = Pipe::make();
    process.out = out.w.get();
    process.err = err.w.get();
    if (spec.interactive) in = Pipe::make();
    process.in = spec.interactive ? in.r.get() : null_in.get();
  }
  launch::Handoff handoff = launch::make_handoff(process.terminal);
  launch::ProcessPlan plan = launch::plan_process(process, handoff);
  pid_t pid = launch::spawn_in(ns, plan, cgroup_v2 ? cgroup_v2.get() : -1);
  base::UniqueFd master = launch::await_exec(handoff, pid, plan);
  in.r.reset();
  out.w.reset();
  err.w.reset();
  forward_signals(pid);
  base::UniqueFd ended{static_cast<int>(::syscall(SYS_pidfd_open, pid, 0))};
  ready();
  if (spec.detach) detach_stdio();
  Relay relay;
  relay.until = ended.get();
  if (master) {
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
    if (!spec.detach && spec.interactive && !spec.detach_keys.empty()) {
      relay.detach.emplace(parse_detach_keys(spec.detach_keys));
      relay.on_detach = [&spec](Relay& r) {
        for (auto& o : r.outputs) o.terminal = -1;  // read on, so that the process never blocks
        r.size_from = -1;
        detach_stdio();
        if (spec.exited >= 0) ::close(spec.exited);
      };
    }
  } else if (out.r) {
    relay.outputs.push_back({std::move(out.r), "stdout", spec.output >= 0 ? spec.output : 1});
    relay.outputs.push_back({std::move(err.r), "stderr", spec.output >= 0 ? spec.output : 2});
    if (in.w) {
      relay.input = 0;
      relay.input_pipe = std::move(in.w);
    }
  }
  if (!relay.outputs.empty()) run_relay(relay);
  unsigned char code = static_cast<unsigned char>(launch::wait_exit(pid) & 0xff);
  if (spec.exited >= 0) (void)!::write(spec.exited, &code, 1);  // closed already after a detach: EBADF
  ::_exit(code);
}

}  // namespace

pid_t start_exec(const ExecSpec& spec) {
  return fork_monitor([&](const std::function<void()>& ready, int) { run_exec(spec, ready); });
}

}  // namespace monitor
