// SPDX-License-Identifier: GPL-2.0-or-later
// image/layer.h: image layers. A layer is a tarball (plain, gzip, xz or
// zstd, as libarchive reads them) applied onto a root filesystem in
// order, its whiteouts removing what lower layers put there. Every entry
// is made inside the root (image/extract.h): an entry that would leave it
// is refused, naming it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "image/extract.h"

namespace image {

struct LayerInfo {
  std::string diff_id;  // "sha256:" of the uncompressed tar stream
  uint64_t size = 0;    // bytes of the uncompressed tar stream
};

// Apply the layer read from `fd` (`what` names it in errors) onto `root`.
// `owners`: files keep the layer's owners and device nodes are made (as
// root); otherwise the caller owns everything and device nodes are skipped.
// `max_size` bounds the uncompressed stream (0: only the disk does).
// The layer is decompressed, hashed and extracted in one pass.
LayerInfo apply_layer(int fd, const std::string& what, const std::string& root, bool owners, uint64_t max_size = 0);

// Unpack an archive (a docker-archive or OCI layout tarball, a volume's
// content; "-": standard input) into `dir`, inside it. `owners`: files
// keep the archive's owners (as root).
void unpack_archive(const std::string& path, const std::string& dir, bool owners = false);

// A tar stream (plain or compressed) read from `fd` into `root`, as
// `options` say (cp's).
void extract_stream(int fd, const std::string& what, const base::RootDir& root, const ExtractOptions& options);

// The layer read from `fd` decompressed (gzip, zstd or plain), in pieces,
// to `sink`; returns its diff id.
std::string decompress_layer(int fd, const std::string& what, const std::function<void(std::string_view)>& sink);

// The SHA-256 of what `fd` reads from its start, as "sha256:HEX"; the
// offset is back at the start after.
std::string digest_of(int fd, const std::string& what);

}  // namespace image
