// SPDX-License-Identifier: GPL-2.0-or-later
// image/blobs.h: every stored image keeps its layers as blobs in the
// store's cache, named by a manifest.json of its own (pulled images keep
// the registry's; imported, loaded and committed ones get an OCI manifest
// written here), so that save and push send exactly the layers the
// config's diff ids name.
#pragma once

#include <string>
#include <vector>

#include "image/image_store.h"
#include "image/manifest.h"

namespace image {

// Copies what `fd` reads (from its offset) into the cache under its
// digest, through a file in `staging`; the descriptor's media type says
// how it is compressed (gzip, zstd or none, from its first bytes).
Descriptor cache_blob(const ImageStore& store, int fd, const std::string& staging, const std::string& what);

// An OCI image manifest for `config_json` and `layers`.
std::string oci_manifest_json(const std::string& config_json, const std::vector<Descriptor>& layers);

// The image's manifest (throws, naming the image, for one stored before
// warren kept layers: "pull or load it again").
Manifest stored_manifest(const ImageStore& store, const ImageRecord& img, std::string* json = nullptr);

}  // namespace image
