// SPDX-License-Identifier: GPL-2.0-or-later
// image/blobs.cc: blobs into the cache, hashed as they are copied, and
// the manifests that name them.
#include "image/blobs.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstring>

#include "base/digest.h"
#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/json.h"
#include "base/scope.h"

namespace image {

Descriptor cache_blob(const ImageStore& store, int fd, const std::string& staging, const std::string& what) {
  base::ensure_dir(store.blob_dir(), 0700);
  std::string tmp = staging + "/blob-XXXXXX";
  base::UniqueFd out{::mkstemp(tmp.data())};
  if (!out) throw base::sys_error(errno, "create a file in {}", staging);
  auto rm = base::defer([&] { ::unlink(tmp.c_str()); });
  base::Sha256 hash;
  Descriptor d;
  unsigned char head[4] = {};
  size_t head_len = 0;
  base::read_chunks(fd, what, [&](std::string_view data) {
    for (size_t i = 0; i < data.size() && head_len < sizeof head; ++i) head[head_len++] = static_cast<unsigned char>(data[i]);
    hash.update(data);
    if (!base::write_all(out.get(), data)) throw base::sys_error(errno, "write a copy of {}", what);
    d.size += static_cast<int64_t>(data.size());
  });
  d.digest = "sha256:" + hash.hex();
  d.media_type = "application/vnd.oci.image.layer.v1.tar";
  if (head_len >= 2 && head[0] == 0x1f && head[1] == 0x8b) d.media_type += "+gzip";
  if (head_len == 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd) d.media_type += "+zstd";
  if (::rename(tmp.c_str(), (store.blob_dir() + "/" + d.digest.substr(7)).c_str()) < 0) {
    throw base::sys_error(errno, "store blob {}", d.digest);
  }
  rm.dismiss();
  return d;
}

std::string oci_manifest_json(const std::string& config_json, const std::vector<Descriptor>& layers) {
  base::json::Object m;
  m.add("schemaVersion", 2).add("mediaType", kOciManifest);
  base::json::Object config;
  config.add("mediaType", "application/vnd.oci.image.config.v1+json")
      .add("digest", "sha256:" + base::sha256_hex(config_json))
      .add("size", static_cast<int64_t>(config_json.size()));
  m.add("config", config);
  base::json::Value list(rapidjson::kArrayType);
  for (const auto& l : layers) {
    base::json::Object e;
    e.add("mediaType", l.media_type).add("digest", l.digest).add("size", l.size);
    list.PushBack(base::json::Value(e.value(), m.alloc()), m.alloc());
  }
  m.add("layers", list);
  return base::json::dump(m.value());
}

Manifest stored_manifest(const ImageStore& store, const ImageRecord& img, std::string* json) {
  auto text = base::read_file(store.image_dir(img.id) + "/manifest.json");
  if (!text) {
    throw base::error("image {} was stored by a warren that did not keep its layers: pull or load it again", img.id.substr(0, 12));
  }
  Manifest m = parse_manifest(*text, "", "manifest of image " + img.id);
  if (m.is_index) throw base::error("manifest of image {} is a list", img.id);
  for (const auto& l : m.layers) {
    if (::access((store.blob_dir() + "/" + l.digest.substr(7)).c_str(), F_OK) < 0) {
      throw base::error("image {}: layer {} is missing from the store", img.id.substr(0, 12), l.digest);
    }
  }
  if (json) *json = *text;
  return m;
}

}  // namespace image
