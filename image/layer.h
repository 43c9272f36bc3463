// SPDX-License-Identifier: GPL-2.0-or-later
// image/layer.h: image layers. A layer is a tarball (plain, gzip, xz or
// zstd, as libarchive reads them) applied onto a root filesystem in
// order, its whiteouts removing what lower layers put there. Extraction
// refuses paths that leave the root (.., absolute paths, symlinks).
#pragma once

#include <cstdint>
#include <string>

namespace image {

struct LayerInfo {
  std::string diff_id;  // "sha256:" of the uncompressed tar stream
  uint64_t size = 0;    // bytes of the uncompressed tar stream
};

// Apply the layer at `path` ("-": standard input) onto `root`.
LayerInfo apply_layer(const std::string& path, const std::string& root, bool owners, const std::string& temp_dir);

// Unpack an archive (a docker-archive or OCI layout tarball) into `dir`
// as plain files, to read its manifest and blobs.
void unpack_archive(const std::string& path, const std::string& dir);

}  // namespace image
