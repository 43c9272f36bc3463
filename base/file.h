// SPDX-License-Identifier: GPL-2.0-or-later
// base/file.h: files as warren's state needs them: atomic replacement
// (write, fsync, rename, fsync the directory), whole-file reads, mkdir -p,
// and advisory locks that are released by closing.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <string_view>

#include "base/fd.h"

namespace base {

// Replace `path` with `content` so that a reader sees the old file or the
// new one, never a part; a crash leaves at most a stray temp file.
// `durable` adds fsync of the file and its directory, so the new content
// also survives a machine crash; state that dies with the machine's
// namespaces anyway (IPAM leases, CNI result caches) can skip the cost.
void write_file_atomic(const std::string& path, std::string_view content, mode_t mode = 0644,
                       bool durable = true);

// What write_file_atomic(..., false) wrote made durable later: fsync of
// the file and of its directory. False when either failed.
bool make_durable(const std::string& path);

// Rewrite `path` in place (made with `mode` if missing): for small files
// whose readers take the same lock as the writer, so never see a part. No
// fsync, and no temp file: on ext4 a rename over a file, or a truncation
// to nothing, starts writeback of the new data at once (~0.3 ms each time).
void overwrite_file(const std::string& path, std::string_view content, mode_t mode = 0644);

// All of `data` to `fd`, through short writes and EINTR; false (errno
// set) on failure.
bool write_all(int fd, std::string_view data);

// What `fd` reads from its offset to its end, in pieces, through EINTR;
// `what` names it in errors.
void read_chunks(int fd, const std::string& what, const std::function<void(std::string_view)>& chunk);

// The whole file, or nullopt when it does not exist. Other failures throw.
std::optional<std::string> read_file(const std::string& path);

// mkdir -p with `mode` for the directories it creates.
void ensure_dir(const std::string& path, mode_t mode = 0755);

// The names in a directory (not . and ..); empty when it cannot be read.
std::vector<std::string> list_dir(const std::string& path);

// Remove a file; absent counts as success.
void remove_file(const std::string& path);

// Removes a directory tree (or a file), never following symlinks; absent is fine.
void remove_tree(const std::string& path);
// Gives the caller read, write and search on the directories under `path`
// (itself included) that `owner`, the caller's uid, owns but the caller
// may not open, so that remove_tree as a regular user gets through them;
// never through a symlink, and others' directories are left as they are.
void open_owned_dirs(const std::string& path, uid_t owner);
// The bytes in the regular files under `path` (apparent sizes, as du -b;
// symlinks not followed, unreadable parts counted as empty).
uint64_t tree_size(const std::string& path);

// Removes the temp files of write_file_atomic (NAME.tmp-PID-RAND) in `dir`
// whose writer is gone: a command killed mid-write leaves one, and whoever
// next holds the lock that guards the directory removes it.
void sweep_temp_files(const std::string& dir);

// An flock(2) on a lock file, created if needed, held until destruction.
class FileLock {
 public:
  enum class Mode { shared, exclusive };
  static FileLock acquire(const std::string& path, Mode mode = Mode::exclusive);
  // nullopt when another holder has it.
  static std::optional<FileLock> try_acquire(const std::string& path, Mode mode = Mode::exclusive);

  FileLock(FileLock&&) noexcept = default;
  FileLock& operator=(FileLock&&) noexcept = default;

  // The descriptor holding the lock: a child that inherits it holds the
  // lock too, until both have closed it (flock's locks belong to the open file).
  int fd() const { return fd_.get(); }

 private:
  explicit FileLock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

// The process's working directory.
std::string working_dir();

}  // namespace base
