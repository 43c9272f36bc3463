// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_save.h: images out of the store, as `podman save` writes
// them: a docker-archive (manifest.json, CONFIG.json, uncompressed
// DIFFID.tar layers; several images in one with -m), an OCI archive or an
// OCI layout directory (index.json naming each image, the layers as
// stored). Every layer is checked against its diff id as it is written.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "image/image_store.h"

namespace image {

enum class SaveFormat { docker_archive, oci_archive, oci_dir };

struct SaveItem {
  ImageRecord img;
  std::vector<std::string> names;  // RepoTags, or the index's ref.name
};

// `observe` gets "Copying blob sha256:...", "Copying config ..." lines.
// `out_fd`: the archive; `dir`: an oci-dir's directory.
void save_images(const ImageStore& store, const std::vector<SaveItem>& items, SaveFormat format, int out_fd,
                 const std::string& dir, const std::function<void(const std::string&)>& observe);

}  // namespace image
