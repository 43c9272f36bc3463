// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_load.cc: `load`: docker-archive (manifest.json with
// Config, RepoTags, Layers) and OCI image layouts (index.json, manifests
// and blobs under blobs/sha256), as `docker save` and `podman save` write
// them; layers applied in order, whiteouts included.
#include <rapidjson/document.h>

#include "base/error.h"
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

std::string blob(const std::string& root, const rapidjson::Value& descriptor) {
  if (!descriptor.IsObject() || !descriptor.HasMember("digest") || !descriptor["digest"].IsString()) {
    throw base::error("OCI descriptor without a digest");
  }
  std::string d = descriptor["digest"].GetString();
  if (!d.starts_with("sha256:")) throw base::error("unsupported digest {}", d);
  return safe_path(root, "blobs/sha256/" + d.substr(7));
}

std::vector<Pending> docker_archive(const std::string& root) {
  auto m = read_json(root + "/manifest.json", "manifest.json");
  if (!m.IsArray()) throw base::error("manifest.json is not a list");
  std::vector<Pending> out;
  for (const auto& e : m.GetArray()) {
    Pending p;
    p.config_path = safe_path(root, e["Config"].GetString());
    for (const auto& l : e["Layers"].GetArray()) p.layers.push_back(safe_path(root, l.GetString()));
    if (e.HasMember("RepoTags") && e["RepoTags"].IsArray()) {
      for (const auto& t : e["RepoTags"].GetArray()) p.names.push_back(parse_image_ref(t.GetString(), DefaultDomain::docker_io).str());
    }
    out.push_back(p);
  }
  return out;
}

std::vector<Pending> oci_layout(const std::string& root) {
  auto index = read_json(root + "/index.json", "index.json");
  std::vector<Pending> out;
  for (const auto& desc : index["manifests"].GetArray()) {
    auto manifest = read_json(blob(root, desc), "an OCI manifest");
    Pending p;
    p.config_path = blob(root, manifest["config"]);
    for (const auto& l : manifest["layers"].GetArray()) p.layers.push_back(blob(root, l));
    if (desc.HasMember("annotations") && desc["annotations"].HasMember("org.opencontainers.image.ref.name")) {
      std::string ref = desc["annotations"]["org.opencontainers.image.ref.name"].GetString();
      // A bare tag names nothing by itself; a full reference names the image.
      if (ref.find('/') != std::string::npos || ref.find(':') != std::string::npos) {
        p.names.push_back(parse_image_ref(ref, DefaultDomain::docker_io).str());
      }
    }
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
    throw e.wrap("payload does not match any of the supported image formats (oci-archive, docker-archive): {}", archive);
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
    for (const auto& layer : p.layers) size += apply_layer(layer, staging + "/rootfs", owners_).size;
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
