// SPDX-License-Identifier: GPL-2.0-or-later
// image/archive_manifest.h: what an archive's JSON says it holds: a
// docker-archive's manifest.json, an OCI layout's index.json and image
// manifests. Every field is read through checked accessors; a path that
// would leave the archive, or a digest warren cannot check, is refused.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace image {

// A file of the archive: its path inside it and, for a blob, its digest.
struct Member {
  std::string path;
  std::string digest;  // "sha256:" and 64 hex digits, or empty: not a blob
};

// One image an archive holds, before its files are read.
struct ArchiveImage {
  Member config;
  std::vector<Member> layers;  // in order
  std::vector<std::string> names;
};

// manifest.json: a list of {Config, Layers, RepoTags}.
std::vector<ArchiveImage> parse_docker_manifest(const std::string& json);

// index.json: its manifests' blobs, each with the name its annotations
// give (nullopt: none).
struct IndexEntry {
  Member manifest;
  std::optional<std::string> name;
};
std::vector<IndexEntry> parse_oci_index(const std::string& json);
// An OCI image manifest: its config and layers (blobs).
ArchiveImage parse_oci_manifest(const std::string& json, const std::string& what);

}  // namespace image
