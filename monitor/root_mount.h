// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/root_mount.h: `warren mount` and `unmount`, as root: a
// container's root filesystem (its image's layers with its own upper dir)
// mounted on the host at ROOT/ID/merged, where a script can read and
// change it, as Podman's `mount` gives it. Counted: each mount adds one
// (RUNROOT/ID/mount-count), each unmount takes one, and the mount goes at
// zero (or at once, forced). The container's own start mounts its root
// again inside its own namespace; removing the container unmounts.
#pragma once

#include <string>
#include <vector>

#include "store/container_store.h"

namespace monitor {

// Mounts (or counts one more) and returns the path. `lower` is the
// image's root (runtime::root_lower). Throws with the mount's error.
std::string mount_root(const store::ContainerStore& store, const store::ContainerConfig& cfg, const std::string& lower);

// One fewer (`force`: none left); the mount goes at zero. False when it
// was not mounted.
bool unmount_root(const store::ContainerStore& store, const std::string& id, bool force);

// The mounted containers' ids.
std::vector<std::string> mounted_roots(const store::ContainerStore& store);

// Where it is (or would be) mounted.
std::string root_mount_path(const store::ContainerStore& store, const std::string& id);

}  // namespace monitor
