// SPDX-License-Identifier: GPL-2.0-or-later
// base/copy_tree.h: a directory's content copied into another, relative
// to directory fds and never following a symlink (a symlink is copied as
// one): a volume's first fill from an image's content. Device nodes,
// FIFOs and sockets are left out; the depth is bounded.
#pragma once

namespace base {

// Copies what is in `from` into `to` (both directory fds): directories,
// regular files and symlinks, with their modes, times and, when
// `owners`, their owners. Throws with the path that failed.
void copy_tree_at(int from, int to, bool owners);

}  // namespace base
