// SPDX-License-Identifier: GPL-2.0-or-later
// launch/clone_ops.cc: what a container's and an infra's clone share: the
// words the child waits for, the namespaces it joins, the maps written.
#include "launch/clone_ops.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <net/if.h>
#include <linux/nsfs.h>
#include <linux/sched.h>  // clone_args, CLONE_INTO_CGROUP
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/file.h"
#include "launch/cgroups.h"
#include "launch/launcher.h"
#include "rootless/probe.h"

namespace launch {

// The child's copies of the parent's ends: closed first, so that a
// parent gone without a word is an end of file, not a wait forever.
void close_words(const int (&words_w)[2]) {
  for (int fd : words_w) {
    if (fd >= 0) ::close(fd);
  }
}

// A child's wait for the parent's word on `fd` (none when fd < 0); no
// word means the parent failed, and says why itself.
void await_word(int fd) {
  char byte;
  if (fd >= 0 && ::read(fd, &byte, 1) != 1) ::_exit(125);
}

base::UniqueFd open_namespace(const std::string& path, const char* what) {
  if (path.empty()) return {};
  base::UniqueFd fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (!fd) throw base::LaunchError(125, errno, fmt::format("open the {} namespace {}", what, path));
  return fd;
}

GoPipe go_pipe(bool needed) {
  GoPipe g;
  if (!needed) return g;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw base::LaunchError(125, errno, "create a pipe");
  g.r.reset(fds[0]);
  g.w.reset(fds[1]);
  return g;
}

void say_go(GoPipe& go) {
  if (!go.w) return;
  if (::write(go.w.get(), "g", 1) != 1) throw base::LaunchError(125, errno, "start the container");
  go.w.reset();
}

// The maps of a child in a new user namespace, the word to go on with its
// root, what is to be done in its namespaces meanwhile, then the word to
// run its command; on failure the child is ended and the error is the
// caller's.
void prepare_child(pid_t pid, const rootless::IdMaps* maps, const std::function<void(pid_t)>& then, GoPipes& go) {
  try {
    if (maps) rootless::write_id_maps(pid, *maps);
    say_go(go.maps);
    if (then) then(pid);
  } catch (const base::Error& e) {
    ::kill(pid, SIGKILL);
    wait_exit(pid);
    throw base::LaunchError(125, e);
  }
  say_go(go.network);
}

// A clone refused. A regular user refused a user namespace (EPERM, or
// ENOSPC from a limit of 0) hears why, and which sysctl says so.
[[noreturn]] void clone_failed(int err, const char* what, bool user_namespace) {
  if ((err == EPERM || err == ENOSPC) && user_namespace) {
    try {
      rootless::require_user_namespaces();
    } catch (const base::Error& e) {
      throw base::LaunchError(125, 0, e.message());  // the reason says it all
    }
  }
  throw base::LaunchError(125, err, fmt::format("clone {}", what));
}

bool loopback_up() {
  int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return false;
  ifreq ifr{};
  std::memcpy(ifr.ifr_name, "lo", 3);
  bool ok = ::ioctl(s, SIOCGIFFLAGS, &ifr) == 0;
  if (ok && !(ifr.ifr_flags & IFF_UP)) {
    ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
    ok = ::ioctl(s, SIOCSIFFLAGS, &ifr) == 0;
  }
  int err = errno;
  ::close(s);
  errno = err;
  return ok;
}

// The user namespace that owns the namespace at `path`, joined by this
// process (a regular user's may be joined only from inside it).
void join_owner_userns(const std::string& path) {
  base::UniqueFd ns = open_namespace(path, "given"), owner{ns ? ::ioctl(ns.get(), NS_GET_USERNS) : -1};
  if (!owner || ::setns(owner.get(), CLONE_NEWUSER) < 0) throw base::LaunchError(125, errno, fmt::format("join the user namespace of {}", path));
}

// --pid container:ID or ns:PATH: this process's children go into that
// namespace for the clone; the fd returned takes its own back after.
base::UniqueFd pid_namespace_for_children(const std::string& path) {
  base::UniqueFd own, theirs = open_namespace(path, "PID");
  if (!theirs) return own;
  own.reset(::open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC));
  if (!own || ::setns(theirs.get(), CLONE_NEWPID) < 0) throw base::LaunchError(125, errno, fmt::format("join the PID namespace {}", path));
  return own;
}

