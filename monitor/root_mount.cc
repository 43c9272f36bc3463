// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/root_mount.cc: the host's mount of a container's root, counted.
#include "monitor/root_mount.h"

#include <sys/mount.h>

#include <cerrno>
#include <cstdlib>

#include "base/error.h"
#include "base/file.h"
#include "launch/mount_ops.h"

namespace monitor {

namespace {

std::string count_file(const store::ContainerStore& store, const std::string& id) { return store.run_dir(id) + "/mount-count"; }

int count_of(const store::ContainerStore& store, const std::string& id) {
  return std::atoi(base::read_file(count_file(store, id)).value_or("0").c_str());
}

void set_count(const store::ContainerStore& store, const std::string& id, int n) {
  if (n <= 0) {
    base::remove_file(count_file(store, id));
    return;
  }
  base::ensure_dir(store.run_dir(id), 0700);
  base::write_file_atomic(count_file(store, id), std::to_string(n) + "\n", 0600, false);
}

}  // namespace

std::string root_mount_path(const store::ContainerStore& store, const std::string& id) { return store.dir(id) + "/merged"; }

std::string mount_root(const store::ContainerStore& store, const store::ContainerConfig& cfg, const std::string& lower) {
  int n = count_of(store, cfg.id);
  if (n == 0) {
    bool direct = store::root_in_place(cfg);
    launch::RootOverlay o = launch::RootOverlay::of(lower, store.dir(cfg.id), 0, direct);
    if (!o.mount()) throw base::sys_error(errno, "mount the root filesystem of container {}", cfg.id);
  }
  set_count(store, cfg.id, n + 1);
  return root_mount_path(store, cfg.id);
}

bool unmount_root(const store::ContainerStore& store, const std::string& id, bool force) {
  int n = count_of(store, id);
  if (n == 0) return false;
  if (force || n == 1) {
    std::string path = root_mount_path(store, id);
    if (::umount2(path.c_str(), MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT) {
      throw base::sys_error(errno, "unmount {}", path);
    }
    n = 0;
  } else {
    --n;
  }
  set_count(store, id, n);
  return true;
}

std::vector<std::string> mounted_roots(const store::ContainerStore& store) {
  std::vector<std::string> out;
  for (const auto& c : store.list()) {
    if (count_of(store, c.config.id) > 0) out.push_back(c.config.id);
  }
  return out;
}

}  // namespace monitor
