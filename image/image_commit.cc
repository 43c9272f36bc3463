// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_commit.cc: the parent's layers applied again into a new
// root, the new layer on top, and the config that names them all.
#include "image/image_commit.h"

#include <fcntl.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/scope.h"
#include "image/blobs.h"
#include "image/image_config.h"
#include "image/layer.h"

namespace image {

namespace {

LayerInfo apply_blob(const ImageStore& store, const std::string& digest, const std::string& rootfs) {
  base::UniqueFd fd{::open((store.blob_dir() + "/" + digest.substr(7)).c_str(), O_RDONLY | O_CLOEXEC)};
  if (!fd) throw base::sys_error(errno, "open blob {}", digest);
  return apply_layer(fd.get(), "layer " + digest, rootfs, store.owners());
}

}  // namespace

std::string commit_image(ImageStore& store, const std::string& parent_id, int layer_fd, const CommitOptions& o) {
  ImageRecord parent = store.get(parent_id);
  Manifest m = stored_manifest(store, parent);
  ImageConfig cfg = store.config(parent.id);
  std::string staging = store.staging_dir();
  auto undo = base::on_failure([&] { base::remove_tree(staging); });
  base::ensure_dir(staging + "/rootfs", 0755);
  NewImage img;
  for (size_t i = 0; i < m.layers.size(); ++i) {
    LayerInfo info = apply_blob(store, m.layers[i].digest, staging + "/rootfs");
    if (i < cfg.diff_ids.size() && info.diff_id != cfg.diff_ids[i]) {
      throw base::error("image {}: layer {} unpacks to {}, not {}", parent.id.substr(0, 12), m.layers[i].digest, info.diff_id,
                        cfg.diff_ids[i]);
    }
    img.layer_sizes.push_back(info.size);
  }
  Descriptor blob = cache_blob(store, layer_fd, staging, "the container's changes");
  auto drop = base::on_failure([&] { store.drop_blobs({blob.digest.substr(7)}); });
  LayerInfo top = apply_blob(store, blob.digest, staging + "/rootfs");
  img.layer_sizes.push_back(top.size);
  std::vector<Descriptor> layers = m.layers;
  layers.push_back(blob);
  cfg.created = base::rfc3339_now();
  if (!o.author.empty()) cfg.author = o.author;
  cfg.diff_ids.push_back(top.diff_id);
  cfg.history.push_back({cfg.created, "", o.message, false});
  for (const auto& c : o.changes) apply_change(cfg, c);
  img.config_json = config_json(cfg);
  img.created = cfg.created;
  for (auto n : img.layer_sizes) img.size += n;
  if (o.name) img.names.push_back(o.name->str());
  img.manifest_json = oci_manifest_json(img.config_json, layers);
  std::string id = store.commit(staging, img);
  undo.dismiss();
  drop.dismiss();
  return id;
}

}  // namespace image
