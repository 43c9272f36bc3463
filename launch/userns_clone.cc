// SPDX-License-Identifier: GPL-2.0-or-later
// launch/userns_clone.cc: the clones in a user namespace the host's root
// or the user may not simply clone into: root's containers with maps of
// their own (the trees their child attaches, the host's namespaces
// joined for them), root's pod members, and a regular user's nested
// containers, whose helper is root in a namespace with the user's maps.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <fmt/format.h>

#include "base/error.h"
#include "launch/idmap.h"
#include "launch/launch_plan.h"
#include "launch/tree_ops.h"
#include "rootless/id_mapping.h"

namespace launch {

namespace {

// The host id the container's `id` maps to.
uint32_t host_id(const std::vector<rootless::IdRange>& ranges, uint32_t id, const char* kind) {
  auto out = rootless::mapped_id(ranges, id);
  if (!out) throw base::LaunchError(125, 0, fmt::format("the container's {} {} is not in its user namespace", kind, id));
  return *out;
}

}  // namespace

// Root's container in a user namespace of its own: the image's files as
// an idmapped tree; every host path the child binds as a tree made here
// (the child, root only in its user namespace, may not search warren's
// directories); the overlay's dirs relative to the container's dir, the
// child's working directory, which the container's root may search.
void plan_root_userns(Plan& p, const LaunchSpec& spec) {
  uint32_t uid = host_id(spec.id_maps.uids, 0, "uid"), gid = host_id(spec.id_maps.gids, 0, "gid");
  // A pod member's maps are its pod's: the infra's namespace serves. A
  // regular user's (nested) has its image's files copied, owners shifted.
  base::UniqueFd userns = spec.nested               ? base::UniqueFd{}
                          : spec.userns_path.empty() ? user_namespace_with(spec.id_maps)
                                                     : open_namespace(spec.userns_path, "user");
  auto hold = [&](base::UniqueFd fd) {
    p.trees.push_back(std::move(fd));
    return p.trees.back().get();
  };
  base::UniqueFd lower = spec.nested ? detached_tree(spec.lower, true) : idmapped_tree(spec.lower, userns.get(), false);
  root_overlay_in_userns(p.overlay, hold(std::move(lower)), spec.dir, uid, gid);
  for (const auto& bind : p.binds) p.bind_trees.push_back(hold(detached_tree(bind.first, false)));
  if (!p.shm_source.empty()) p.shm_tree = hold(detached_tree(p.shm_source, true));
  for (auto& m : p.mounts) {
    if (m.overlay) throw base::LaunchError(125, 0, "an overlay volume (:O) in a user namespace of root's is not supported by warren yet");
    if (m.tmpfs || m.devpts || m.copy_up) continue;
    if (m.chown_uid >= 0) {
      // U: given to the container's user as the host sees it.
      uint32_t u = host_id(spec.id_maps.uids, static_cast<uint32_t>(m.chown_uid), "uid");
      uint32_t g = host_id(spec.id_maps.gids, static_cast<uint32_t>(m.chown_gid), "gid");
      base::UniqueFd dir{::open(m.source.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
      bool ok = dir ? chown_tree(dir.get(), u, g) : ::chown(m.source.c_str(), u, g) == 0;
      if (!ok) throw base::LaunchError(125, errno, fmt::format("chown {}", m.source));
      m.chown_uid = m.chown_gid = -1;
    }
    if (m.idmap && !userns) throw base::LaunchError(125, 0, "an idmap volume in a regular user's user namespace without the user's own id is not supported by warren yet");
    m.tree = hold(m.idmap ? idmapped_tree(m.source, userns.get(), m.recursive) : detached_tree(m.source, m.recursive));
  }
}

// Root's container in a user namespace of its own: the host's
// namespaces it shares joined here; /proc/sys/net written here for a
// network namespace so joined (the host's root owns it).
void join_for_clone(Plan& p, JoinedForClone& joined, const LaunchSpec& spec) {
  joined.enter(spec.dir);
  joined.join(p.uts, CLONE_NEWUTS);
  joined.join(p.ipc, CLONE_NEWIPC);
  if (p.uts >= 0) p.hostname.clear();
  p.uts = p.ipc = -1;
  if (!joined.join_network(p.netns, p.loopback)) return;
  p.netns = -1;
  p.loopback = false;
  // Its --sysctl net.* too (after join_network's, so they win).
  std::erase_if(p.sysctls, [](const auto& kv) {
    if (!kv.first.starts_with("proc/sys/net/")) return false;
    write_sysctl("/" + kv.first, kv.second);
    return true;
  });
}

// Root's pod member in its pod's user namespace: a forked helper joins
// the pod's namespaces (the host's root may join them all; from inside
// the user namespace those the host's root made would be refused), then
// the user namespace, and clones the container as this process's own
// child (CLONE_PARENT), its new namespaces the user namespace's. Only
// system calls in the helper. The pid, or -1 with errno.
pid_t clone_in_pod_userns(Plan& p, const LaunchSpec& spec, int (*child)(void*), char* stack_top, int flags) {
  base::UniqueFd userns = open_namespace(spec.userns_path, "user"), pid_ns = open_namespace(spec.pid_path, "PID");
  int joins[3][2] = {{p.netns, CLONE_NEWNET}, {p.uts, CLONE_NEWUTS}, {p.ipc, CLONE_NEWIPC}};
  p.joined_userns = true;
  {
    JoinedForClone here;  // lo and /proc/sys/net written as the host's root; p's joins cleared
    join_for_clone(p, here, spec);
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw base::LaunchError(125, errno, "create a pipe");
  base::UniqueFd r{fds[0]}, w{fds[1]};
  pid_t helper = ::fork();
  if (helper < 0) throw base::LaunchError(125, errno, "fork");
  if (helper == 0) {
    int out[2] = {-1, 0};
    bool ok = true;
    for (const auto& [fd, type] : joins) ok = ok && (fd < 0 || ::setns(fd, type) == 0);
    ok = ok && (!pid_ns || ::setns(pid_ns.get(), CLONE_NEWPID) == 0) && ::chdir(spec.dir.c_str()) == 0 &&
         ::setns(userns.get(), CLONE_NEWUSER) == 0;
    if (ok) out[0] = static_cast<int>(::clone(child, stack_top, flags | CLONE_PARENT, &p));
    out[1] = errno;
    ssize_t n = ::write(w.get(), out, sizeof out);
    ::_exit(n == sizeof out ? 0 : 1);
  }
  w.reset();
  int out[2] = {-1, EIO};
  ssize_t n;
  while ((n = ::read(r.get(), out, sizeof out)) < 0 && errno == EINTR) {
  }
  wait_exit(helper);
  errno = out[1];
  return n == sizeof out ? out[0] : -1;
}

namespace {

// A helper's failure, sent whole to the launcher: its words, then errno.
void report_failure(int fd, const base::Error& e) {
  std::string text = e.what();
  ssize_t ignored = ::write(fd, text.data(), text.size());
  (void)ignored;
}

// The helper of a regular user's nested container: in a user namespace
// with the user's maps (written by the launcher through newuidmap) and a
// mount namespace of its own, it is root over the user's files, makes the
// trees the child attaches (plan_root_userns, as for root's) and clones
// the container as the launcher's own child (CLONE_PARENT), whose maps,
// in this namespace's ids, it then writes itself.
[[noreturn]] void nested_helper(Plan& p, const LaunchSpec& spec, int (*child)(void*), char* stack_top, int flags, base::Pipe& ready,
                                base::Pipe& go, base::Pipe& out) {
  ready.r.reset();
  go.w.reset();
  out.r.reset();
  char byte = 'r';
  if (::unshare(CLONE_NEWUSER) < 0 || ::write(ready.w.get(), &byte, 1) != 1 || ::read(go.r.get(), &byte, 1) != 1) ::_exit(2);
  try {
    if (::unshare(CLONE_NEWNS) < 0) throw base::LaunchError(125, errno, "unshare a mount namespace");
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) throw base::LaunchError(125, errno, "make / private");
    plan_root_userns(p, spec);
    JoinedForClone here;
    here.enter(spec.dir);
    pid_t pid = static_cast<pid_t>(::clone(child, stack_top, flags | CLONE_PARENT, &p));
    if (pid < 0) throw base::LaunchError(125, errno, "clone the container's namespaces");
    try {
      rootless::write_id_maps(pid, spec.id_maps);
    } catch (...) {
      ::kill(pid, SIGKILL);  // the launcher's child: it reaps it
      throw;
    }
    int words[2] = {pid, 0};
    ::_exit(::write(out.w.get(), words, sizeof words) == sizeof words ? 0 : 1);
  } catch (const base::Error& e) {
    int words[2] = {-1, 0};
    if (::write(out.w.get(), words, sizeof words) == sizeof words) report_failure(out.w.get(), e);
    ::_exit(1);
  }
}

}  // namespace

pid_t clone_nested(Plan& p, const LaunchSpec& spec, int (*child)(void*), char* stack_top, int flags) {
  if (p.netns >= 0 || p.uts >= 0 || p.ipc >= 0 || !spec.pid_path.empty()) {
    throw base::LaunchError(125, 0, "a regular user's container whose maps leave out the user's own id cannot join other namespaces in warren yet");
  }
  base::Pipe ready = base::make_pipe(), go = base::make_pipe(), out = base::make_pipe();
  pid_t helper = ::fork();
  if (helper < 0) throw base::LaunchError(125, errno, "fork");
  if (helper == 0) nested_helper(p, spec, child, stack_top, flags, ready, go, out);
  ready.w.reset();
  go.r.reset();
  out.w.reset();
  char byte;
  try {
    if (::read(ready.r.get(), &byte, 1) != 1) throw base::LaunchError(125, 0, "the helper of the container's user namespace failed");
    rootless::write_id_maps(helper, spec.nest_maps);
  } catch (const base::Error& e) {
    go.w.reset();
    wait_exit(helper);
    throw base::LaunchError(125, e);
  }
  byte = 'g';
  ssize_t sent = ::write(go.w.get(), &byte, 1);
  (void)sent;  // a helper gone says so below
  go.w.reset();
  // The pid; or -1 and the helper's error to its end (the child, which
  // holds a copy of the pipe until its exec, is only there with a pid).
  int words[2] = {-1, 0};
  ssize_t n;
  while ((n = ::read(out.r.get(), words, sizeof words)) < 0 && errno == EINTR) {
  }
  std::string why;
  char buf[512];
  while (n == sizeof words && words[0] < 0 && (n = ::read(out.r.get(), buf, sizeof buf)) > 0) why.append(buf, static_cast<size_t>(n));
  wait_exit(helper);
  if (words[0] < 0) throw base::LaunchError(125, 0, why.empty() ? "the helper of the container's user namespace failed" : why);
  return words[0];
}

}  // namespace launch
