// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_save.cc: the three layouts, from the stored manifests and
// the blob cache.
#include "image/image_save.h"

#include <fcntl.h>
#include <unistd.h>

#include "base/digest.h"
#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/json.h"
#include "image/blobs.h"
#include "image/image_config.h"
#include "image/layer.h"
#include "image/tar_writer.h"

namespace image {

namespace {

namespace json = base::json;

base::UniqueFd open_blob(const ImageStore& store, const std::string& digest) {
  base::UniqueFd fd{::open((store.blob_dir() + "/" + digest.substr(7)).c_str(), O_RDONLY | O_CLOEXEC)};
  if (!fd) throw base::sys_error(errno, "open blob {}", digest);
  return fd;
}

// Copies a cached blob out, in pieces.
void copy_blob(const ImageStore& store, const std::string& digest, const std::function<void(std::string_view)>& put) {
  base::UniqueFd fd = open_blob(store, digest);
  base::read_chunks(fd.get(), "blob " + digest, put);
}

// A layer's uncompressed size: kept since layer sizes are, else counted.
uint64_t plain_size(const ImageStore& store, const ImageRecord& img, size_t i, const std::string& digest) {
  if (i < img.layer_sizes.size()) return img.layer_sizes[i];
  uint64_t n = 0;
  base::UniqueFd fd = open_blob(store, digest);
  decompress_layer(fd.get(), "layer " + digest, [&](std::string_view d) { n += d.size(); });
  return n;
}

void docker_archive(const ImageStore& store, const std::vector<SaveItem>& items, int out,
                    const std::function<void(const std::string&)>& observe) {
  TarOut tar(out, "docker-archive");
  json::Value manifest(rapidjson::kArrayType);
  json::Document doc;
  auto& a = doc.GetAllocator();
  std::vector<std::string> written;
  for (const auto& it : items) {
    Manifest m = stored_manifest(store, it.img);
    ImageConfig cfg = store.config(it.img.id);
    if (cfg.diff_ids.size() != m.layers.size()) throw base::error("image {}: its config and manifest disagree", it.img.id);
    json::Value layers(rapidjson::kArrayType);
    for (size_t i = 0; i < m.layers.size(); ++i) {
      std::string name = cfg.diff_ids[i].substr(7) + ".tar";
      layers.PushBack(json::Value(name.c_str(), a), a);
      if (std::find(written.begin(), written.end(), name) != written.end()) continue;
      written.push_back(name);
      observe("Copying blob " + cfg.diff_ids[i]);
      const std::string& digest = m.layers[i].digest;
      tar.file(name, plain_size(store, it.img, i, digest), [&](const auto& put) {
        base::UniqueFd fd = open_blob(store, digest);
        std::string diff_id = decompress_layer(fd.get(), "layer " + digest, put);
        if (diff_id != cfg.diff_ids[i]) throw base::error("layer {}: unpacks to {}, not {}", digest, diff_id, cfg.diff_ids[i]);
      });
    }
    observe("Copying config sha256:" + it.img.id);
    std::string config_name = it.img.id + ".json";
    if (std::find(written.begin(), written.end(), config_name) == written.end()) {
      tar.file(config_name, *base::read_file(store.image_dir(it.img.id) + "/config.json"));
      written.push_back(config_name);
    }
    json::Value entry(rapidjson::kObjectType), tags(rapidjson::kArrayType);
    for (const auto& n : it.names) tags.PushBack(json::Value(n.c_str(), a), a);
    entry.AddMember("Config", json::Value(config_name.c_str(), a), a);
    entry.AddMember("RepoTags", tags, a);
    entry.AddMember("Layers", layers, a);
    manifest.PushBack(entry, a);
  }
  observe("Writing manifest to image destination");
  tar.file("manifest.json", json::dump(manifest));
  tar.close();
}

// OCI: the layers as stored, an OCI manifest per image, index.json.
void oci_layout(const ImageStore& store, const std::vector<SaveItem>& items, TarOut* tar, const std::string& dir,
                const std::function<void(const std::string&)>& observe) {
  auto put_file = [&](const std::string& path, std::string_view content) {
    if (tar) return tar->file(path, content);
    base::write_file_atomic(dir + "/" + path, content, 0644);
  };
  auto put_blob = [&](const std::string& digest, uint64_t size) {
    std::string path = "blobs/sha256/" + digest.substr(7);
    if (tar) return tar->file(path, size, [&](const auto& put) { copy_blob(store, digest, put); });
    base::UniqueFd out{::open((dir + "/" + path).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
    if (!out) throw base::sys_error(errno, "create {}/{}", dir, path);
    copy_blob(store, digest, [&](std::string_view d) {
      if (!base::write_all(out.get(), d)) throw base::sys_error(errno, "write {}/{}", dir, path);
    });
  };
  if (tar) {
    tar->dir("blobs/");
    tar->dir("blobs/sha256/");
  } else {
    base::ensure_dir(dir + "/blobs/sha256", 0755);
  }
  json::Document doc;
  auto& a = doc.GetAllocator();
  json::Value manifests(rapidjson::kArrayType);
  std::vector<std::string> written;
  for (const auto& it : items) {
    Manifest m = stored_manifest(store, it.img);
    std::vector<Descriptor> layers;
    for (const auto& l : m.layers) {
      Descriptor d = l;
      // Docker's media types, as OCI names them.
      if (d.media_type.starts_with("application/vnd.docker.image.rootfs")) d.media_type = "application/vnd.oci.image.layer.v1.tar+gzip";
      layers.push_back(d);
      if (std::find(written.begin(), written.end(), d.digest) != written.end()) continue;
      written.push_back(d.digest);
      observe("Copying blob " + d.digest);
      put_blob(d.digest, static_cast<uint64_t>(d.size));
    }
    std::string config = *base::read_file(store.image_dir(it.img.id) + "/config.json");
    observe("Copying config sha256:" + it.img.id);
    if (std::find(written.begin(), written.end(), "sha256:" + it.img.id) == written.end()) {
      put_file("blobs/sha256/" + it.img.id, config);
      written.push_back("sha256:" + it.img.id);
    }
    std::string man = oci_manifest_json(config, layers);
    std::string man_digest = "sha256:" + base::sha256_hex(man);
    put_file("blobs/sha256/" + man_digest.substr(7), man);
    std::vector<std::string> names = it.names.empty() ? std::vector<std::string>{""} : it.names;
    for (const auto& n : names) {
      json::Value e(rapidjson::kObjectType);
      e.AddMember("mediaType", json::Value(kOciManifest, a), a);
      e.AddMember("digest", json::Value(man_digest.c_str(), a), a);
      e.AddMember("size", static_cast<int64_t>(man.size()), a);
      if (!n.empty()) {
        json::Value ann(rapidjson::kObjectType);
        ann.AddMember("org.opencontainers.image.ref.name", json::Value(n.c_str(), a), a);
        e.AddMember("annotations", ann, a);
      }
      manifests.PushBack(e, a);
    }
  }
  observe("Writing manifest to image destination");
  json::Value index(rapidjson::kObjectType);
  index.AddMember("schemaVersion", 2, a);
  index.AddMember("manifests", manifests, a);
  put_file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
  put_file("index.json", json::dump(index));
  if (tar) tar->close();
}

}  // namespace

void save_images(const ImageStore& store, const std::vector<SaveItem>& items, SaveFormat format, int out_fd,
                 const std::string& dir, const std::function<void(const std::string&)>& observe) {
  switch (format) {
    case SaveFormat::docker_archive:
      docker_archive(store, items, out_fd, observe);
      break;
    case SaveFormat::oci_archive: {
      TarOut tar(out_fd, "oci-archive");
      oci_layout(store, items, &tar, "", observe);
      break;
    }
    case SaveFormat::oci_dir:
      base::ensure_dir(dir, 0755);
      oci_layout(store, items, nullptr, dir, observe);
      break;
  }
}

}  // namespace image
