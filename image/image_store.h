// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_store.h: images without a registry. Each image is a
// directory ROOT/images/ID holding its OCI config (whose SHA-256 is the
// id) and its flattened root filesystem; ROOT/images/images.json names
// them, written atomically under a lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "image/image_config.h"
#include "image/image_ref.h"

namespace image {

struct ImageRecord {
  std::string id;                  // 64 hex
  std::vector<std::string> names;  // normalised, domain/repository:tag
  std::string created;             // RFC 3339
  uint64_t size = 0;
  std::string digest;                     // the manifest's, when pulled
  std::vector<std::string> repo_digests;  // repository@digest, when pulled
  std::vector<uint64_t> layer_sizes;      // each layer's tar stream, in order (history)
};

// An image to store: its config (whose digest is its id) and, when it
// came from a registry, its manifest.
struct NewImage {
  std::string config_json;
  std::string created;
  uint64_t size = 0;
  std::vector<std::string> names;
  std::string manifest_json;  // kept as manifest.json: its blobs stay in the cache
  std::string digest;
  std::vector<std::string> repo_digests;
  std::vector<uint64_t> layer_sizes;
};

struct Removal {
  std::vector<std::string> untagged;
  std::optional<std::string> deleted;  // the id, when the image went
};

// The name of `r` that `text` means, as given or normalised either way;
// "" when `text` is NAME@DIGEST and `r` was pulled by it (a repository
// digest, never a name to untag); nullopt when it means none.
std::optional<std::string> matching_name(const ImageRecord& r, const std::string& text);

class ImageStore {
 public:
  // `owners`: files keep the owners their layers give them (as root; a
  // regular user cannot chown, and owns what it unpacks).
  ImageStore(const std::string& root, bool owners);

  std::vector<ImageRecord> list() const;
  // By name (as given or normalised), full id, or unique id prefix.
  std::optional<ImageRecord> find(const std::string& name_or_id) const;
  // find(), or the error "NAME: image not known".
  ImageRecord get(const std::string& name_or_id) const;

  // A tarball ("-": standard input) as one layer; returns the id.
  std::string import(const std::string& source, const std::optional<ImageRef>& name,
                     const std::vector<std::string>& changes, const std::string& message);
  // docker-archive or OCI archive; returns the names (or ids) loaded.
  std::vector<std::string> load(const std::string& archive);

  void tag(const std::string& name_or_id, const ImageRef& ref);
  // Drops `names` (all of them when empty) from the image; it stays, maybe
  // nameless. Throws "NAME: tag not known" for a name it does not have.
  void untag(const std::string& name_or_id, const std::vector<std::string>& names);
  // By name: untag, and delete when no name is left. By id: delete, which
  // needs `force` when the image has more than one name.
  Removal remove(const std::string& name_or_id, bool force);

  ImageConfig config(const std::string& id) const;
  std::string rootfs(const std::string& id) const { return dir_ + "/" + id + "/rootfs"; }
  std::string image_dir(const std::string& id) const { return dir_ + "/" + id; }

  // A new staging dir for an image being made (removed by the caller on
  // failure, by a later command if the maker died).
  std::string staging_dir() const;
  // Move `staging` (with rootfs/) in as `img`; returns its id. An image
  // already there keeps its files and gains the names.
  std::string commit(const std::string& staging, const NewImage& img);
  // The image pulled before as `repo_digest` (repository@digest) gains
  // `img`'s names and digests; nullopt when there is none.
  std::optional<std::string> add_names(const std::string& repo_digest, const NewImage& img);
  // The cache of blobs pulled (compressed layers, by digest): a layer two
  // images share is fetched once. Blobs no image's manifest names go when
  // images are removed.
  std::string blob_dir() const { return dir_ + "/blobs/sha256"; }
  bool owners() const { return owners_; }
  // Of `hexes` (blobs a failed pull fetched), those no stored manifest names go.
  void drop_blobs(const std::vector<std::string>& hexes) const;

 private:
  std::vector<ImageRecord> read_index() const;
  void write_index(const std::vector<ImageRecord>& v) const;
  // `img`'s names (taken from any other image) and digests onto image `id`.
  void record(std::vector<ImageRecord>& index, const std::string& id, const NewImage& img) const;
  // Under the lock: the cached blobs that no stored manifest names go
  // (of `only`, when given).
  void prune_blobs(const std::vector<ImageRecord>& index, const std::vector<std::string>* only = nullptr) const;
  // Removes the staging dirs whose makers are gone (a load or import that
  // was killed); those of running commands stay.
  void sweep_staging() const;

  std::string dir_;
  bool owners_;
};

}  // namespace image
