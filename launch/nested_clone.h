// SPDX-License-Identifier: GPL-2.0-or-later
// launch/nested_clone.h: a regular user's clone into a user namespace
// nested in one with the user's maps (Podman's rootless nesting): for
// maps that leave the user's own id out (--userns nomap, auto, --uidmap
// 0:1:N), whose root may not reach the user's files. A forked helper
// becomes root in a namespace with the user's maps (a new one, its maps
// written by the caller through newuidmap, or a nested pod's, joined),
// makes a mount namespace of its own where it prepares what the child
// attaches (launch/idmap.h's trees), and clones the child as the caller's
// own (CLONE_PARENT): into a new user namespace whose maps, in the ids of
// its own, it writes itself, or into a pod's, joined.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "rootless/userns.h"

namespace launch {

struct NestedClone {
  const rootless::IdMaps* user_maps = nullptr;  // a new user namespace with the user's maps, or
  int parent_userns = -1;                        // this one joined (a nested pod's), or neither: the caller's
  int userns = -1;                               // the child into this user namespace (a pod's), or
  const rootless::IdMaps* maps = nullptr;        // into a new one (CLONE_NEWUSER in the flags) with these
  std::vector<std::pair<int, int>> joins;        // (fd, CLONE_NEW*): a pod's namespaces, joined by the helper
  int pid_ns = -1;                               // the child's PID namespace, if not a new one or the caller's
  std::string dir;                               // the child's working directory (empty: the caller's)
  std::function<void()> prepare;                 // in a mount namespace of the helper's own; throws base::Error
};

// The child's pid; throws with the helper's error.
pid_t clone_nested(const NestedClone& n, int (*child)(void*), char* stack_top, int flags, void* arg);

}  // namespace launch
