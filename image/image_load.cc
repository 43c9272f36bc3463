// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_load.cc: `load`: docker-archive (manifest.json with
// Config, RepoTags, Layers) and OCI image layouts (index.json, manifests
// and blobs under blobs/sha256), as `docker save` and `podman save` write
// them; members read inside the archive, regular files only, and every
// blob checked against its digest; layers applied in order, whiteouts
// included.
#include <fcntl.h>
#include <unistd.h>

#include <optional>

#include "base/digest.h"
#include "base/fd.h"
#include "base/error.h"
#include "base/root_dir.h"
#include "base/file.h"
#include "base/log.h"
#include "base/scope.h"
#include "image/archive_manifest.h"
#include "image/image_store.h"
#include "image/blobs.h"
#include "image/layer.h"

namespace image {

namespace {

// What a manifest or a config may weigh (containers/image takes 4 MiB).
constexpr size_t kMaxJson = 4 << 20;

// A member's bytes, regular files only; symlinks are followed inside the
// archive, never out of it.
std::string read_member(const base::RootDir& root, const Member& m, const std::string& what) {
  auto text = root.read_regular(m.path, kMaxJson);
  if (!text) throw base::error("{} is missing", what);
  if (!m.digest.empty() && base::sha256_hex(*text) != m.digest.substr(7)) {
    throw base::error("{}: Digest did not match, expected {}, got sha256:{}", what, m.digest, base::sha256_hex(*text));
  }
  return *text;
}

std::vector<ArchiveImage> docker_archive(const base::RootDir& root) {
  return parse_docker_manifest(read_member(root, {"manifest.json", ""}, "manifest.json"));
}

std::vector<ArchiveImage> oci_layout(const base::RootDir& root) {
  std::vector<ArchiveImage> out;
  for (const auto& entry : parse_oci_index(read_member(root, {"index.json", ""}, "index.json"))) {
    std::string what = "manifest " + entry.manifest.digest;
    ArchiveImage p = parse_oci_manifest(read_member(root, entry.manifest, what), what);
    if (entry.name) p.names.push_back(*entry.name);
    out.push_back(p);
  }
  return out;
}

// Applies the image's layers onto `rootfs`, each checked against its
// digest (an OCI blob's) and against the config's diff_ids, so that the
// image id (the config's digest) stands for exactly this content.
struct Applied {
  std::vector<uint64_t> sizes;
  std::vector<Descriptor> blobs;  // kept in the cache, for save and push
};

// Applies the image's layers onto `rootfs`, each checked against its
// digest (an OCI blob's) and against the config's diff_ids, so that the
// image id (the config's digest) stands for exactly this content. Each
// layer is first copied into the blob cache (hashed on the way), and
// applied from there.
Applied apply_layers(const ImageStore& store, const base::RootDir& root, const ArchiveImage& p, const ImageConfig& cfg,
                     const std::string& staging) {
  if (cfg.diff_ids.size() != p.layers.size()) {
    throw base::error("the image config lists {} layers, its manifest {}", cfg.diff_ids.size(), p.layers.size());
  }
  Applied out;
  auto undo = base::on_failure([&] {
    std::vector<std::string> hexes;
    for (const auto& b : out.blobs) hexes.push_back(b.digest.substr(7));
    store.drop_blobs(hexes);
  });
  for (size_t i = 0; i < p.layers.size(); ++i) {
    const Member& l = p.layers[i];
    const std::string what = "layer " + l.path;
    auto fd = root.open_regular(l.path);
    if (!fd) throw base::error("{} is missing", what);
    Descriptor blob = cache_blob(store, fd->get(), staging, what);
    out.blobs.push_back(blob);
    if (!l.digest.empty() && blob.digest != l.digest) {
      throw base::error("{}: Digest did not match, expected {}, got {}", what, l.digest, blob.digest);
    }
    base::UniqueFd cached{::open((store.blob_dir() + "/" + blob.digest.substr(7)).c_str(), O_RDONLY | O_CLOEXEC)};
    if (!cached) throw base::sys_error(errno, "open blob {}", blob.digest);
    LayerInfo info = apply_layer(cached.get(), what, staging + "/rootfs", store.owners());
    if (info.diff_id != cfg.diff_ids[i]) {
      throw base::error("{}: Digest did not match, expected {}, got {}", what, cfg.diff_ids[i], info.diff_id);
    }
    out.sizes.push_back(info.size);
  }
  undo.dismiss();
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
  base::RootDir root(unpacked);
  std::vector<ArchiveImage> images;
  if (root.exists("manifest.json")) images = docker_archive(root);
  else if (root.exists("index.json")) images = oci_layout(root);
  else throw base::error("payload does not match any of the supported image formats (oci-archive, docker-archive): {}", archive);
  std::vector<std::string> loaded;
  for (const auto& p : images) {
    std::string json = read_member(root, p.config, "image config " + p.config.path);
    ImageConfig cfg = parse_config_json(json);
    std::string staging = staging_dir();
    auto undo = base::on_failure([&] { base::remove_tree(staging); });
    base::ensure_dir(staging + "/rootfs", 0755);
    NewImage img{.config_json = json, .created = cfg.created, .names = p.names};
    Applied applied = apply_layers(*this, root, p, cfg, staging);
    img.layer_sizes = applied.sizes;
    for (auto n : img.layer_sizes) img.size += n;
    img.manifest_json = oci_manifest_json(json, applied.blobs);
    std::string id = commit(staging, img);
    undo.dismiss();
    if (p.names.empty()) loaded.push_back("sha256:" + id);
    for (const auto& n : p.names) loaded.push_back(n);
  }
  return loaded;
}

}  // namespace image
