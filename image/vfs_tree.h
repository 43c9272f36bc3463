// SPDX-License-Identifier: GPL-2.0-or-later
// image/vfs_tree.h: a container root of the vfs storage driver, where
// overlay cannot be used: the image's files copied whole (hard links,
// owners, modes, times, extended attributes and device nodes kept), and
// what the container changed found by comparing the copy with the image,
// as containers/storage's vfs driver does (archive.ChangesDirs). Both
// trees are walked through directory fds, never following a symlink.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/fd.h"

namespace image {

// Everything in the directory `from` copied into the empty directory
// `to`, and `to` given `from`'s mode, owner and times. Device nodes a
// user namespace may not make are left out. `what` names the copy in
// errors.
void copy_root(int from, int to, const std::string& what);

struct TreeChange {
  char kind;         // 'A' added, 'C' changed, 'D' deleted
  std::string path;  // "/etc/passwd"
};

// What `after` (the container's copy) changed against `before` (the
// image), in the order of a sorted walk: an added directory and then
// everything under it; a changed entry (type, mode, owner, device,
// modification time, a non-directory's size, file capabilities); a
// deleted name (not what was under it); and a directory whose content
// changed, before its changes.
std::vector<TreeChange> tree_changes(int before, int after, const std::string& what);

// The directory of `path` ("/a/b/c": "a/b", resolved inside `root`),
// invalid when missing, and its last name.
std::pair<base::UniqueFd, std::string> parent_in(int root, const std::string& path);

// The bytes of the regular files `changes` added or changed in `after`
// (hard links once), as containers/storage's ChangesSize counts them.
uint64_t changes_size(int after, const std::vector<TreeChange>& changes);

}  // namespace image
