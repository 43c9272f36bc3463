// SPDX-License-Identifier: GPL-2.0-or-later
// image/push.h: an image from the store to a registry: the layers the
// registry lacks (from the blob cache), the config, then the manifest
// (the one the image was pulled with, unchanged, so its digest stays; an
// OCI one for images made here).
#pragma once

#include <string>

#include "image/image_store.h"
#include "image/pull.h"

namespace image {

// Returns the pushed manifest's digest. `o.observe` gets the pull's events.
std::string push(const ImageStore& store, const ImageRecord& img, const ImageRef& dest, const PullOptions& o);

}  // namespace image
