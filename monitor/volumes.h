// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/volumes.h: a container's mounts as the launcher takes them:
// volumes resolved to their data dirs, filled with the image's content
// at their mount point on first use (as Podman's copy-up), and
// --read-only's tmpfs dirs; a parent before what is mounted inside it.
#pragma once

#include <string>
#include <vector>

#include "config/settings.h"
#include "launch/mount_ops.h"
#include "store/container_store.h"
#include "store/volume_store.h"

namespace monitor {

class UserVolumes;

// The container store of these settings; a regular user's removes what
// a container's other users own as mapped root.
store::ContainerStore container_store(const config::Settings& settings);

// The volume store of these settings; a regular user's removes what its
// containers' other users own as mapped root (rootless/mapped_root.h).
store::VolumeStore volume_store(const config::Settings& settings);

// `lower` is the image's root file system, read inside itself; `dir` the
// container's own, where an O mount's upper and work dirs are made anew.
// A regular user's volumes with a file system of their own are attached
// from `user_volumes` (monitor/user_volumes.h).
std::vector<launch::MountSpec> launch_mounts(const config::Settings& settings, const store::ContainerConfig& cfg,
                                             const std::string& lower, const std::string& dir, const UserVolumes& user_volumes);

// A volume created with -o type=,device= (not o=bind): a file system of its own.
bool has_file_system(const store::VolumeRecord& v);

// volume create -o type=T,device=D,o=OPTS: mounted on the volume's data
// dir (nothing done when something is mounted there), with OPTS' flags as
// flags and the rest as data. Throws a LaunchError.
void mount_file_system(const store::VolumeStore& volumes, const store::VolumeRecord& v);

// A volume's first use: the image's content at the mount point (`lower`,
// the image's root file system) into its data dir, if that is empty, and
// the whole given to the container's ids where it has maps of its own.
// `mapped_root`: the caller is root in a user namespace with the user's
// maps already. Throws a LaunchError.
void fill_volume(const config::Settings& settings, const store::ContainerConfig& cfg, const store::Mount& m, const std::string& lower,
                 const std::string& data, bool mapped_root);

// After a container ended (its state saved): the file systems of its
// volumes created with -o (volume create -o type=,device=,o=) that no
// running container mounts any more are unmounted from their data dirs.
// Whether `path` is the root of a mount (statx's STATX_ATTR_MOUNT_ROOT).
bool is_mount_root(const std::string& path);

void release_volume_mounts(const config::Settings& settings, const store::ContainerStore& store,
                           const store::ContainerConfig& cfg);

}  // namespace monitor
