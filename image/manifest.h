// SPDX-License-Identifier: GPL-2.0-or-later
// image/manifest.h: what a registry sends for a reference: an image
// manifest (Docker schema 2 or OCI) or a list of them per platform (a
// Docker manifest list or an OCI index), read through checked accessors.
// Schema 1 is refused; digests are checked for form before they become
// paths or URLs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace image {

inline constexpr const char* kDockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr const char* kDockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr const char* kOciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr const char* kOciIndex = "application/vnd.oci.image.index.v1+json";

// The Accept header of a manifest request: every kind warren reads.
const std::vector<std::string>& manifest_types();

struct Platform {
  std::string os = "linux";
  std::string architecture;  // Go's names: amd64, arm64, ...
  std::string variant;       // v7, v8, or empty
  std::string str() const { return os + "/" + architecture + (variant.empty() ? "" : "/" + variant); }
};

struct Descriptor {
  std::string media_type;
  std::string digest;  // sha256:64hex
  int64_t size = 0;
  Platform platform;   // in an index only
};

struct Manifest {
  bool is_index = false;
  std::string media_type;
  Descriptor config;                  // an image manifest's
  std::vector<Descriptor> layers;     // an image manifest's, in order
  std::vector<Descriptor> manifests;  // an index's
};

// `content_type`: the response's (the document's own mediaType decides
// when the registry sent none). `what` names it in errors.
Manifest parse_manifest(const std::string& text, const std::string& content_type, const std::string& what);

// The index's entry for `want`; an entry without a variant matches any
// wanted one. Throws "no image found in manifest list for architecture
// ARCH, variant V, OS linux" (Podman's words) when there is none.
const Descriptor& choose_platform(const Manifest& index, const Platform& want);

// Whether `d` is "sha256:" and 64 lowercase hex digits.
bool valid_digest(const std::string& d);

}  // namespace image
