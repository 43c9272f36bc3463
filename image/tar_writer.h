// SPDX-License-Identifier: GPL-2.0-or-later
// image/tar_writer.h: a directory tree written as a tar stream (pax),
// read through directory fds and never following a symlink: what
// `volume export` writes (and `export` will).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "image/vfs_tree.h"

struct archive;

namespace image {

// A tar stream written entry by entry (save's archives): regular files of
// a size given first, their bytes handed over in pieces.
class TarOut {
 public:
  TarOut(int fd, std::string what);
  ~TarOut();
  TarOut(const TarOut&) = delete;
  TarOut& operator=(const TarOut&) = delete;
  void dir(const std::string& path);
  // `fill` must hand exactly `size` bytes to the writer it is given.
  void file(const std::string& path, uint64_t size, const std::function<void(const std::function<void(std::string_view)>&)>& fill);
  void file(const std::string& path, std::string_view content);
  void close();
  archive* handle() const { return a_; }  // for this file's tree walker

 private:
  void header(const std::string& path, unsigned type, uint64_t size, unsigned mode);
  archive* a_;
  std::string what_;
  bool closed_ = false;
};

// A file's owners as found, turned into those a stream is to show.
using TarOwners = std::function<void(uint32_t& uid, uint32_t& gid)>;

// Everything under the directory `dir` (an fd), as "name", "dir/",
// "dir/name" entries (Podman's volume export's names), sorted:
// directories, regular files and symlinks with their modes, owners and
// times; device nodes, FIFOs and sockets are left out. `what` names the
// destination in errors.
void write_tree_tar(int dir, int out, const std::string& what);

// An open regular file or directory (O_RDONLY) as a stream whose top
// entry is `as`: a file, or a directory and its tree, whose symlinks are
// never followed. A directory with `as` empty: its contents alone (cp's
// "DIR/."). Anything else is refused.
void write_open_tar(int fd, const std::string& as, int out, const std::string& what);

// A container's overlay: with `lower` (an fd), the merged view (export:
// the upper's files over the lower's, whiteouts and opaque dirs hiding
// what they hide); with lower = -1, the upper dir alone as an image layer
// (commit: a whiteout becomes `.wh.NAME`, an opaque dir gets
// `.wh..wh..opq`). Device nodes other than whiteouts, FIFOs and sockets
// are left out.
// `owners` (if given) turns the owners of the upper's files into the
// image's: a container in root's user namespace of its own wrote them as
// the host ids its ids map to.
void write_overlay_tar(int upper, int lower, int out, const std::string& what, const TarOwners& owners = {});

// A vfs container's changes (tree_changes of its copy `root`) as an image
// layer, in path order: what was added or changed as it is now (a
// directory without what is under it), a deletion as `.wh.NAME`.
void write_changes_tar(int root, const std::vector<TreeChange>& changes, int out, const std::string& what,
                       const TarOwners& owners = {});

}  // namespace image
