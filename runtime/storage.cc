// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/storage.cc: the overlay and vfs storage drivers' container roots.
#include "runtime/storage.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "launch/credentials.h"
#include "image/tar_writer.h"
#include "rootless/id_mapping.h"
#include "rootless/mapped_root.h"

namespace runtime {

namespace {

base::UniqueFd open_dir(const std::string& path) {
  base::UniqueFd fd{::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (!fd) throw base::sys_error(errno, "open {}", path);
  return fd;
}

// A vfs container's image and copy, both opened; the image's absence in
// Podman's words.
struct VfsTrees {
  base::UniqueFd image, copy;
};
VfsTrees vfs_trees(const image::ImageStore& images, const store::ContainerStore& store, const store::ContainerConfig& c) {
  base::UniqueFd image{::open(images.rootfs(c.image_id).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (!image && errno == ENOENT) throw base::error("the image of container {} is gone", c.name);
  if (!image) throw base::sys_error(errno, "open {}", images.rootfs(c.image_id));
  return {std::move(image), open_dir(store.vfs_root(c.id))};
}

}  // namespace

void as_owner(const config::Settings& settings, const std::function<void()>& work) {
  if (!settings.rootless()) return work();
  rootless::as_mapped_root(rootless::user_id_maps(launch::user_of(settings.env)), work);
}

std::string root_lower(const image::ImageStore& images, const store::ContainerStore& store, const store::ContainerConfig& c) {
  if (!c.rootfs.empty()) return c.rootfs;
  return c.storage_driver == "vfs" ? store.vfs_root(c.id) : images.rootfs(c.image_id);
}

std::string driver_for(const config::Paths& paths, const store::ContainerConfig& c) {
  if (c.image_id.empty() || !c.rootfs.empty()) return "overlay";
  if (paths.storage_driver == "vfs" && !c.uid_map.empty() && paths.rootless) {
    // Its root would be the copy given to the ids its root maps to, and
    // every file would differ from the image's.
    throw base::error("--userns keep-id, nomap, auto, --uidmap and --gidmap are not supported with the vfs storage driver for a regular user");
  }
  config::record_storage_driver(paths);
  return paths.storage_driver;
}

void make_root(const config::Settings& settings, const image::ImageStore& images, const store::ContainerStore& store,
               const store::ContainerConfig& c) {
  if (c.storage_driver != "vfs") return;
  std::string image = images.rootfs(c.image_id), copy = store.vfs_root(c.id);
  as_owner(settings, [&] {
    base::ensure_dir(copy, 0700);
    base::UniqueFd from = open_dir(image), to = open_dir(copy);
    image::copy_root(from.get(), to.get(), "copy the image's files into " + copy);
  });
}

std::vector<image::TreeChange> vfs_changes(const config::Settings& settings, const image::ImageStore& images,
                                           const store::ContainerStore& store, const store::ContainerConfig& c) {
  base::UniqueFd mem{::memfd_create("warren-changes", MFD_CLOEXEC)};
  if (!mem) throw base::sys_error(errno, "memfd_create");
  as_owner(settings, [&] {
    VfsTrees t = vfs_trees(images, store, c);
    std::string text;
    for (const auto& ch : image::tree_changes(t.image.get(), t.copy.get(), "the changes of " + c.name)) {
      text += ch.kind;
      text += ch.path;
      text += '\0';
    }
    if (!base::write_all(mem.get(), text)) throw base::sys_error(errno, "write the changes of {}", c.name);
  });
  if (::lseek(mem.get(), 0, SEEK_SET) < 0) throw base::sys_error(errno, "rewind the changes of {}", c.name);
  std::string text;
  base::read_chunks(mem.get(), "the changes of " + c.name, [&](std::string_view chunk) { text.append(chunk); });
  std::vector<image::TreeChange> out;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\0', at);
    if (end == std::string::npos || end == at) break;
    out.push_back({text[at], text.substr(at + 1, end - at - 1)});
    at = end + 1;
  }
  return out;
}

image::TarOwners image_owners(const store::ContainerConfig& c) {
  if (c.uid_map.empty()) return {};
  // Root's maps are in host ids; a regular user's in the ids of the
  // user's namespace, which its copy sees (as_owner): the same way back.
  return [uids = rootless::parse_id_map(c.uid_map, "UID"), gids = rootless::parse_id_map(c.gid_map, "GID")](uint32_t& uid, uint32_t& gid) {
    uid = rootless::inside_id(uids, uid).value_or(uid);
    gid = rootless::inside_id(gids, gid).value_or(gid);
  };
}

void write_vfs_layer(const image::ImageStore& images, const store::ContainerStore& store, const store::ContainerConfig& c, int out) {
  VfsTrees t = vfs_trees(images, store, c);
  auto changes = image::tree_changes(t.image.get(), t.copy.get(), "the changes of " + c.name);
  image::write_changes_tar(t.copy.get(), changes, out, "the changes of " + c.name, image_owners(c));
}

uint64_t rw_size(const image::ImageStore& images, const store::ContainerStore& store, const store::ContainerConfig& c) {
  if (c.storage_driver != "vfs") return base::tree_size(store.dir(c.id) + "/upper");
  try {
    VfsTrees t = vfs_trees(images, store, c);
    return image::changes_size(t.copy.get(), image::tree_changes(t.image.get(), t.copy.get(), c.name));
  } catch (const base::Error&) {
    return 0;  // its image or its copy unreadable: nothing counted, as tree_size counts
  }
}

}  // namespace runtime
