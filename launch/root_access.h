// SPDX-License-Identifier: GPL-2.0-or-later
// launch/root_access.h: a container's root filesystem seen from a forked
// child, for work on its files from outside it (`cp`): a running
// container's through its first process (the mounts it sees, volumes
// too), a stopped one's overlay mounted in a mount namespace of the
// child's own. The child has the rights of the container's root user: a
// regular user's child is in the container's user namespace, or in one
// with the same maps.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "base/root_dir.h"
#include "launch/mount_ops.h"
#include "rootless/mapped_root.h"

namespace launch {

struct RootAccess {
  pid_t pid = 0;                           // running: its first process; 0: stopped
  std::string lower;                       // stopped: the image's root filesystem,
  std::string dir;                         // and the container's dir (upper/, work/, merged/),
  bool direct_root = false;                // (run --rootfs: `lower` is the root itself)
  std::vector<MountSpec> mounts;           // with its volumes and binds mounted (tmpfs left out)
  const rootless::IdMaps* maps = nullptr;  // a regular user's container
  // Root's container in a user namespace of its own (maps.direct): a
  // stopped one's root is mounted as the launcher mounts it, in a user
  // namespace with these maps (launch/idmap.h).
  const rootless::IdMaps* own_maps = nullptr;
};

// Starts `work` in a child, given the container's root; every path in it
// is resolved inside that root. Throws when the root cannot be had.
rootless::ChildWork start_in_root(const RootAccess& access, const std::function<void(const base::RootDir&)>& work);

}  // namespace launch
