// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/volumes.cc: volumes to mounts, and their first fill.
#include "monitor/volumes.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <optional>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/root_dir.h"
#include "image/image_store.h"
#include "launch/credentials.h"
#include "launch/tree_ops.h"
#include "monitor/user_volumes.h"
#include "rootless/id_mapping.h"
#include "rootless/mapped_root.h"
#include "store/volume_store.h"

namespace monitor {

namespace {

bool empty_dir(int fd) { return base::names_at(fd, "a volume's data dir").empty(); }

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
  // The same copy the child makes for tmpcopyup; owners kept where they
  // can be (as root), or left the user's.
  if (!launch::copy_tree(from->get(), to.get())) throw base::sys_error(errno, "copy {} from the image", destination);
  if (owners && ::fchown(to.get(), st.st_uid, st.st_gid) < 0) throw base::sys_error(errno, "chown {}", data);
  if (::fchmod(to.get(), st.st_mode & 07777) < 0) throw base::sys_error(errno, "chmod {}", data);
}

// Root's container in a user namespace of its own: a volume on its first
// use is given to the container's ids, as Podman chowns it.
void give_to_container(const std::string& data, const store::ContainerConfig& cfg) {
  base::UniqueFd dir{::open(data.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
  rootless::IdMaps maps = rootless::direct_maps(cfg.uid_map, cfg.gid_map);
  if (!dir || !launch::shift_tree(dir.get(), maps.uids, maps.gids)) throw base::sys_error(errno, "give {} to the container's ids", data);
}

// A regular user's container whose maps leave the user out (launch/launcher.h's nested).
bool nested(const store::ContainerConfig& cfg) {
  return !cfg.uid_map.empty() && rootless::leaves_out_user(rootless::parse_id_map(cfg.uid_map, "UID"), rootless::parse_id_map(cfg.gid_map, "GID"));
}

std::string option(const store::VolumeRecord& v, const char* key) {
  for (const auto& [k, val] : v.options) {
    if (k == key) return val;
  }
  return "";
}

size_t depth(const std::string& path) { return static_cast<size_t>(std::count(path.begin(), path.end(), '/')); }

}  // namespace

bool has_file_system(const store::VolumeRecord& v) {
  return (!option(v, "type").empty() || !option(v, "device").empty()) && store::bind_device(v).empty();
}

// volume create -o type=T,device=D,o=OPTS: mounted on the data dir when a
// container first needs it (as Podman's local driver does), with OPTS'
// flags as flags and the rest as data.
void mount_file_system(const store::VolumeStore& volumes, const store::VolumeRecord& v) {
  std::string data_dir = volumes.mountpoint(v.name);
  if (is_mount_root(data_dir)) return;
  std::string type = option(v, "type"), device = option(v, "device"), o = option(v, "o"), data;
  unsigned long flags = 0;
  static const std::pair<const char*, unsigned long> kFlags[] = {
      {"ro", MS_RDONLY}, {"nosuid", MS_NOSUID}, {"nodev", MS_NODEV}, {"noexec", MS_NOEXEC}, {"noatime", MS_NOATIME},
      {"bind", MS_BIND}, {"rbind", MS_BIND | MS_REC}, {"sync", MS_SYNCHRONOUS}};
  size_t at = 0;
  while (at <= o.size() && !o.empty()) {
    size_t comma = o.find(',', at);
    std::string word = o.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    auto f = std::find_if(std::begin(kFlags), std::end(kFlags), [&](const auto& k) { return word == k.first; });
    if (f != std::end(kFlags)) {
      flags |= f->second;
    } else if (!word.empty() && word != "rw") {
      data += (data.empty() ? "" : ",") + word;
    }
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  if (type == "none") type.clear();
  if (::mount(device.empty() ? type.c_str() : device.c_str(), data_dir.c_str(), type.empty() ? nullptr : type.c_str(), flags,
              data.empty() ? nullptr : data.c_str()) < 0) {
    throw base::LaunchError(125, errno, fmt::format("mount volume {} ({} {} {})", v.name, type, device, o));
  }
}

void fill_volume(const config::Settings& settings, const store::ContainerConfig& cfg, const store::Mount& m, const std::string& lower,
                 const std::string& data, bool mapped_root) {
  try {
    if (m.copy_up) copy_up(lower, m.destination, data, !settings.rootless() || mapped_root);
    if (!settings.rootless() && !cfg.uid_map.empty()) give_to_container(data, cfg);
    if (settings.rootless() && nested(cfg)) {
      if (mapped_root) give_to_container(data, cfg);
      else rootless::as_mapped_root(rootless::user_id_maps(launch::user_of(settings.env)), [&] { give_to_container(data, cfg); });
    }
  } catch (base::Error& e) {
    e.wrap("fill volume {} from the image", m.source);
    throw base::LaunchError(125, e);
  }
}

bool is_mount_root(const std::string& path) {
  struct statx st;
  if (::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &st) < 0) return false;
  return (st.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) && (st.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

store::ContainerStore container_store(const config::Settings& settings) {
  if (!settings.rootless()) return store::ContainerStore(settings.paths.root, settings.paths.runroot);
  rootless::User user = launch::user_of(settings.env);
  return store::ContainerStore(settings.paths.root, settings.paths.runroot, rootless::tree_remover(&user));
}

store::VolumeStore volume_store(const config::Settings& settings) {
  if (!settings.rootless()) return store::VolumeStore(settings.paths.root);
  rootless::User user = launch::user_of(settings.env);
  return store::VolumeStore(settings.paths.root, rootless::tree_remover(&user));
}

std::vector<launch::MountSpec> launch_mounts(const config::Settings& settings, const store::ContainerConfig& cfg,
                                             const std::string& lower, const std::string& dir, const UserVolumes& user_volumes) {
  std::vector<launch::MountSpec> out;
  store::VolumeStore volumes(settings.paths.root);
  for (const auto& m : cfg.mounts) {
    launch::MountSpec spec{m.source, m.destination, m.type == "tmpfs", m.options, m.chown};
    spec.devpts = m.type == "devpts";
    spec.idmap = std::find(m.options.begin(), m.options.end(), "idmap") != m.options.end();
    // An image's root file system, bound (read-only unless rw=true).
    if (m.type == "image") spec.source = image::ImageStore(settings.paths.root, !settings.rootless()).rootfs(m.source);
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
      base::FileLock lock = volumes.lock();
      store::VolumeRecord v = volumes.get(m.source);
      if (has_file_system(v) && settings.rootless()) {
        // A regular user's: mounted in the volumes' namespace, a copy made there to attach.
        spec.source = volumes.mountpoint(v.name);
        spec.tree = user_volumes.tree(v.name);
        if (spec.tree < 0) throw base::LaunchError(125, 0, fmt::format("volume {}: its file system was not mounted", v.name));
        out.push_back(std::move(spec));
        continue;
      }
      if (has_file_system(v)) mount_file_system(volumes, v);
      spec.source = volumes.content(v);
      if (v.needs_copy_up) {
        fill_volume(settings, cfg, m, lower, spec.source, false);
        v.needs_copy_up = false;
        volumes.save(v);
      }
    }
    out.push_back(std::move(spec));
  }
  std::vector<const char*> tmpfs;
  if (cfg.read_only && cfg.read_only_tmpfs) tmpfs = {"/tmp", "/var/tmp", "/run"};
  if (cfg.systemd) tmpfs = {"/tmp", "/run", "/run/lock", "/var/log/journal"};  // as Podman's systemd mode
  for (const char* path : tmpfs) {
    bool given = std::any_of(out.begin(), out.end(), [&](const launch::MountSpec& s) { return s.destination == path; });
    if (!given) out.push_back({"", path, true, {"rw", "nosuid", "nodev"}});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const launch::MountSpec& a, const launch::MountSpec& b) { return depth(a.destination) < depth(b.destination); });
  return out;
}

void release_volume_mounts(const config::Settings& settings, const store::ContainerStore& store,
                           const store::ContainerConfig& cfg) {
  store::VolumeStore volumes(settings.paths.root);
  std::optional<base::FileLock> lock;
  for (const auto& m : cfg.mounts) {
    if (m.type != "volume") continue;
    if (!lock) lock = volumes.lock();
    auto v = volumes.find(m.source);
    if (!v || !has_file_system(*v)) continue;
    bool used = false;
    for (const auto& c : store.list()) {
      if (c.config.id == cfg.id || store.live_state(c).status != "running") continue;
      used |= std::any_of(c.config.mounts.begin(), c.config.mounts.end(),
                          [&](const store::Mount& o) { return o.type == "volume" && o.source == v->name; });
    }
    if (!used) ::umount2(volumes.mountpoint(v->name).c_str(), MNT_DETACH);
  }
}

}  // namespace monitor
