// SPDX-License-Identifier: GPL-2.0-or-later
// launch/process.cc: terminal, stdio, credentials, capabilities, exec.
#include "launch/process.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/personality.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/keyctl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd_passing.h"
#include "base/file.h"
#include "launch/launcher.h"

namespace launch {

namespace {

const char* stage_text(int s) {
  static const char* text[] = {"make mounts private", "mount the root filesystem", "mount /proc", "mount /sys",
                               "mount /dev", "bind a device into /dev", "mount /dev/pts", "mount /dev/shm",
                               "mount /dev/mqueue", "mask /proc and /sys paths", "pivot_root", "set the hostname",
                               "join the container's namespaces", "bring up the loopback interface", "change to the container's root",
                               "change to the working directory", "set up the terminal",
                               "set up standard input and output", "set the user and groups", "set capabilities",
                               "join a new session keyring", "make a mount point in the container",
                               "bind a file into the container", "mount", "make the root filesystem read-only",
                               "load the seccomp filter", "set the ulimits", "set a sysctl", "exec",
                               "set the personality", "join its cgroup"};
  return s >= 0 && s <= kCgroup ? text[s] : "start";
}

struct Failure {
  int stage;
  int err;
  int index;
};

std::string path_of(const std::vector<std::string>& env) {
  for (const auto& e : env) {
    if (e.starts_with("PATH=")) return e.substr(5);
  }
  return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

std::vector<std::string> candidates(const std::string& cmd, const std::vector<std::string>& env) {
  if (cmd.find('/') != std::string::npos) return {cmd};
  std::vector<std::string> out;
  std::string path = path_of(env);
  for (size_t i = 0; i <= path.size();) {
    size_t c = path.find(':', i);
    if (c == std::string::npos) c = path.size();
    if (c > i) out.push_back(path.substr(i, c - i) + "/" + cmd);
    i = c + 1;
  }
  return out;
}

// A pty from the container's devpts: the master goes to the parent, the
// peer becomes this process's controlling terminal and standard I/O.
void open_terminal(const ProcessPlan& p) {
  int master = ::open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  int unlock = 0;
  if (master < 0 || ::ioctl(master, TIOCSPTLCK, &unlock) < 0) fail_stage(p, kTerminal);
  int peer = ::ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
  if (peer < 0) fail_stage(p, kTerminal);
  if (p.size.ws_row > 0) ::ioctl(peer, TIOCSWINSZ, &p.size);
  if (p.console) {
    unsigned n = 0;
    char name[32];
    if (::ioctl(master, TIOCGPTN, &n) < 0) fail_stage(p, kTerminal);
    std::snprintf(name, sizeof name, "/dev/pts/%u", n);
    if (::mount(name, "/dev/console", nullptr, MS_BIND, nullptr) < 0) fail_stage(p, kTerminal);
  }
  if (!base::send_fd(p.console_socket, master)) fail_stage(p, kTerminal);
  ::close(master);
  if (::setsid() < 0 || ::ioctl(peer, TIOCSCTTY, 0) < 0) fail_stage(p, kTerminal);
  for (int fd : {0, 1, 2}) {
    if (::dup2(peer, fd) < 0) fail_stage(p, kStdio);
  }
  if (peer > 2) ::close(peer);
}

void set_user(const ProcessPlan& p) {
  const Credentials& u = p.user;
  if (p.set_groups && ::setgroups(u.groups.size(), u.groups.data()) < 0) {
    // A user namespace with setgroups denied can only keep what it has.
    if (!(u.groups.empty() && errno == EPERM)) fail_stage(p, kUser);
  }
  if (u.uid == 0 && u.gid == 0) return;
  if (::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 || ::setresgid(u.gid, u.gid, u.gid) < 0 ||
      ::setresuid(u.uid, u.uid, u.uid) < 0) {
    fail_stage(p, kUser);
  }
}

// Root keeps `keep`; any other user starts with only what was added, as
// ambient capabilities (Podman 4.3). Nothing else is inheritable
// (CVE-2022-27649); no_new_privs only when asked, so setuid binaries work.
void set_capabilities(const ProcessPlan& p) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  bool root = p.user.uid == 0;
  uint64_t effective = root ? p.keep : p.ambient;
  for (int i = 0; i < 2; ++i) {
    data[i].effective = data[i].permitted = static_cast<uint32_t>(effective >> (32 * i));
    if (!root) data[i].inheritable = static_cast<uint32_t>(p.ambient >> (32 * i));
  }
  if (::syscall(SYS_capset, &header, data) < 0) fail_stage(p, kCapabilities);
  for (int cap = 0; !root && cap < 64; ++cap) {
    if ((p.ambient >> cap) & 1 && ::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0) {
      fail_stage(p, kCapabilities);
    }
  }
}

}  // namespace

Handoff make_handoff(bool terminal) {
  Handoff h;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw base::LaunchError(125, errno, "create a pipe");
  h.report_read.reset(fds[0]);
  h.report_write.reset(fds[1]);
  if (terminal) {
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0) throw base::LaunchError(125, errno, "create a socket pair");
    h.console_parent.reset(fds[0]);
    h.console_child.reset(fds[1]);
  }
  return h;
}

