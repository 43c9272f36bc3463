// SPDX-License-Identifier: GPL-2.0-or-later
// launch/launcher.cc: clone, mounts, pivot_root; the rest is
// launch/process.cc's. Everything the child needs is prepared before the
// clone, so that between clone and exec the child makes only system calls.
#include "launch/launcher.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <net/if.h>
#include <linux/nsfs.h>
#include <linux/magic.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
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
#include "base/root_dir.h"
#include "launch/clone_ops.h"
#include "launch/launch_plan.h"
#include "launch/mount_ops.h"
#include "rootless/probe.h"

namespace launch {

namespace {

// What Podman hides from a container, and what it lets it read only.
constexpr const char* kMaskedPaths[] = {"/proc/acpi",        "/proc/kcore",       "/proc/keys",  "/proc/latency_stats",
                                        "/proc/timer_list",  "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                                        "/sys/firmware",     "/sys/fs/selinux",   "/sys/dev/block"};
constexpr const char* kReadonlyPaths[] = {"/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                          "/proc/sysrq-trigger"};


[[noreturn]] void fail(const Plan& p, int stage, int index = 0) { fail_stage(p.process, stage, index); }

// A directory made in the container's new /dev, with `type` mounted on it.
bool dev_mount(int dev, const char* name, mode_t mode, const char* type, unsigned long flags, const char* data) {
  if (::mkdirat(dev, name, mode) < 0) return false;
  int fd = ::openat(dev, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::mount(type, FdPath(fd).text, type, flags, data) == 0;
  ::close(fd);
  return ok;
}

// A directory made in the container's new /dev, with a host directory
// bound on it (or a tree the launcher made of it attached).
bool dev_bind(int dev, const char* name, const char* host, int tree = -1) {
  if (::mkdirat(dev, name, 0755) < 0) return false;
  int fd = ::openat(dev, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = tree >= 0 ? ::move_mount(tree, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) == 0
                      : ::mount(host, FdPath(fd).text, nullptr, MS_BIND | MS_REC, nullptr) == 0;
  ::close(fd);
  return ok;
}

void mount_dev(const Plan& p, int root) {
  if (!mount_on(root, p.dev, true, "tmpfs", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k")) fail(p, kDev);
  // The new tmpfs, not what was under it: everything below is made in it.
  int dev = base::open_in_root(root, p.dev.rel.c_str(), O_PATH | O_DIRECTORY);
  if (dev < 0) fail(p, kDev);
  for (const auto& dir : p.dev_dirs) {
    if (::mkdirat(dev, dir.c_str(), 0755) < 0) fail(p, kDev);
  }
  for (const auto& [host, name] : p.devices) {
    int fd = ::openat(dev, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 || ::mount(host.c_str(), FdPath(fd).text, nullptr, MS_BIND, nullptr) < 0) fail(p, kDevNode);
    ::close(fd);
  }
  if (p.console) {
    // The terminal is bound over it once the process has one.
    int fd = ::openat(dev, "console", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) fail(p, kDevNode);
    ::close(fd);
  }
  if (!dev_mount(dev, "pts", 0755, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620")) fail(p, kDevPts);
  if (p.host_ipc) {
    // The host's IPC namespace: its /dev/shm and /dev/mqueue, as Podman's.
    if (!dev_bind(dev, "shm", "/dev/shm")) fail(p, kShm);
    if (p.host_mqueue && !dev_bind(dev, "mqueue", "/dev/mqueue")) fail(p, kMqueue);  // none on the host: none here
  } else {
    if (!p.no_shm) {
      bool shm = p.shm_source.empty() ? dev_mount(dev, "shm", 01777, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, p.shm_options.c_str())
                                      : dev_bind(dev, "shm", p.shm_source.c_str(), p.shm_tree);
      if (!shm) fail(p, kShm);
    }
    if (!dev_mount(dev, "mqueue", 0755, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr)) fail(p, kMqueue);
  }
  for (const auto& [to, name] : p.links) {
    if (::symlinkat(to.c_str(), dev, name.c_str()) < 0) fail(p, kDev);
  }
  ::close(dev);
}

// --sysctl: written through the container's own /proc, so each lands in
// its namespaces, before /proc/sys is made read-only.
void write_sysctls(const Plan& p, int root) {
  for (size_t i = 0; i < p.sysctls.size(); ++i) {
    int fd = base::open_in_root(root, p.sysctls[i].first.c_str(), O_WRONLY);
    const std::string& v = p.sysctls[i].second;
    bool ok = fd >= 0 && ::write(fd, v.data(), v.size()) == static_cast<ssize_t>(v.size());
    if (fd >= 0) ::close(fd);
    if (!ok) fail(p, kSysctl, static_cast<int>(i));
  }
}

// A masked directory: an empty read-only tmpfs, the first one's bound on
// the others (one superblock for all, where runc mounts one each: a
// superblock costs its making and its teardown at the end).
bool hide_dir(int root, const char* path, int at, int& empty) {
  if (empty >= 0) return ::mount(FdPath(empty).text, FdPath(at).text, nullptr, MS_BIND, nullptr) == 0;
  if (::mount("tmpfs", FdPath(at).text, "tmpfs", MS_RDONLY, nullptr) < 0) return false;
  // Looked up again: `at` is the directory under the new mount.
  empty = base::open_in_root(root, path, O_PATH | O_DIRECTORY);
  struct statfs fs;
  return empty >= 0 && ::fstatfs(empty, &fs) == 0 && fs.f_type == TMPFS_MAGIC;
}

void hide_paths(const Plan& p, int root) {
  int empty = -1;
  for (const auto& path : p.masked) {
    int fd = base::open_in_root(root, path.c_str(), O_PATH);
    if (fd < 0) continue;  // not in this kernel
    struct stat st;
    bool ok = ::fstat(fd, &st) == 0 &&
              (S_ISDIR(st.st_mode) ? hide_dir(root, path.c_str(), fd, empty)
                                   : ::mount("/dev/null", FdPath(fd).text, nullptr, MS_BIND, nullptr) == 0);
    ::close(fd);
    if (!ok) fail(p, kMask);
  }
  if (empty >= 0) ::close(empty);
  // Bound onto themselves, then read-only; the flags locked on /proc stay.
  for (const auto& path : p.readonly) {
    int fd = base::open_in_root(root, path.c_str(), O_PATH);
    if (fd < 0) continue;
    ::close(fd);
    if (!bind_remount(root, path.c_str(), nullptr, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)) fail(p, kMask);
  }
}

int child(void* arg) {
  const Plan& p = *static_cast<const Plan*>(arg);
  for (int fd : p.cgroup_tasks) {
    if (::write(fd, "0", 1) != 1) fail(p, kCgroup);
  }
  close_words(p.words_w);
  await_word(p.maps_written);
  // In a new user namespace the child becomes its root first: with maps
  // that do not send its creator there (keep-id) it would make /dev and
  // the mount points as another id than Podman's containers have.
  if ((p.maps_written >= 0 || p.joined_userns) && (::setresgid(0, 0, 0) < 0 || ::setresuid(0, 0, 0) < 0)) fail(p, kUser);
  if (p.dumpable && ::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0) fail(p, kUser);
  if (p.netns >= 0 && ::setns(p.netns, CLONE_NEWNET) < 0) fail(p, kJoin);
  if (p.uts >= 0 && ::setns(p.uts, CLONE_NEWUTS) < 0) fail(p, kJoin);
  if (p.ipc >= 0 && ::setns(p.ipc, CLONE_NEWIPC) < 0) fail(p, kJoin);
  if (p.loopback && !loopback_up()) fail(p, kLoopback);
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) fail(p, kPrivate);
  if (!p.overlay.mount()) fail(p, kOverlay);
  // From here on every path in the container is resolved inside it.
  int root = ::open(p.overlay.merged.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root < 0) fail(p, kOverlay);
  for (size_t i = 0; i < p.binds.size(); ++i) {
    const auto& [from, to] = p.binds[i];
    bool ok = p.bind_trees.empty() ? mount_on(root, to, false, from.c_str(), nullptr, MS_BIND, nullptr)
                                   : attach_on(root, to, false, p.bind_trees[i]);
    if (!ok) fail(p, kBind);
  }
  if (!mount_on(root, p.proc, true, "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                p.proc_options.empty() ? nullptr : p.proc_options.c_str())) {
    // The host's PID namespace, from a user namespace that does not own
    // it: a new proc cannot be mounted there; bind the host's.
    if (!p.host_pid || !bind_remount(root, p.proc.rel.c_str(), "/proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)) fail(p, kProc);
  }
  if (!mount_on(root, p.sys, true, "sysfs", "sysfs", p.sys_flags, nullptr)) {
    // Sharing the host's network namespace: sysfs cannot be mounted anew
    // there without owning it; bind the host's.
    if (!bind_remount(root, p.sys.rel.c_str(), "/sys", p.sys_flags)) fail(p, kSys);
  }
  mount_dev(p, root);
  for (size_t i = 0; i < p.mounts.size(); ++i) {
    if (!mount_planned(root, p.mounts[i])) fail(p, kVolume, static_cast<int>(i));
  }
  write_sysctls(p, root);
  hide_paths(p, root);
  if (!p.workdir.empty()) {
    int fd = base::make_dirs_in_root(root, p.workdir.c_str(), 0755);
    if (fd < 0) fail(p, kWorkdir);
    ::close(fd);
  }
  // pivot_root(".", "."): the old root stacks under the new one and is
  // then detached, with no directory of its own needed.
  if (::fchdir(root) < 0 || ::syscall(SYS_pivot_root, ".", ".") < 0 || ::umount2(".", MNT_DETACH) < 0 ||
      ::chdir("/") < 0) {
    fail(p, kPivot);
  }
  ::close(root);
  // --read-only: the root's own mount, keeping the flags it was made with.
  if (p.read_only && ::mount(nullptr, "/", nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | p.overlay.flags, nullptr) < 0) {
    fail(p, kReadOnly);
  }
  if (p.uts < 0 && !p.host_uts && !p.hostname.empty() && ::sethostname(p.hostname.c_str(), p.hostname.size()) < 0) fail(p, kHostname);
  await_word(p.network_ready);
  if (p.cgroup_namespace && ::unshare(CLONE_NEWCGROUP) < 0) fail(p, kJoin);
  if (p.cgroupns >= 0 && ::setns(p.cgroupns, CLONE_NEWCGROUP) < 0) fail(p, kJoin);
  finish_and_exec(p.process);
}

// The host's device nodes, as --privileged shows them: /dev and its
// subdirectories one level down, without the container's own mounts.
void host_devices(Plan& p, const std::string& dir, const std::string& rel) {
  for (const auto& name : base::list_dir(dir)) {
    if (name == "pts" || name == "shm" || name == "mqueue" || name == "ptmx" || name == "console") continue;
    struct stat st;
    std::string host = dir + "/" + name;
    if (::lstat(host.c_str(), &st) < 0) continue;
    if (S_ISDIR(st.st_mode) && rel.empty()) {
      p.dev_dirs.push_back(name);
      host_devices(p, host, name);
    } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
      p.devices.emplace_back(host, rel.empty() ? name : rel + "/" + name);
    }
  }
}

// Everything the child will need: paths, devices, mounts, the process.
void make_plan(Plan& p, const LaunchSpec& spec, const Handoff& handoff) {
  // Device nodes an image ships (or the container makes in its root) open
  // nothing: /dev is warren's own tmpfs. --privileged may use them.
  p.overlay = RootOverlay::of(spec.lower, spec.dir, spec.privileged ? 0 : MS_NODEV, spec.direct_root, spec.volatile_root);
  p.proc = target("proc");
  p.sys = target("sys");
  p.sys_flags = MS_NOSUID | MS_NODEV | MS_NOEXEC | (spec.privileged ? 0 : MS_RDONLY);
  p.dev = target("dev");
  p.console = spec.process.terminal;
  if (spec.privileged) {
    host_devices(p, "/dev", "");
  } else {
    for (const char* d : {"null", "zero", "full", "random", "urandom", "tty"}) {
      p.devices.emplace_back(std::string("/dev/") + d, d);
    }
  }
  for (const auto& [host, name] : spec.devices) {
    // --device /dev/net/tun: its directory first.
    auto slash = name.find('/');
    if (name.empty() || name.find("..") != std::string::npos || std::count(name.begin(), name.end(), '/') > 1) {
      throw base::LaunchError(125, 0, fmt::format("invalid device path /dev/{}", name));
    }
    if (slash != std::string::npos && std::find(p.dev_dirs.begin(), p.dev_dirs.end(), name.substr(0, slash)) == p.dev_dirs.end()) {
      p.dev_dirs.push_back(name.substr(0, slash));
    }
    const std::string& inside = name;  // clang 14 cannot capture a structured binding
    std::erase_if(p.devices, [&](const auto& d) { return d.second == inside; });
    p.devices.emplace_back(host, name);
  }
  p.links = {{"pts/ptmx", "ptmx"}, {"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"},
             {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"}};
  for (const auto& [from, to] : spec.bind_files) {
    if (to.empty() || to[0] != '/' || to.find("..") != std::string::npos || target(to).name.empty()) {
      throw base::LaunchError(125, 0, fmt::format("invalid path \"{}\" in the container", to));
    }
    p.binds.emplace_back(from, target(to));
  }
  if (!spec.privileged) {
    auto shown = [&](const char* path) {
      return std::find(spec.unmasked.begin(), spec.unmasked.end(), "ALL") != spec.unmasked.end() ||
             std::find(spec.unmasked.begin(), spec.unmasked.end(), path) != spec.unmasked.end();
    };
    for (const char* m : kMaskedPaths) {
      if (!shown(m)) p.masked.push_back(target(m).rel);
    }
    for (const char* r : kReadonlyPaths) {
      if (!shown(r)) p.readonly.push_back(target(r).rel);
    }
  }
  for (const auto& m : spec.masked) {
    if (m.empty() || m[0] != '/' || m.find("..") != std::string::npos) throw base::LaunchError(125, 0, fmt::format("invalid path \"{}\" to mask", m));
    p.masked.push_back(target(m).rel);
  }
  p.proc_options = spec.proc_options;
  p.read_only = spec.read_only;
  p.hostname = spec.hostname;
  p.loopback = spec.loopback;
  p.cgroup_namespace = spec.cgroup_namespace;
  for (const auto& fd : spec.cgroup_tasks) p.cgroup_tasks.push_back(fd.get());
  p.host_pid = spec.host_pid;
  p.host_ipc = spec.host_ipc;
  p.host_mqueue = spec.host_ipc && ::access("/dev/mqueue", F_OK) == 0;
  p.host_uts = spec.host_uts;
  p.no_shm = spec.no_shm;
  p.shm_options = fmt::format("mode=1777,size={}k", std::max<int64_t>(spec.shm_size / 1024, 1));
  p.shm_source = spec.shm_source;
  for (const auto& [key, value] : spec.sysctls) {
    std::string path = "proc/sys/" + key;
    std::replace(path.begin(), path.end(), '.', '/');
    p.sysctls.emplace_back(path, value);
  }
  if (spec.create_workdir && !spec.process.workdir.empty()) p.workdir = spec.process.workdir;
  p.process = plan_process(spec.process, handoff);
  for (const auto& m : spec.mounts) {
    p.mounts.push_back(plan_mount(m));
    if (m.chown) {
      p.mounts.back().chown_uid = static_cast<int>(spec.process.user.uid);
      p.mounts.back().chown_gid = static_cast<int>(spec.process.user.gid);
    }
    p.process.mounts.push_back(m.destination);
  }
  bool direct = spec.id_maps.direct && (spec.user_namespace || !spec.userns_path.empty());
  if (direct && (!spec.nested || spec.nested_here)) plan_root_userns(p, spec);  // a nested one's, in its helper
  p.dumpable = spec.nested;
}

}  // namespace

Launched launch(const LaunchSpec& spec) {
  Handoff handoff = make_handoff(spec.process.terminal);
  Plan p;
  make_plan(p, spec, handoff);
  const std::string& workdir = spec.process.workdir;

  base::UniqueFd netns = open_namespace(spec.netns_path, "network"), uts = open_namespace(spec.uts_path, "UTS"),
                 ipc = open_namespace(spec.ipc_path, "IPC"), cgroupns = open_namespace(spec.cgroupns_path, "cgroup");
  p.netns = netns ? netns.get() : -1;
  p.uts = uts ? uts.get() : -1;
  p.ipc = ipc ? ipc.get() : -1;
  p.cgroupns = cgroupns ? cgroupns.get() : -1;
  // Not zeroed: that alone faulted in all of it (~0.4 ms); the child
  // touches the few pages it uses.
  constexpr size_t kStack = 256 * 1024;
  auto stack = std::make_unique_for_overwrite<char[]>(kStack);
  bool pod_userns = spec.id_maps.direct && !spec.userns_path.empty();  // root's, through a helper
  if (!spec.userns_path.empty() && !pod_userns) {
    base::UniqueFd userns = open_namespace(spec.userns_path, "user");
    if (::setns(userns.get(), CLONE_NEWUSER) < 0) throw base::LaunchError(125, errno, fmt::format("join the user namespace {}", spec.userns_path));
  } else if (spec.userns_of_joined) {
    for (const std::string* path : {&spec.pid_path, &spec.uts_path, &spec.ipc_path}) {
      if (path->empty()) continue;
      join_owner_userns(*path);
      break;
    }
  }
  int flags = CLONE_NEWNS | SIGCHLD;
  GoPipes go(spec.user_namespace, static_cast<bool>(spec.on_namespaces));
  p.maps_written = go.maps_fd();
  p.network_ready = go.network_fd();
  go.parent_ends(p.words_w);
  if (spec.user_namespace) flags |= CLONE_NEWUSER;
  if (!uts && !spec.host_uts) flags |= CLONE_NEWUTS;
  if (!ipc && !spec.host_ipc) flags |= CLONE_NEWIPC;
  if (!spec.host_pid && spec.pid_path.empty()) flags |= CLONE_NEWPID;
  if (spec.new_network && spec.netns_path.empty()) flags |= CLONE_NEWNET;
  pid_t pid;
  int err;
  bool helper = spec.nested && !spec.nested_here;
  if (helper) {
    pid = clone_nested_container(p, spec, child, stack.get() + kStack, flags);
    err = 0;
  } else if (pod_userns) {
    pid = clone_in_pod_userns(p, spec, child, stack.get() + kStack, flags);
    err = 0;
  } else {
    JoinedForClone joined;  // this thread's own back before anything else is done
    if (spec.user_namespace && spec.id_maps.direct) join_for_clone(p, joined, spec);
    base::UniqueFd own_pid = pid_namespace_for_children(spec.pid_path);
    pid = clone_in(own_pid, child, stack.get() + kStack, flags, &p, spec.cgroup_v2 ? spec.cgroup_v2.get() : -1);
    err = errno;
  }
  if (pid < 0) clone_failed(err, "the container's namespaces", spec.user_namespace);
  if ((helper || pod_userns) && spec.cgroup_v2) add_cloned_to_cgroup(spec.cgroup_v2.get(), pid);  // by a helper
  prepare_child(pid, spec.user_namespace && !helper ? &spec.id_maps : nullptr, spec.on_namespaces, go);
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

}  // namespace launch
