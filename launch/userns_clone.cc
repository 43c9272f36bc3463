// SPDX-License-Identifier: GPL-2.0-or-later
// launch/userns_clone.cc: the clones in a user namespace the host's root
// or the user may not simply clone into: root's containers with maps of
// their own (the trees their child attaches, the host's namespaces
// joined for them), root's pod members, and a regular user's nested
// containers, whose helper is root in a namespace with the user's maps.
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <fmt/format.h>

#include "base/error.h"
#include "launch/idmap.h"
#include "launch/launch_plan.h"
#include "launch/nested_clone.h"
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
    if (m.tmpfs || m.devpts || m.copy_up || m.tree >= 0) continue;
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

// Root's pod member in its pod's user namespace: a forked helper
// (launch/nested_clone.h) joins the pod's namespaces (the host's root may
// join them all; from inside the user namespace those the host's root
// made would be refused), then the user namespace, and clones the
// container as this process's own child (CLONE_PARENT), its new
// namespaces the user namespace's. The pid; throws.
pid_t clone_in_pod_userns(Plan& p, const LaunchSpec& spec, int (*child)(void*), char* stack_top, int flags) {
  base::UniqueFd userns = open_namespace(spec.userns_path, "user"), pid_ns = open_namespace(spec.pid_path, "PID");
  NestedClone n;
  for (auto [fd, type] : {std::pair{p.netns, CLONE_NEWNET}, {p.uts, CLONE_NEWUTS}, {p.ipc, CLONE_NEWIPC}}) {
    if (fd >= 0) n.joins.emplace_back(fd, type);
  }
  p.joined_userns = true;
  {
    JoinedForClone here;  // lo and /proc/sys/net written as the host's root; p's joins cleared
    join_for_clone(p, here, spec);
  }
  n.userns = userns.get();
  n.pid_ns = pid_ns ? pid_ns.get() : -1;
  n.dir = spec.dir;
  return clone_nested(n, child, stack_top, flags, &p);
}

// A regular user's nested container: its helper makes its trees (as
// for root's) and clones it, into a new user namespace or, a nested
// pod's member, into its pod's (whose parent it joins first).
pid_t clone_nested_container(Plan& p, const LaunchSpec& spec, int (*child)(void*), char* stack_top, int flags) {
  NestedClone n;
  base::UniqueFd pod, parent, pid_ns = open_namespace(spec.pid_path, "PID");
  if (spec.userns_path.empty()) {
    n.user_maps = &spec.nest_maps;
    n.maps = &spec.id_maps;
  } else {
    pod = open_namespace(spec.userns_path, "user");
    parent.reset(::ioctl(pod.get(), NS_GET_PARENT));
    if (!parent) throw base::LaunchError(125, errno, fmt::format("the parent of the user namespace {}", spec.userns_path));
    n.parent_userns = parent.get();
    n.userns = pod.get();
    p.joined_userns = true;  // its root there first
    if (p.uts >= 0) p.hostname.clear();  // the pod's
    for (auto [fd, type] : {std::pair{&p.netns, CLONE_NEWNET}, {&p.uts, CLONE_NEWUTS}, {&p.ipc, CLONE_NEWIPC}}) {
      if (*fd >= 0) n.joins.emplace_back(*fd, type);
      *fd = -1;  // the helper's, not the child's
    }
  }
  n.pid_ns = pid_ns ? pid_ns.get() : -1;
  n.dir = spec.dir;
  n.prepare = [&] { plan_root_userns(p, spec); };
  return clone_nested(n, child, stack_top, flags, &p);
}

}  // namespace launch