ProcessPlan plan_process(const ProcessSpec& spec, const Handoff& h) {
  if (spec.argv.empty()) throw base::LaunchError(125, 0, "no command specified");
  ProcessPlan p;
  p.command = spec.argv[0];
  p.candidates = candidates(spec.argv[0], spec.env);
  p.strings = spec.argv;
  p.strings.insert(p.strings.end(), spec.env.begin(), spec.env.end());
  for (size_t i = 0; i < spec.argv.size(); ++i) p.argv.push_back(p.strings[i].data());
  p.argv.push_back(nullptr);
  for (size_t i = spec.argv.size(); i < p.strings.size(); ++i) p.envp.push_back(p.strings[i].data());
  p.envp.push_back(nullptr);
  int last = std::stoi(base::read_file("/proc/sys/kernel/cap_last_cap").value_or("40"));
  // Only what this process holds can be handed on (--privileged is "all of it").
  uint64_t known = last >= 63 ? ~uint64_t{0} : (uint64_t{1} << (last + 1)) - 1;
  p.keep = (spec.own_user_namespace ? spec.caps : spec.caps & permitted_capabilities()) & known;
  p.ambient = spec.ambient & p.keep;
  for (int cap = 0; cap <= last; ++cap) {
    if (!(p.keep & (uint64_t{1} << cap))) p.drop.push_back(cap);
  }
  p.workdir = spec.workdir.empty() ? "/" : spec.workdir;
  p.user = spec.user;
  p.set_groups = spec.set_groups;
  p.no_new_privs = spec.no_new_privs;
  p.seccomp = spec.seccomp;
  p.rlimits = spec.rlimits;
  p.umask = spec.umask;
  p.personality = spec.personality;
  p.preserve_fds = spec.preserve_fds;
  p.terminal = spec.terminal;
  p.console = spec.console;
  p.size = spec.size;
  p.in = spec.in;
  p.out = spec.out;
  p.err = spec.err;
  p.report = h.report_write.get();
  p.console_socket = h.console_child.get();
  return p;
}

void fail_stage(const ProcessPlan& p, int stage, int index) {
  Failure f{stage, errno, index};
  ssize_t ignored = ::write(p.report, &f, sizeof f);
  (void)ignored;
  ::_exit(base::kExitNotFound);
}

