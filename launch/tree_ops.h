// SPDX-License-Identifier: GPL-2.0-or-later
// launch/tree_ops.h: walks of a directory tree for the cloned child, free
// of allocation (getdents64 into buffers on the stack), relative to
// directory fds and never following a symlink, to a bounded depth: U's
// chown, tmpcopyup's copy, and a volume's first fill (in the monitor).
#pragma once

#include <sys/types.h>

namespace launch {

// `dir` and everything below it given to uid:gid. False with errno.
bool chown_tree(int dir, uid_t uid, gid_t gid);

// What is in the directory `from` copied into the directory `to`:
// directories, regular files and symlinks, with modes, owners (where the
// user namespace maps them) and times; device nodes, FIFOs and sockets
// left out. False with errno.
bool copy_tree(int from, int to);

}  // namespace launch
