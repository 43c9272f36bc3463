// SPDX-License-Identifier: GPL-2.0-or-later
// launch/idmap.h: idmapped mounts. Root's container in a user namespace
// of its own (--uidmap, --userns auto, --subuidname) sees the image's
// files, and an :idmap volume's, through a detached copy of the tree
// whose owners read through the container's maps: host 0 shows as the
// container's 0, and what the container writes is stored as the host ids
// its ids map to. Nothing is copied or chowned.
#pragma once

#include <string>

#include "base/fd.h"
#include "rootless/userns.h"

namespace launch {

// A user namespace with `maps` (written by warren, as root), held by the
// fd alone: the process made for it is gone when this returns.
base::UniqueFd user_namespace_with(const rootless::IdMaps& maps);

// The maps of the user namespace at `userns` in host ids (as a process of
// the host's user namespace reads a member's uid_map and gid_map).
rootless::IdMaps maps_of_user_namespace(int userns);

// A detached mount of the tree at `path` (with what is mounted below it
// when `recursive`): a bind the container's child attaches with
// move_mount, reaching nothing on the way. Throws naming the path.
base::UniqueFd detached_tree(const std::string& path, bool recursive);
// The same, its ids seen through `userns`'s maps.
base::UniqueFd idmapped_tree(const std::string& path, int userns, bool recursive);

}  // namespace launch
