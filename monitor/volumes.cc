// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/volumes.cc: volumes to mounts, and their first fill.
#include "monitor/volumes.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "base/copy_tree.h"
#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/root_dir.h"
#include "store/volume_store.h"

namespace monitor {

namespace {

bool empty_dir(int fd) {
  int dup = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  DIR* d = dup < 0 ? nullptr : ::fdopendir(dup);
  if (!d) {
    if (dup >= 0) ::close(dup);
    throw base::sys_error(errno, "read a volume's data dir");
  }
  bool empty = true;
  while (dirent* e = ::readdir(d)) {
    if (std::string_view(e->d_name) != "." && std::string_view(e->d_name) != "..") empty = false;
  }
  ::closedir(d);
  return empty;
}

// The image's content at `destination` (resolved inside the image's root)
// into the volume's data dir, if that is empty; the dir takes the
// image dir's owner and mode, as with Podman.
void copy_up(const std::string& lower, const std::string& destination, const std::string& data, bool owners) {
  base::RootDir image(lower);
  auto from = image.open(destination.substr(1), O_RDONLY | O_DIRECTORY);
  if (!from) return;  // nothing there in the image (or not a directory)
  base::UniqueFd to{::open(data.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
  if (!to) throw base::sys_error(errno, "open {}", data);
  if (!empty_dir(to.get())) return;
  struct stat st;
  if (::fstat(from->get(), &st) < 0) throw base::sys_error(errno, "stat {} in the image", destination);
  base::copy_tree_at(from->get(), to.get(), owners);
  if (owners && ::fchown(to.get(), st.st_uid, st.st_gid) < 0) throw base::sys_error(errno, "chown {}", data);
  if (::fchmod(to.get(), st.st_mode & 07777) < 0) throw base::sys_error(errno, "chmod {}", data);
}

size_t depth(const std::string& path) { return static_cast<size_t>(std::count(path.begin(), path.end(), '/')); }

}  // namespace

std::vector<launch::MountSpec> launch_mounts(const config::Settings& settings, const store::ContainerConfig& cfg,
                                             const std::string& lower, const std::string& dir) {
  std::vector<launch::MountSpec> out;
  store::VolumeStore volumes(settings.paths.root);
  for (const auto& m : cfg.mounts) {
    launch::MountSpec spec{m.source, m.destination, m.type == "tmpfs", m.options, m.chown};
    if (m.overlay && m.type != "tmpfs") {
      // The last start's changes are thrown away.
      std::string over = fmt::format("{}/overlay/{}", dir, out.size());
      base::remove_tree(over);
      base::ensure_dir(over + "/upper", 0755);
      base::ensure_dir(over + "/work", 0700);
      spec.overlay_upper = over + "/upper";
      spec.overlay_work = over + "/work";
    }
    if (m.type == "volume") {
      spec.source = volumes.mountpoint(m.source);
      base::FileLock lock = volumes.lock();
      store::VolumeRecord v = volumes.get(m.source);
      if (v.needs_copy_up) {
        try {
          if (m.copy_up) copy_up(lower, m.destination, spec.source, !settings.rootless());
        } catch (base::Error& e) {
          e.wrap("fill volume {} from the image", v.name);
          throw base::LaunchError(125, e);
        }
        v.needs_copy_up = false;
        volumes.save(v);
      }
    }
    out.push_back(std::move(spec));
  }
  if (cfg.read_only && cfg.read_only_tmpfs) {
    for (const char* dir : {"/tmp", "/var/tmp", "/run"}) {
      bool given = std::any_of(out.begin(), out.end(), [&](const launch::MountSpec& s) { return s.destination == dir; });
      if (!given) out.push_back({"", dir, true, {"rw", "nosuid", "nodev"}});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const launch::MountSpec& a, const launch::MountSpec& b) { return depth(a.destination) < depth(b.destination); });
  return out;
}

}  // namespace monitor
