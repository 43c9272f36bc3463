// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_commit.h: a container's changes as a new image: the parent
// image's layers (from the blob cache) and one more, the container's
// upper dir as a layer (written by the caller: as a regular user that
// takes the containers' user namespace), with the config's changes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "image/image_ref.h"
#include "image/image_store.h"

namespace image {

struct CommitOptions {
  std::vector<std::string> changes;  // Dockerfile instructions, as import --change
  std::string message, author;
  std::optional<ImageRef> name;
};

// `layer_fd`: the changes as a tar (read from its offset). Returns the id.
std::string commit_image(ImageStore& store, const std::string& parent_id, int layer_fd, const CommitOptions& o);

}  // namespace image