void finish_and_exec(const ProcessPlan& p) {
  if (::chdir(p.workdir.c_str()) < 0) fail_stage(p, kWorkdir);
  for (auto [from, to] : {std::pair{p.in, 0}, std::pair{p.out, 1}, std::pair{p.err, 2}}) {
    if (from >= 0 && ::dup2(from, to) < 0) fail_stage(p, kStdio);
  }
  if (p.terminal) open_terminal(p);
  // Nothing of the monitor's or the CLI's leaks in past the exec, but
  // what --preserve-fds hands on.
  unsigned first = 3 + static_cast<unsigned>(p.preserve_fds);
  if (::syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) < 0) fail_stage(p, kStdio);
  for (int fd = 3; fd < static_cast<int>(first); ++fd) {
    if (::fcntl(fd, F_SETFD, 0) < 0) fail_stage(p, kStdio);
  }
  // What the monitor ignores or blocks is not the container's business.
  for (int sig = 1; sig < NSIG; ++sig) ::signal(sig, SIG_DFL);
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int cap : p.drop) {
    if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) fail_stage(p, kCapabilities);
  }
  // A keyring of its own: the caller's session keyring (and the keys it
  // holds) stays out, as runc and crun do it. A regular user past the
  // kernel's key quota (kernel.keys.maxkeys) keeps the session it started
  // the container from: its own keys, in its own container.
  if (::syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, nullptr) < 0 && errno != ENOSYS && errno != EDQUOT) {
    fail_stage(p, kKeyring);
  }
  for (const auto& u : p.rlimits) {
    rlimit l{u.soft, u.hard};
    if (::setrlimit(u.resource, &l) < 0) fail_stage(p, kRlimit);
  }
  ::umask(p.umask);
  if (p.personality >= 0 && ::personality(static_cast<unsigned long>(p.personality)) < 0) fail_stage(p, kPersonality);
  // The filter goes on while the process may still install one without
  // no_new_privs (it holds CAP_SYS_ADMIN until set_user and
  // set_capabilities), so it covers their calls too; with no_new_privs,
  // after it, as runc does.
  if (!p.no_new_privs && !load_seccomp(p.seccomp)) fail_stage(p, kSeccomp);
  set_user(p);
  set_capabilities(p);
  if (p.no_new_privs && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) fail_stage(p, kCapabilities);
  if (p.no_new_privs && !load_seccomp(p.seccomp)) fail_stage(p, kSeccomp);
  int err = ENOENT;
  for (const auto& path : p.candidates) {
    ::execve(path.c_str(), p.argv.data(), p.envp.data());
    // Keep the most telling failure: "not executable" beats "not there".
    if (errno != ENOENT && errno != ENOTDIR) err = errno;
  }
  errno = err;
  fail_stage(p, kExec);
}

base::UniqueFd await_exec(Handoff& h, pid_t pid, const ProcessPlan& p) {
  h.report_write.reset();
  h.console_child.reset();
  base::UniqueFd master;
  if (h.console_parent) master = base::receive_fd(h.console_parent.get());
  Failure f{};
  ssize_t n;
  while ((n = ::read(h.report_read.get(), &f, sizeof f)) < 0 && errno == EINTR) {
  }
  if (n == 0) return master;  // the pipe closed on exec
  wait_exit(pid);
  if (f.stage == kExec) {
    if (f.err == ENOENT || f.err == ENOTDIR) {
      throw base::LaunchError(base::kExitNotFound, f.err, fmt::format("executable file `{}` not found in $PATH", p.command));
    }
    throw base::LaunchError(base::kExitCannotInvoke, f.err, fmt::format("`{}`", p.command));
  }
  if (f.stage == kWorkdir) throw base::LaunchError(base::kExitCannotInvoke, f.err, fmt::format("workdir \"{}\"", p.workdir));
  if (f.stage == kVolume && f.index >= 0 && static_cast<size_t>(f.index) < p.mounts.size()) {
    throw base::LaunchError(125, f.err, fmt::format("mount {}", p.mounts[static_cast<size_t>(f.index)]));
  }
  throw base::LaunchError(125, f.err, stage_text(f.stage));
}

uint64_t permitted_capabilities() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (::syscall(SYS_capget, &header, data) < 0) return 0;
  return uint64_t{data[0].permitted} | uint64_t{data[1].permitted} << 32;
}

}  // namespace launch
