// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/shm.cc: the IPC namespace owner's /dev/shm, on the run root.
#include "monitor/shm.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/log.h"
#include "monitor/container_spec.h"
#include "monitor/volumes.h"
#include "rootless/id_mapping.h"

namespace monitor {

namespace {

bool owns_ipc(const store::ContainerConfig& cfg) {
  return cfg.ipc.empty() && cfg.ipc_mode != "host" && cfg.ipc_mode != "none";
}

std::string shm_dir(const store::ContainerStore& store, const std::string& id) { return userdata_dir(store, id) + "/shm"; }

}  // namespace

std::string container_shm(const store::ContainerStore& store, const store::ContainerConfig& cfg, bool rootless) {
  if (rootless) return "";
  if (!cfg.ipc.empty()) {
    // The owner's (one that joined another's leads to that one), if it
    // has one mounted: it runs, the join checks that.
    std::string owner = cfg.ipc;
    for (int hops = 0; hops < 8; ++hops) {
      auto other = store.find(owner);
      if (!other || other->config.ipc.empty()) break;
      owner = other->config.ipc;
    }
    std::string theirs = shm_dir(store, owner);
    return is_mount_root(theirs) ? theirs : "";
  }
  if (!owns_ipc(cfg)) return "";
  std::string dir = shm_dir(store, cfg.id);
  base::ensure_dir(userdata_dir(store, cfg.id), 0700);
  base::ensure_dir(dir, 01777);
  if (is_mount_root(dir)) return dir;
  std::string options = fmt::format("mode=1777,size={}k", std::max<int64_t>(cfg.shm_size / 1024, 1));
  if (!cfg.uid_map.empty()) {
    // Root's container in a user namespace of its own: its root's.
    rootless::IdMaps maps = rootless::direct_maps(cfg.uid_map, cfg.gid_map);
    auto uid = rootless::mapped_id(maps.uids, 0), gid = rootless::mapped_id(maps.gids, 0);
    options += fmt::format(",uid={},gid={}", uid.value_or(0), gid.value_or(0));
  }
  if (::mount("shm", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, options.c_str()) < 0) {
    throw base::LaunchError(125, errno, fmt::format("mount the container's /dev/shm at {}", dir));
  }
  return dir;
}

void release_shm(const store::ContainerStore& store, const store::ContainerConfig& cfg, bool rootless) {
  if (rootless || !owns_ipc(cfg)) return;
  std::string dir = shm_dir(store, cfg.id);
  if (is_mount_root(dir) && ::umount2(dir.c_str(), MNT_DETACH) < 0) LOG_DEBUG("container {}: unmount {}: {}", cfg.id, dir, errno);
}

}  // namespace monitor
