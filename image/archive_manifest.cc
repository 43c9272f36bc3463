// SPDX-License-Identifier: GPL-2.0-or-later
// image/archive_manifest.cc: manifests and indexes, checked.
#include "image/archive_manifest.h"

#include "base/error.h"
#include "base/json.h"
#include "image/image_ref.h"

namespace image {

namespace {

Member safe_path(const std::string& rel) {
  if (rel.empty() || rel[0] == '/' || rel.find("..") != std::string::npos) {
    throw base::error("archive names a file outside itself: \"{}\"", rel);
  }
  return {rel, ""};
}

Member blob(const base::json::Value& descriptor, const std::string& what) {
  std::string d = base::json::string(descriptor, "digest", what);
  if (!d.starts_with("sha256:") || d.size() != 71 || !looks_like_id(d.substr(7))) {
    throw base::error("unsupported digest {}", d);
  }
  return {"blobs/sha256/" + d.substr(7), d};
}

// The image's name from an index entry's annotations, if it gives one.
std::optional<std::string> ref_name(const base::json::Value& desc) {
  const base::json::Value* a = base::json::opt_object(desc, "annotations", "an entry of index.json");
  if (!a) return std::nullopt;
  auto name = base::json::opt_string(*a, "org.opencontainers.image.ref.name", "an entry of index.json");
  if (!name) return std::nullopt;
  const std::string& ref = *name;
  // A bare tag names nothing by itself; a full reference names the image.
  if (ref.find('/') == std::string::npos && ref.find(':') == std::string::npos) return std::nullopt;
  return parse_image_ref(ref, DefaultDomain::docker_io).str();
}

}  // namespace

std::vector<ArchiveImage> parse_docker_manifest(const std::string& json) {
  auto m = base::json::parse(json, "manifest.json");
  std::vector<ArchiveImage> out;
  for (const auto& e : base::json::list(m, "manifest.json")) {
    const std::string what = "an image of manifest.json";
    ArchiveImage p;
    p.config = safe_path(base::json::string(e, "Config", what));
    for (const auto& l : base::json::required_strings(e, "Layers", what)) p.layers.push_back(safe_path(l));
    for (const auto& t : base::json::strings(e, "RepoTags", what)) p.names.push_back(parse_image_ref(t, DefaultDomain::docker_io).str());
    out.push_back(p);
  }
  return out;
}

std::vector<IndexEntry> parse_oci_index(const std::string& json) {
  auto index = base::json::parse(json, "index.json");
  std::vector<IndexEntry> out;
  for (const auto& desc : base::json::array(index, "manifests", "index.json")) {
    Member m = blob(desc, "an entry of index.json");
    out.push_back({m, ref_name(desc)});
  }
  return out;
}

ArchiveImage parse_oci_manifest(const std::string& json, const std::string& what) {
  auto manifest = base::json::parse(json, what);
  ArchiveImage p;
  p.config = blob(base::json::member(manifest, "config", "an OCI manifest"), "an OCI manifest's config");
  for (const auto& l : base::json::array(manifest, "layers", "an OCI manifest")) {
    p.layers.push_back(blob(l, "an OCI manifest's layer"));
  }
  return p;
}

}  // namespace image
