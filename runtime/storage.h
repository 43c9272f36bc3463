// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/storage.h: a container's root as its storage driver keeps it:
// overlay (the image's root filesystem below, the container's upper dir
// above) or vfs (a whole copy of the image's files, made at create, where
// overlay cannot be used), and what each says the container changed.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "config/settings.h"
#include "image/image_store.h"
#include "image/tar_writer.h"
#include "image/vfs_tree.h"
#include "store/container_store.h"

namespace runtime {

// The lower dir of a container's root: its image's root filesystem, its
// run --rootfs dir, or (vfs) its own copy.
std::string root_lower(const image::ImageStore& images, const store::ContainerStore& store, const store::ContainerConfig& c);

// The storage driver of a new container (config::Paths::storage_driver;
// overlay for one without an image), the store's driver recorded.
std::string driver_for(const config::Paths& paths, const store::ContainerConfig& c);

// A vfs container's copy of its image's files, made once at create (as
// root of the user's namespace for a regular user). Nothing for overlay.
void make_root(const config::Settings& settings, const image::ImageStore& images, const store::ContainerStore& store,
               const store::ContainerConfig& c);

// A vfs container's changes against its image (read as root of the
// user's namespace for a regular user, who does not own all its files).
std::vector<image::TreeChange> vfs_changes(const config::Settings& settings, const image::ImageStore& images,
                                           const store::ContainerStore& store, const store::ContainerConfig& c);

// A vfs container's changes as an image layer written to `out` (commit's;
// in as_owner for a regular user).
void write_vfs_layer(const image::ImageStore& images, const store::ContainerStore& store, const store::ContainerConfig& c, int out);

// A container in a user namespace of its own wrote its files as the ids
// its ids map to (root's: host ids; a regular user's: the ids of the
// user's namespace, as its copy sees them): this turns them back into its
// own, for a layer or an export (ids outside its maps left as they are).
// Empty for a container without maps.
image::TarOwners image_owners(const store::ContainerConfig& c);

// Runs `work` as who may read and write all of a container's files: this
// process as root; for a regular user, a child that is root of a user
// namespace with the user's maps.
void as_owner(const config::Settings& settings, const std::function<void()>& work);

// The bytes a container wrote (ps --size, system df): its upper dir's, or
// a vfs container's added and changed files'. Read as this process can.
uint64_t rw_size(const image::ImageStore& images, const store::ContainerStore& store, const store::ContainerConfig& c);

}  // namespace runtime
