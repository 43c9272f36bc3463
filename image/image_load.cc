// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_load.cc: `load`: docker-archive (manifest.json with
// Config, RepoTags, Layers) and OCI image layouts (index.json, manifests
// and blobs under blobs/sha256), as `docker save` and `podman save` write
// them; layers applied in order, whiteouts included.
#include <rapidjson/document.h>

#include <optional>

#include "base/error.h"
#include "base/json_fields.h"
#include "base/file.h"
#include "base/log.h"
#include "base/scope.h"
#include "image/image_store.h"
#include "image/layer.h"

namespace image {

namespace {

struct Pending {
  std::string config_path;
  std::vector<std::string> layers;  // paths, in order
  std::vector<std::string> names;
};

rapidjson::Document read_json(const std::string& path, const std::string& what) {
  auto text = base::read_file(path);
  if (!text) throw base::error("{} is missing", what);
  rapidjson::Document d;
  d.Parse(text->c_str());
  if (d.HasParseError()) throw base::error("{} is not valid JSON", what);
  return d;
}

std::string safe_path(const std::string& root, const std::string& rel) {
  if (rel.empty() || rel[0] == '/' || rel.find("..") != std::string::npos) {
    throw base::error("archive names a file outside itself: \"{}\"", rel);
  }
  return root + "/" + rel;
}

std::string blob(const std::string& root, const rapidjson::Value& descriptor, const std::string& what) {
  std::string d = base::require_string(descriptor, "digest", what);
  if (!d.starts_with("sha256:")) throw base::error("unsupported digest {}", d);
  return safe_path(root, "blobs/sha256/" + d.substr(7));
}

std::vector<Pending> docker_archive(const std::string& root) {
  auto m = read_json(root + "/manifest.json", "manifest.json");
  if (!m.IsArray()) throw base::error("manifest.json is not a list");
  std::vector<Pending> out;
  for (const auto& e : m.GetArray()) {
    const std::string what = "an image of manifest.json";
    Pending p;
    p.config_path = safe_path(root, base::require_string(e, "Config", what));
    for (const auto& l : base::require_strings(e, "Layers", what)) p.layers.push_back(safe_path(root, l));
    if (e.HasMember("RepoTags") && !e["RepoTags"].IsNull()) {
      for (const auto& t : base::require_strings(e, "RepoTags", what)) {
        p.names.push_back(parse_image_ref(t, DefaultDomain::docker_io).str());
      }
    }
    out.push_back(p);
  }
  return out;
}

// The image's name from an index entry's annotations, if it gives one.
std::optional<std::string> ref_name(const rapidjson::Value& desc) {
  if (!desc.HasMember("annotations") || !desc["annotations"].IsObject()) return std::nullopt;
  const auto& a = desc["annotations"];
  auto m = a.FindMember("org.opencontainers.image.ref.name");
  if (m == a.MemberEnd() || !m->value.IsString()) return std::nullopt;
  std::string ref = m->value.GetString();
  // A bare tag names nothing by itself; a full reference names the image.
  if (ref.find('/') == std::string::npos && ref.find(':') == std::string::npos) return std::nullopt;
  return parse_image_ref(ref, DefaultDomain::docker_io).str();
}

std::vector<Pending> oci_layout(const std::string& root) {
  auto index = read_json(root + "/index.json", "index.json");
  std::vector<Pending> out;
  for (const auto& desc : base::require_array(index, "manifests", "index.json")) {
    auto manifest = read_json(blob(root, desc, "an entry of index.json"), "an OCI manifest");
    Pending p;
    p.config_path = blob(root, base::require_member(manifest, "config", "an OCI manifest"), "an OCI manifest's config");
    for (const auto& l : base::require_array(manifest, "layers", "an OCI manifest")) {
      p.layers.push_back(blob(root, l, "an OCI manifest's layer"));
    }
    if (auto name = ref_name(desc)) p.names.push_back(*name);
    out.push_back(p);
  }
  return out;
}

}  // namespace

std::vector<std::string> ImageStore::load(const std::string& archive) {
  std::string unpacked = staging_dir();
  auto cleanup = base::defer([&] { base::remove_tree(unpacked); });
  try {
    unpack_archive(archive, unpacked);
  } catch (base::Error& e) {
    e.wrap("payload does not match any of the supported image formats (oci-archive, docker-archive): {}", archive);
    throw;
  }
  std::vector<Pending> images;
  if (base::read_file(unpacked + "/manifest.json")) images = docker_archive(unpacked);
  else if (base::read_file(unpacked + "/index.json")) images = oci_layout(unpacked);
  else throw base::error("payload does not match any of the supported image formats (oci-archive, docker-archive): {}", archive);
  std::vector<std::string> loaded;
  for (const auto& p : images) {
    std::string staging = staging_dir();
    auto undo = base::on_failure([&] { base::remove_tree(staging); });
    base::ensure_dir(staging + "/rootfs", 0755);
    uint64_t size = 0;
    for (const auto& layer : p.layers) size += apply_layer(layer, staging + "/rootfs", owners_, staging).size;
    auto json = base::read_file(p.config_path);
    if (!json) throw base::error("image config {} is missing from {}", p.config_path, archive);
    ImageConfig cfg = parse_config_json(*json);
    std::string id = commit(staging, *json, cfg.created, size, p.names);
    undo.dismiss();
    if (p.names.empty()) loaded.push_back("sha256:" + id);
    for (const auto& n : p.names) loaded.push_back(n);
  }
  return loaded;
}

}  // namespace image