pid_t fork_into_cgroup(int flags, int cgroup) {
  // Born in the cgroup: no move, so no wait for the kernel's cgroup lock.
  // Without CLONE_VM the child runs on a copy of this stack, as after a fork.
  clone_args args{};
  args.flags = static_cast<uint64_t>(flags & ~0xff) | CLONE_INTO_CGROUP;
  args.exit_signal = static_cast<uint64_t>(flags & 0xff);
  args.cgroup = static_cast<uint64_t>(cgroup);
  return static_cast<pid_t>(::syscall(SYS_clone3, &args, sizeof args));
}

void add_cloned_to_cgroup(int cgroup, pid_t pid) {
  try {
    Cgroup::add_at(cgroup, pid);
  } catch (const base::Error& e) {
    ::kill(pid, SIGKILL);
    wait_exit(pid);
    throw base::LaunchError(125, e);
  }
}

pid_t clone_in(const base::UniqueFd& own_pid, int (*child)(void*), char* stack_top, int flags, void* plan, int cgroup) {
  pid_t pid;
  if (cgroup >= 0) {
    pid = fork_into_cgroup(flags, cgroup);
    if (pid == 0) ::_exit(child(plan));
  } else {
    pid = ::clone(child, stack_top, flags, plan);
  }
  int err = errno;
  if (own_pid) ::setns(own_pid.get(), CLONE_NEWPID);
  errno = err;
  return pid;
}

namespace {

const char* ns_name(int type) {
  switch (type) {
    case CLONE_NEWNET: return "net";
    case CLONE_NEWUTS: return "uts";
    case CLONE_NEWIPC: return "ipc";
    default: return "cgroup";
  }
}

}  // namespace

JoinedForClone::~JoinedForClone() {
  for (auto it = own_.rbegin(); it != own_.rend(); ++it) ::setns(it->first.get(), it->second);
  if (cwd_ && ::fchdir(cwd_.get()) < 0) {
    // The old one may be gone; nothing here uses a relative path.
  }
}

void JoinedForClone::join(int fd, int type) {
  if (fd < 0) return;
  std::string self = fmt::format("/proc/thread-self/ns/{}", ns_name(type));
  base::UniqueFd own{::open(self.c_str(), O_RDONLY | O_CLOEXEC)};
  if (!own) throw base::LaunchError(125, errno, fmt::format("open {}", self));
  if (::setns(fd, type) < 0) throw base::LaunchError(125, errno, fmt::format("join the container's {} namespace", ns_name(type)));
  own_.emplace_back(std::move(own), type);
}

bool JoinedForClone::join_network(int fd, bool loopback) {
  if (fd < 0) return false;
  join(fd, CLONE_NEWNET);
  if (loopback && !loopback_up()) throw base::LaunchError(125, errno, "bring up lo");
  write_sysctl("/proc/sys/net/ipv4/ip_unprivileged_port_start", "0");
  return true;
}

void write_sysctl(const std::string& path, const std::string& value) {
  base::UniqueFd fd{::open(path.c_str(), O_WRONLY | O_CLOEXEC)};
  if (!fd || !base::write_all(fd.get(), value)) throw base::LaunchError(125, errno, fmt::format("write {}", path));
}

void JoinedForClone::enter(const std::string& dir) {
  cwd_.reset(::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!cwd_ || ::chdir(dir.c_str()) < 0) throw base::LaunchError(125, errno, fmt::format("chdir {}", dir));
}

int wait_exit(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}
}  // namespace launch
