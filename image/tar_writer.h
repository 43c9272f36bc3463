// SPDX-License-Identifier: GPL-2.0-or-later
// image/tar_writer.h: a directory tree written as a tar stream (pax),
// read through directory fds and never following a symlink: what
// `volume export` writes (and `export` will).
#pragma once

#include <string>

namespace image {

// Everything under the directory `dir` (an fd), as "name", "dir/",
// "dir/name" entries (Podman's volume export's names), sorted:
// directories, regular files and symlinks with their modes, owners and
// times; device nodes, FIFOs and sockets are left out. `what` names the
// destination in errors.
void write_tree_tar(int dir, int out, const std::string& what);

}  // namespace image
