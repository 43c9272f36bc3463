// SPDX-License-Identifier: GPL-2.0-or-later
// store/volume_store.h: named and anonymous volumes. ROOT/volumes/NAME
// holds the volume's data in _data (what a container mounts, Podman's
// Mountpoint) and its record in volume.json; every change to the set of
// volumes or a record happens under ROOT/volumes/.lock. Whether a volume
// is in use is read from the containers' records, never counted here.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/file.h"

namespace store {

struct VolumeRecord {
  std::string name;
  std::string driver = "local";
  std::string created;  // RFC 3339, nanoseconds
  std::vector<std::pair<std::string, std::string>> labels, options;  // --label, -o
  bool anonymous = false;
  // Filled with the image's content at the mount point on first use
  // (while its data dir is empty), then never again.
  bool needs_copy_up = true;
  bool needs_chown = true;
};

// volume create -o o=bind (or rbind): the device, a host dir, is what
// the volume holds; bound where the volume is mounted, with no mount of
// its own on the host. Empty for other volumes.
std::string bind_device(const VolumeRecord& v);

class VolumeStore {
 public:
  // `remove_tree` takes a volume's data away (a regular user's is
  // rootless::tree_remover, which can remove what the containers' other
  // users own); by default base::remove_tree.
  using TreeRemover = std::function<void(const std::string&)>;
  explicit VolumeStore(const std::string& root, TreeRemover remove_tree = {});

  const std::string& dir() const { return dir_; }
  std::string mountpoint(const std::string& name) const { return dir_ + "/" + name + "/_data"; }
  // Where the volume's content is: its bind device, or its mountpoint.
  std::string content(const VolumeRecord& v) const {
    std::string device = bind_device(v);
    return device.empty() ? mountpoint(v.name) : device;
  }
  base::FileLock lock() const;

  // A new volume (a random 64-hex name when `v.name` is empty). Throws
  // Podman's "volume with name X already exists" if it does; the caller
  // holds lock().
  VolumeRecord create(VolumeRecord v) const;
  std::optional<VolumeRecord> find(const std::string& name) const;
  // Or "no volume with name "X" found: no such volume".
  VolumeRecord get(const std::string& name) const;
  std::vector<VolumeRecord> list() const;  // by name
  void save(const VolumeRecord& v) const;
  // The record and the data; the caller holds lock() and has checked use.
  void remove(const std::string& name) const;

 private:
  std::string record_path(const std::string& name) const { return dir_ + "/" + name + "/volume.json"; }
  std::string dir_;
  TreeRemover remove_tree_;
};

class ContainerStore;
struct Container;
struct ContainerConfig;

// The containers whose records mount each volume (by name), from one
// listing: the one count of use there is.
using VolumeUse = std::map<std::string, std::vector<Container>>;
VolumeUse volume_use(const ContainerStore& containers);
// The ids of the containers that mount volume `name`.
std::vector<std::string> volume_users(const ContainerStore& containers, const std::string& name);
// The anonymous volumes of a container that is gone (or going), but those
// another container mounts too (--volumes-from); under the volumes' lock.
void remove_anonymous_volumes(const VolumeStore& volumes, const ContainerStore& containers, const ContainerConfig& gone);

std::string volume_json(const VolumeRecord& v);
VolumeRecord parse_volume(const std::string& text);

}  // namespace store
