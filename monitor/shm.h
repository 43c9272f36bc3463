// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/shm.h: /dev/shm shared along with the IPC namespace, as
// Podman's: a container (or a pod's infra) with an IPC namespace of its
// own gets a tmpfs of --shm-size in its run dir (userdata/shm), mounted by
// its monitor and bound at its /dev/shm; one that joins another's (--ipc
// container:ID, a pod's member) binds that one's, so POSIX shared memory
// works between them. As root: a regular user's containers can make no
// mount on the host, and each has a tmpfs of its own.
#pragma once

#include <string>

#include "store/container_store.h"

namespace monitor {

// Mounts the tmpfs for a container that owns its IPC namespace (again if
// a reboot or a crash took it); returns the directory its /dev/shm binds,
// or "" where the launcher mounts one of its own (rootless, --ipc host or none).
std::string container_shm(const store::ContainerStore& store, const store::ContainerConfig& cfg, bool rootless);
// Unmounts an owner's tmpfs once it has ended (nothing for others).
void release_shm(const store::ContainerStore& store, const store::ContainerConfig& cfg, bool rootless);

}  // namespace monitor
