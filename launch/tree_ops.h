// SPDX-License-Identifier: GPL-2.0-or-later
// launch/tree_ops.h: walks of a directory tree for the cloned child, free
// of allocation (getdents64 into buffers on the stack), relative to
// directory fds and never following a symlink, to a bounded depth: U's
// chown, tmpcopyup's copy, and a volume's first fill (in the monitor).
#pragma once

#include <sys/types.h>

#include <vector>

#include "rootless/userns.h"

namespace launch {

// `dir` and everything below it given to uid:gid. False with errno.
bool chown_tree(int dir, uid_t uid, gid_t gid);

// `dir` and everything below it given to the host ids their owners map
// to through `uids` and `gids` (inside: as they are; outside: the host's),
// set-id bits kept: a volume's first fill for root's container in a user
// namespace of its own. An id the maps lack is left. False with errno.
bool shift_tree(int dir, const std::vector<rootless::IdRange>& uids, const std::vector<rootless::IdRange>& gids);

// What is in the directory `from` copied into the directory `to`:
// directories, regular files and symlinks, with modes, owners (where the
// user namespace maps them) and times; device nodes, FIFOs and sockets
// left out. False with errno.
bool copy_tree(int from, int to);

}  // namespace launch
