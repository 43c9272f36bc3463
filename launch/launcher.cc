// SPDX-License-Identifier: GPL-2.0-or-later
// launch/launcher.cc: clone, mounts, pivot_root; the rest is
// launch/process.cc's. Everything the child needs is prepared before the
// clone, so that between clone and exec the child makes only system calls.
#include "launch/launcher.h"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iterator>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "base/file.h"
#include "rootless/probe.h"

namespace launch {

namespace {

// What Podman hides from a container, and what it lets it read only.
constexpr const char* kMaskedPaths[] = {"/proc/acpi",        "/proc/kcore",       "/proc/keys",  "/proc/latency_stats",
                                        "/proc/timer_list",  "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                                        "/sys/firmware",     "/sys/fs/selinux",   "/sys/dev/block"};
constexpr const char* kReadonlyPaths[] = {"/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                          "/proc/sysrq-trigger"};

// All of it computed before the clone.
struct Plan {
  std::string merged, overlay_opts, overlay_opts_userns;
  std::string proc, sys, dev, pts, ptmx, shm, mqueue, console;
  unsigned long sys_flags;
  std::vector<std::string> dev_dirs;                           // directories under /dev (privileged)
  std::vector<std::pair<std::string, std::string>> devices;  // host node, container file
  std::vector<std::pair<std::string, std::string>> links;    // target, link
  std::vector<std::string> masked, readonly;                   // under merged
  std::vector<std::pair<std::string, std::string>> binds;      // host file, path under merged
  std::string hostname;
  int netns = -1;  // the network namespace to join, if any
  int uts = -1, ipc = -1;  // and the UTS and IPC namespaces
  bool loopback = false;
  int maps_written = -1;   // in a new user namespace: readable once its maps are there
  int network_ready = -1;  // with an on_namespaces hook: readable once it is done
  int words_w[2] = {-1, -1};  // the parent's ends of those pipes, closed here at once
  ProcessPlan process;
};

[[noreturn]] void fail(const Plan& p, int stage) { fail_stage(p.process, stage); }

void mount_dev(const Plan& p) {
  if (::mount("tmpfs", p.dev.c_str(), "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k") < 0) fail(p, kDev);
  for (const auto& dir : p.dev_dirs) {
    if (::mkdir(dir.c_str(), 0755) < 0) fail(p, kDev);
  }
  for (const auto& [host, file] : p.devices) {
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) fail(p, kDevNode);
    ::close(fd);
    if (::mount(host.c_str(), file.c_str(), nullptr, MS_BIND, nullptr) < 0) fail(p, kDevNode);
  }
  if (!p.console.empty()) {
    // The terminal is bound over it once the process has one.
    int fd = ::open(p.console.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) fail(p, kDevNode);
    ::close(fd);
  }
  if (::mkdir(p.pts.c_str(), 0755) < 0 ||
      ::mount("devpts", p.pts.c_str(), "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620") < 0) {
    fail(p, kDevPts);
  }
  if (::mkdir(p.shm.c_str(), 01777) < 0 ||
      ::mount("shm", p.shm.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k") < 0) {
    fail(p, kShm);
  }
  if (::mkdir(p.mqueue.c_str(), 0755) < 0 || ::mount("mqueue", p.mqueue.c_str(), "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) < 0) {
    fail(p, kMqueue);
  }
  for (const auto& [target, link] : p.links) {
    if (::symlink(target.c_str(), link.c_str()) < 0) fail(p, kDev);
  }
}

void hide_paths(const Plan& p) {
  for (const auto& path : p.masked) {
    struct stat st;
    if (::stat(path.c_str(), &st) < 0) continue;  // not in this kernel
    int rc = S_ISDIR(st.st_mode) ? ::mount("tmpfs", path.c_str(), "tmpfs", MS_RDONLY, nullptr)
                                 : ::mount("/dev/null", path.c_str(), nullptr, MS_BIND, nullptr);
    if (rc < 0) fail(p, kMask);
  }
  // Bound onto themselves, then read-only; the flags locked on /proc stay.
  unsigned long locked = MS_NOSUID | MS_NODEV | MS_NOEXEC;
  for (const auto& path : p.readonly) {
    if (::access(path.c_str(), F_OK) < 0) continue;
    if (::mount(path.c_str(), path.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0 ||
        ::mount(nullptr, path.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | locked, nullptr) < 0) {
      fail(p, kMask);
    }
  }
}

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

int child(void* arg) {
  const Plan& p = *static_cast<const Plan*>(arg);
  close_words(p.words_w);
  await_word(p.maps_written);
  if (p.netns >= 0 && ::setns(p.netns, CLONE_NEWNET) < 0) fail(p, kJoin);
  if (p.uts >= 0 && ::setns(p.uts, CLONE_NEWUTS) < 0) fail(p, kJoin);
  if (p.ipc >= 0 && ::setns(p.ipc, CLONE_NEWIPC) < 0) fail(p, kJoin);
  if (p.loopback && !loopback_up()) fail(p, kLoopback);
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) fail(p, kPrivate);
  if (::mount("overlay", p.merged.c_str(), "overlay", 0, p.overlay_opts.c_str()) < 0 &&
      // In a user namespace overlayfs keeps its metadata in user.* xattrs.
      ::mount("overlay", p.merged.c_str(), "overlay", 0, p.overlay_opts_userns.c_str()) < 0) {
    fail(p, kOverlay);
  }
  for (const auto& [from, to] : p.binds) {
    if (::mount(from.c_str(), to.c_str(), nullptr, MS_BIND, nullptr) < 0) fail(p, kOverlay);
  }
  if (::mount("proc", p.proc.c_str(), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) < 0) fail(p, kProc);
  if (::mount("sysfs", p.sys.c_str(), "sysfs", p.sys_flags, nullptr) < 0) {
    // Sharing the host's network namespace: sysfs cannot be mounted anew
    // there without owning it; bind the host's.
    if (::mount("/sys", p.sys.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0 ||
        ::mount(nullptr, p.sys.c_str(), nullptr, MS_BIND | MS_REMOUNT | p.sys_flags, nullptr) < 0) {
      fail(p, kSys);
    }
  }
  mount_dev(p);
  hide_paths(p);
  // pivot_root(".", "."): the old root stacks under the new one and is
  // then detached, with no directory of its own needed.
  if (::chdir(p.merged.c_str()) < 0 || ::syscall(SYS_pivot_root, ".", ".") < 0 ||
      ::umount2(".", MNT_DETACH) < 0 || ::chdir("/") < 0) {
    fail(p, kPivot);
  }
  if (p.uts < 0 && !p.hostname.empty() && ::sethostname(p.hostname.c_str(), p.hostname.size()) < 0) fail(p, kHostname);
  await_word(p.network_ready);
  finish_and_exec(p.process);
}

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

// The host's device nodes, as --privileged shows them: /dev and its
// subdirectories one level down, without the container's own mounts.
void host_devices(Plan& p, const std::string& dir, const std::string& rel) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == ".." || name == "pts" || name == "shm" || name == "mqueue" || name == "ptmx" ||
        name == "console") {
      continue;
    }
    struct stat st;
    std::string host = dir + "/" + name;
    if (::lstat(host.c_str(), &st) < 0) continue;
    if (S_ISDIR(st.st_mode) && rel.empty()) {
      p.dev_dirs.push_back(p.dev + "/" + name);
      host_devices(p, host, name);
    } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
      p.devices.emplace_back(host, p.dev + "/" + (rel.empty() ? name : rel + "/" + name));
    }
  }
  ::closedir(d);
}

// Everything the child will need: paths, devices, mounts, the process.
void make_plan(Plan& p, const LaunchSpec& spec, const Handoff& handoff) {
  for (const char* d : {"upper", "work", "merged"}) base::ensure_dir(spec.dir + "/" + d, 0755);
  p.merged = spec.dir + "/merged";
  p.overlay_opts = fmt::format("lowerdir={},upperdir={}/upper,workdir={}/work", spec.lower, spec.dir, spec.dir);
  p.overlay_opts_userns = p.overlay_opts + ",userxattr";
  p.proc = p.merged + "/proc";
  p.sys = p.merged + "/sys";
  p.sys_flags = MS_NOSUID | MS_NODEV | MS_NOEXEC | (spec.privileged ? 0 : MS_RDONLY);
  p.dev = p.merged + "/dev";
  p.pts = p.dev + "/pts";
  p.ptmx = p.dev + "/ptmx";
  p.shm = p.dev + "/shm";
  p.mqueue = p.dev + "/mqueue";
  if (spec.process.terminal) p.console = p.dev + "/console";
  if (spec.privileged) {
    host_devices(p, "/dev", "");
  } else {
    for (const char* d : {"null", "zero", "full", "random", "urandom", "tty"}) {
      p.devices.emplace_back(std::string("/dev/") + d, p.dev + "/" + d);
    }
  }
  p.links = {{"pts/ptmx", p.ptmx}, {"/proc/self/fd", p.dev + "/fd"}, {"/proc/self/fd/0", p.dev + "/stdin"},
             {"/proc/self/fd/1", p.dev + "/stdout"}, {"/proc/self/fd/2", p.dev + "/stderr"}};
  // The mount points must exist; an image without them gets them in the
  // upper dir (an image with them leaves it empty).
  std::string upper = spec.dir + "/upper";
  for (const char* d : {"/proc", "/sys", "/dev"}) {
    if (!exists(spec.lower + d)) base::ensure_dir(upper + d, 0755);
  }
  for (const auto& [from, to] : spec.bind_files) {
    if (to.empty() || to[0] != '/' || to.find("..") != std::string::npos) {
      throw base::LaunchError(125, 0, fmt::format("invalid path \"{}\" in the container", to));
    }
    if (!exists(upper + to) && !exists(spec.lower + to)) {
      base::ensure_dir(upper + to.substr(0, to.rfind('/')), 0755);
      base::write_file_atomic(upper + to, "", 0644, false);
    }
    p.binds.emplace_back(from, p.merged + to);
  }
  if (!spec.privileged) {
    for (const char* m : kMaskedPaths) p.masked.push_back(p.merged + m);
    for (const char* r : kReadonlyPaths) p.readonly.push_back(p.merged + r);
  }
  p.hostname = spec.hostname;
  p.loopback = spec.loopback;
  const std::string& workdir = spec.process.workdir;
  if (spec.create_workdir && !workdir.empty() && !exists(upper + workdir) && !exists(spec.lower + workdir)) {
    base::ensure_dir(upper + workdir, 0755);
  }
  p.process = plan_process(spec.process, handoff);
}

base::UniqueFd open_namespace(const std::string& path, const char* what) {
  if (path.empty()) return {};
  base::UniqueFd fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (!fd) throw base::LaunchError(125, errno, fmt::format("open the {} namespace {}", what, path));
  return fd;
}

struct InfraPlan {
  std::string hostname;
  int netns = -1;
  bool loopback = false;
  int maps_written = -1, network_ready = -1;  // as Plan's
  int words_w[2] = {-1, -1};
  int program = -1;  // warren-infra
};

// The infra's whole life: into its namespaces, then wait for the end.
int infra_child(void* arg) {
  const InfraPlan& p = *static_cast<const InfraPlan*>(arg);
  close_words(p.words_w);
  await_word(p.maps_written);
  if (p.netns >= 0 && ::setns(p.netns, CLONE_NEWNET) < 0) ::_exit(125);
  if (!p.hostname.empty() && ::sethostname(p.hostname.c_str(), p.hostname.size()) < 0) ::_exit(125);
  if (p.loopback && !loopback_up()) ::_exit(125);
  int null = ::open("/dev/null", O_RDWR);
  for (int fd : {0, 1, 2}) ::dup2(null, fd);
  if (::chdir("/") < 0) ::_exit(125);
  await_word(p.network_ready);
  // A program of its own, so that none of the monitor's pages stay
  // mapped here (a clone would hold half of them in its PSS).
  char arg0[] = "warren-infra";
  char* argv[] = {arg0, nullptr};
  char* envp[] = {nullptr};
  ::syscall(SYS_execveat, p.program, "", argv, envp, AT_EMPTY_PATH);
  ::_exit(127);
}

// The words a child waits for (its user namespace's maps written; its
// network set up), when there is anything to wait for.
struct GoPipe {
  base::UniqueFd r, w;
};

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

struct GoPipes {
  GoPipe maps, network;
  GoPipes(bool user_namespace, bool hook) : maps(go_pipe(user_namespace)), network(go_pipe(hook)) {}
  int maps_fd() const { return maps.r ? maps.r.get() : -1; }
  int network_fd() const { return network.r ? network.r.get() : -1; }
  void parent_ends(int (&out)[2]) const {
    out[0] = maps.w ? maps.w.get() : -1;
    out[1] = network.w ? network.w.get() : -1;
  }
};

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

}  // namespace

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

pid_t launch_infra(const InfraSpec& spec) {
  InfraPlan p{spec.hostname, -1, spec.loopback};
  base::UniqueFd program{::open(spec.program.c_str(), O_PATH | O_CLOEXEC)};
  if (!program) throw base::LaunchError(125, errno, fmt::format("open the pod's infra program {}", spec.program));
  p.program = program.get();
  base::UniqueFd netns = open_namespace(spec.netns_path, "network");
  p.netns = netns ? netns.get() : -1;
  constexpr size_t kStack = 64 * 1024;
  auto stack = std::make_unique<char[]>(kStack);
  int flags = CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | SIGCHLD;
  if (spec.new_network && spec.netns_path.empty()) flags |= CLONE_NEWNET;
  GoPipes go(spec.user_namespace, static_cast<bool>(spec.on_namespaces));
  p.maps_written = go.maps_fd();
  p.network_ready = go.network_fd();
  go.parent_ends(p.words_w);
  if (spec.user_namespace) flags |= CLONE_NEWUSER;
  pid_t pid = ::clone(infra_child, stack.get() + kStack, flags, &p);
  if (pid < 0) clone_failed(errno, "the pod's namespaces", spec.user_namespace);
  prepare_child(pid, spec.user_namespace ? &spec.id_maps : nullptr, spec.on_namespaces, go);
  return pid;
}

Launched launch(const LaunchSpec& spec) {
  Handoff handoff = make_handoff(spec.process.terminal);
  Plan p;
  make_plan(p, spec, handoff);
  const std::string& workdir = spec.process.workdir;

  base::UniqueFd netns = open_namespace(spec.netns_path, "network"), uts = open_namespace(spec.uts_path, "UTS"),
                 ipc = open_namespace(spec.ipc_path, "IPC");
  p.netns = netns ? netns.get() : -1;
  p.uts = uts ? uts.get() : -1;
  p.ipc = ipc ? ipc.get() : -1;
  constexpr size_t kStack = 256 * 1024;
  auto stack = std::make_unique<char[]>(kStack);
  if (!spec.userns_path.empty()) {
    base::UniqueFd userns = open_namespace(spec.userns_path, "user");
    if (::setns(userns.get(), CLONE_NEWUSER) < 0) throw base::LaunchError(125, errno, fmt::format("join the user namespace {}", spec.userns_path));
  }
  int flags = CLONE_NEWNS | CLONE_NEWPID | SIGCHLD;
  GoPipes go(spec.user_namespace, static_cast<bool>(spec.on_namespaces));
  p.maps_written = go.maps_fd();
  p.network_ready = go.network_fd();
  go.parent_ends(p.words_w);
  if (spec.user_namespace) flags |= CLONE_NEWUSER;
  if (!uts) flags |= CLONE_NEWUTS;
  if (!ipc) flags |= CLONE_NEWIPC;
  if (spec.new_network && spec.netns_path.empty()) flags |= CLONE_NEWNET;
  pid_t pid = ::clone(child, stack.get() + kStack, flags, &p);
  if (pid < 0) clone_failed(errno, "the container's namespaces", spec.user_namespace);
  prepare_child(pid, spec.user_namespace ? &spec.id_maps : nullptr, spec.on_namespaces, go);
  try {
    return {pid, await_exec(handoff, pid, p.process)};
  } catch (const base::LaunchError& e) {
    if (e.err() == ENOENT && !spec.create_workdir && e.code() == base::kExitCannotInvoke &&
        std::string(e.what()).starts_with("workdir")) {
      throw base::LaunchError(base::kExitCannotInvoke, 0, fmt::format("workdir \"{}\" does not exist on container {}", workdir, spec.id));
    }
    throw;
  }
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
