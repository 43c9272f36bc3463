// SPDX-License-Identifier: GPL-2.0-or-later
// image/extract.h: a tar stream written into a root, entry by entry,
// inside it: every name is checked (no absolute paths, no `..`, hardlinks
// to inside the root only) and every file is made relative to a directory
// opened in the root (base/root_dir.h), so that a symlink an earlier entry
// made can never carry a later one, or a whiteout, out of it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <utility>
#include <string>

#include "base/root_dir.h"

struct archive;

namespace image {

struct ExtractOptions {
  bool whiteouts = true;  // .wh.NAME removes NAME below, .wh..wh..opq a dir's lower contents
  bool owners = false;    // files keep the tar's numeric owners (root only)
  bool devices = false;   // device nodes are made (root only); otherwise skipped
  // cp's: every name's first component replaced by `rename_top` (when
  // given) and the result put under the directory `under` in the root
  // (resolved in it); every entry owned by `owner` (when given);
  // `overwrite` false refuses to replace a directory with a non-directory
  // or the reverse.
  std::string rename_top, under;
  std::optional<std::pair<uid_t, gid_t>> owner;
  bool overwrite = true;
  const char* noun = "layer entry";  // an entry, in errors
};

// A layer entry's name made relative and checked: "./a/b" is "a/b"; an
// absolute name or one with a `..` component is refused, naming it.
std::string entry_name(const std::string& raw);

// Extracts every entry `in` (a libarchive reader of a tar) has onto
// `root`; `what` names the stream in errors. Returns the content bytes.
uint64_t extract_tar(archive* in, const base::RootDir& root, const ExtractOptions& options, const std::string& what);

}  // namespace image
