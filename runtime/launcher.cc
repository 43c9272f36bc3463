// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/launcher.cc: clone, mounts, pivot_root, exec. Everything the
// child needs is prepared before the clone, so that between clone and
// exec the child makes only system calls. A failure travels back as
// (stage, errno) over a close-on-exec pipe: nothing read means the exec
// happened.
#include "runtime/launcher.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <linux/capability.h>
#include <sys/mount.h>
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
#include "runtime/capabilities.h"

namespace runtime {

namespace {

enum Stage : int {
  kPrivate, kOverlay, kProc, kSys, kDev, kDevNode, kDevPts, kShm, kMqueue, kMask, kPivot, kHostname, kWorkdir, kStdio,
  kCapabilities, kExec,
};

// What Podman hides from a container, and what it lets it read only.
constexpr const char* kMaskedPaths[] = {"/proc/acpi",        "/proc/kcore",       "/proc/keys",  "/proc/latency_stats",
                                        "/proc/timer_list",  "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                                        "/sys/firmware",     "/sys/fs/selinux",   "/sys/dev/block"};
constexpr const char* kReadonlyPaths[] = {"/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                          "/proc/sysrq-trigger"};

const char* stage_text(int s) {
  static const char* text[] = {"make mounts private", "mount the root filesystem", "mount /proc", "mount /sys",
                               "mount /dev", "bind a device into /dev", "mount /dev/pts", "mount /dev/shm",
                               "mount /dev/mqueue", "mask /proc and /sys paths", "pivot_root", "set the hostname",
                               "change to the working directory", "set up standard input and output",
                               "drop capabilities", "exec"};
  return s >= 0 && s <= kExec ? text[s] : "start";
}

struct Failure {
  int stage;
  int err;
};

// All of it computed before the clone.
struct Plan {
  std::string merged, overlay_opts, overlay_opts_userns;
  std::string proc, sys, dev, pts, ptmx, shm, mqueue;
  std::vector<std::pair<std::string, std::string>> devices;  // host node, container file
  std::vector<std::pair<std::string, std::string>> links;    // target, link
  std::vector<std::string> masked, readonly;                   // under merged
  std::vector<std::pair<std::string, std::string>> binds;      // host file, path under merged
  std::vector<int> drop;                                       // capabilities leaving the bounding set
  uint64_t keep = 0;                                           // the capabilities kept, as a mask
  std::string hostname, workdir;
  std::vector<std::string> candidates;                        // paths to try for argv[0]
  std::vector<char*> argv, envp;
  bool new_network;
  int in, out, err;
  int report;                                                  // the pipe's write end
};

[[noreturn]] void fail(const Plan& p, int stage) {
  Failure f{stage, errno};
  ssize_t ignored = ::write(p.report, &f, sizeof f);
  (void)ignored;
  ::_exit(kExitNotFound);
}

int child(void* arg) {
  const Plan& p = *static_cast<const Plan*>(arg);
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
  unsigned long ro = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY;
  if (::mount("sysfs", p.sys.c_str(), "sysfs", ro, nullptr) < 0) {
    // Sharing the host's network namespace: sysfs cannot be mounted anew
    // there without owning it; bind the host's, read-only.
    if (::mount("/sys", p.sys.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0 ||
        ::mount(nullptr, p.sys.c_str(), nullptr, MS_BIND | MS_REMOUNT | ro, nullptr) < 0) {
      fail(p, kSys);
    }
  }
  if (::mount("tmpfs", p.dev.c_str(), "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k") < 0) fail(p, kDev);
  for (const auto& [host, file] : p.devices) {
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) fail(p, kDevNode);
    ::close(fd);
    if (::mount(host.c_str(), file.c_str(), nullptr, MS_BIND, nullptr) < 0) fail(p, kDevNode);
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
  // pivot_root(".", "."): the old root stacks under the new one and is
  // then detached, with no directory of its own needed.
  if (::chdir(p.merged.c_str()) < 0 || ::syscall(SYS_pivot_root, ".", ".") < 0 ||
      ::umount2(".", MNT_DETACH) < 0 || ::chdir("/") < 0) {
    fail(p, kPivot);
  }
  if (!p.hostname.empty() && ::sethostname(p.hostname.c_str(), p.hostname.size()) < 0) fail(p, kHostname);
  if (::chdir(p.workdir.c_str()) < 0) fail(p, kWorkdir);
  for (auto [from, to] : {std::pair{p.in, 0}, std::pair{p.out, 1}, std::pair{p.err, 2}}) {
    if (from >= 0 && ::dup2(from, to) < 0) fail(p, kStdio);
  }
  // The container's capability set. As Podman 4: nothing inheritable
  // (CVE-2022-27649) and no_new_privs left off, so setuid binaries work.
  for (int cap : p.drop) {
    if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) fail(p, kCapabilities);
  }
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  for (int i = 0; i < 2; ++i) {
    auto word = static_cast<uint32_t>(p.keep >> (32 * i));
    data[i].effective = data[i].permitted = word;
  }
  if (::syscall(SYS_capset, &header, data) < 0) fail(p, kCapabilities);
  int err = ENOENT;
  for (const auto& path : p.candidates) {
    ::execve(path.c_str(), p.argv.data(), p.envp.data());
    // Keep the most telling failure: "not executable" beats "not there".
    if (errno != ENOENT && errno != ENOTDIR) err = errno;
  }
  errno = err;
  fail(p, kExec);
}

std::string path_of(const std::vector<std::string>& env) {
  for (const auto& e : env) {
    if (e.starts_with("PATH=")) return e.substr(5);
  }
  return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

}  // namespace

Launched launch(const LaunchSpec& spec) {
  if (spec.argv.empty()) throw LaunchError(125, 0, "no command specified");
  Plan p;
  for (const char* d : {"upper", "work", "merged"}) base::ensure_dir(spec.dir + "/" + d, 0755);
  p.merged = spec.dir + "/merged";
  p.overlay_opts = fmt::format("lowerdir={},upperdir={}/upper,workdir={}/work", spec.lower, spec.dir, spec.dir);
  p.overlay_opts_userns = p.overlay_opts + ",userxattr";
  p.proc = p.merged + "/proc";
  p.sys = p.merged + "/sys";
  p.dev = p.merged + "/dev";
  p.pts = p.dev + "/pts";
  p.ptmx = p.dev + "/ptmx";
  p.shm = p.dev + "/shm";
  p.mqueue = p.dev + "/mqueue";
  for (const char* d : {"null", "zero", "full", "random", "urandom", "tty"}) {
    p.devices.emplace_back(std::string("/dev/") + d, p.dev + "/" + d);
  }
  p.links = {{"pts/ptmx", p.ptmx}, {"/proc/self/fd", p.dev + "/fd"}, {"/proc/self/fd/0", p.dev + "/stdin"},
             {"/proc/self/fd/1", p.dev + "/stdout"}, {"/proc/self/fd/2", p.dev + "/stderr"}};
  // The mount points must exist in the image; make them in the upper dir if not.
  for (const char* d : {"proc", "sys", "dev"}) base::ensure_dir(spec.dir + "/upper/" + d, 0755);
  for (const auto& [from, to] : spec.bind_files) {
    if (to.empty() || to[0] != '/' || to.find("..") != std::string::npos) {
      throw LaunchError(125, 0, fmt::format("invalid path \"{}\" in the container", to));
    }
    std::string target = spec.dir + "/upper" + to;
    base::ensure_dir(target.substr(0, target.rfind('/')), 0755);
    if (!base::read_file(target) && !base::read_file(spec.lower + to)) base::write_file_atomic(target, "", 0644, false);
    p.binds.emplace_back(from, p.merged + to);
  }
  for (const char* m : kMaskedPaths) p.masked.push_back(p.merged + m);
  for (const char* r : kReadonlyPaths) p.readonly.push_back(p.merged + r);
  int last = std::stoi(base::read_file("/proc/sys/kernel/cap_last_cap").value_or("40"));
  p.keep = spec.caps ? spec.caps : default_capabilities();
  for (int cap = 0; cap <= last; ++cap) {
    if (!(p.keep & (uint64_t{1} << cap))) p.drop.push_back(cap);
  }
  p.hostname = spec.hostname;
  p.workdir = spec.workdir.empty() ? "/" : spec.workdir;
  if (p.workdir != "/") base::ensure_dir(spec.dir + "/upper" + p.workdir, 0755);
  const std::string& cmd = spec.argv[0];
  if (cmd.find('/') != std::string::npos) {
    p.candidates.push_back(cmd);
  } else {
    std::string path = path_of(spec.env);
    size_t i = 0;
    while (i <= path.size()) {
      size_t c = path.find(':', i);
      if (c == std::string::npos) c = path.size();
      if (c > i) p.candidates.push_back(path.substr(i, c - i) + "/" + cmd);
      i = c + 1;
    }
  }
  std::vector<std::string> argv = spec.argv, env = spec.env;
  for (auto& a : argv) p.argv.push_back(a.data());
  p.argv.push_back(nullptr);
  for (auto& e : env) p.envp.push_back(e.data());
  p.envp.push_back(nullptr);
  p.new_network = spec.new_network;
  p.in = spec.stdin_fd;
  p.out = spec.stdout_fd;
  p.err = spec.stderr_fd;

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw LaunchError(125, errno, "create a pipe");
  base::UniqueFd reader(fds[0]), writer(fds[1]);
  p.report = writer.get();
  constexpr size_t kStack = 256 * 1024;
  auto stack = std::make_unique<char[]>(kStack);
  int flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | SIGCHLD;
  if (spec.new_network) flags |= CLONE_NEWNET;
  pid_t pid = ::clone(child, stack.get() + kStack, flags, &p);
  if (pid < 0) {
    int err = errno;
    if (err == EPERM && ::geteuid() != 0) {
      throw LaunchError(125, err, "clone the container's namespaces (containers as a regular user need a user namespace, "
                                  "which warren does not make yet)");
    }
    throw LaunchError(125, err, "clone the container's namespaces");
  }
  writer.reset();
  Failure f{};
  ssize_t n;
  while ((n = ::read(reader.get(), &f, sizeof f)) < 0 && errno == EINTR) {
  }
  if (n == 0) return {pid};  // the pipe closed on exec
  wait_exit(pid);
  if (f.stage == kExec) {
    if (f.err == ENOENT || f.err == ENOTDIR) {
      throw LaunchError(kExitNotFound, f.err, fmt::format("executable file `{}` not found in $PATH", cmd));
    }
    throw LaunchError(kExitCannotInvoke, f.err, fmt::format("`{}`", cmd));
  }
  if (f.stage == kWorkdir) throw LaunchError(kExitCannotInvoke, f.err, fmt::format("workdir \"{}\"", p.workdir));
  throw LaunchError(125, f.err, stage_text(f.stage));
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

}  // namespace runtime
