// SPDX-License-Identifier: GPL-2.0-or-later
// image/blob_fetch.h: an image manifest's blobs into the store. The
// config is fetched and checked first; the layers download several at a
// time into the blob cache (each hashed as it streams, kept only if its
// digest matches), while the layers that have arrived are applied in
// order onto the new image's root and their diff ids checked. A failure
// anywhere stops the downloads and leaves nothing but verified blobs.
#pragma once

#include <string>

#include "image/image_store.h"
#include "image/manifest.h"
#include "image/pull.h"
#include "image/registry.h"

namespace image {

// `img`: the names and digests to store the image under (its config,
// created and size are filled here). Returns the image id.
std::string fetch_image(ImageStore& store, Registry& reg, const Manifest& m, NewImage img, const PullOptions& o);

}  // namespace image
