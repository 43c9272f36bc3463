// SPDX-License-Identifier: GPL-2.0-or-later
// base/root_dir.h: paths inside a root that somebody else filled (an
// image's layers, a container's upper dir or merged root). Every path is
// resolved inside the root by the kernel, with openat2(RESOLVE_IN_ROOT |
// RESOLVE_NO_MAGICLINKS): an absolute symlink, or `..`, ends at the root,
// never above it. Things are made and removed relative to a directory fd
// (mkdirat, openat O_NOFOLLOW, unlinkat), never through a joined string.
// docs/THREATS.md says what this guards.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/fd.h"

namespace base {

// The raw calls, free of allocation, for a cloned child before exec.
// open_in_root: openat2 of `rel` under `root` with `flags` (O_CLOEXEC
// added); -1 with errno on failure.
int open_in_root(int root, const char* rel, int flags, mode_t mode = 0);
// mkdir -p of `rel` under `root` (made with `mode`); an O_PATH fd of the
// directory, or -1 with errno. A component that exists and is not a
// directory (after resolving it in the root) is ENOTDIR. A dangling
// symlink on the way is ENOENT, or with `follow` (a mount point, as runc
// makes it) the directories it points at are made, inside the root.
int make_dirs_in_root(int root, const char* rel, mode_t mode, bool follow = false);

class RootDir {
 public:
  // `path` is warren's own (a staging dir, an image's rootfs): trusted.
  explicit RootDir(const std::string& path);
  // An O_PATH fd of a directory (a container's root, /proc/PID/root),
  // `path` naming it in errors.
  RootDir(UniqueFd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}

  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }

  // `rel` opened inside the root; nullopt when it (or a directory on the
  // way) does not exist. Other failures throw.
  std::optional<UniqueFd> open(const std::string& rel, int flags, mode_t mode = 0) const;
  // The directory `rel` names, made where missing.
  UniqueFd make_dirs(const std::string& rel, mode_t mode) const;

  // `rel`'s directory (made where missing when `create`; nullopt when
  // absent otherwise) and its last name, which is never "", "." or "..".
  struct Entry {
    UniqueFd dir;
    std::string name;
  };
  std::optional<Entry> parent(const std::string& rel, bool create, mode_t mode = 0755) const;

  // Whether `rel` exists (a dangling symlink counts).
  bool exists(const std::string& rel) const;

  // A regular file opened for reading (symlinks resolved in the root):
  // nullopt when absent; an error when it is anything else (a FIFO, a
  // device, a directory), which is never opened.
  std::optional<UniqueFd> open_regular(const std::string& rel) const;
  // A regular file's content (symlinks resolved in the root): nullopt when
  // absent; an error when it is anything but a regular file (a FIFO, a
  // device, a directory) or larger than `max`. Never opens anything else.
  std::optional<std::string> read_regular(const std::string& rel, size_t max) const;

 private:
  UniqueFd fd_;
  std::string path_;
};

// Removes `name` in `dir`, a file or a whole tree, never following a
// symlink; absent is fine.
void remove_at(int dir, const std::string& name);
// The names in the directory `dir` but . and .., in the order read (a new
// open of it, so another reader's offset is no matter); "read <what>" on
// failure.
std::vector<std::string> names_at(int dir, std::string_view what);
// Removes everything in `dir` except the names `keep` says to keep.
void clear_dir_at(int dir, const std::function<bool(const std::string&)>& keep = {});

}  // namespace base
