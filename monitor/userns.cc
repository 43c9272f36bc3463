// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/userns.cc: keep-id, nomap and --uidmap maps in host ids, and
// the copy of the root file system their root owns.
#include "monitor/userns.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <functional>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "launch/credentials.h"
#include "launch/idmap.h"
#include "launch/tree_ops.h"
#include "rootless/id_mapping.h"
#include "rootless/mapped_root.h"

namespace monitor {

namespace {

// The image's files, copied into `dir` (once: a finished copy is kept
// for the container's life) as the user's own namespace's root, then
// `give`n to the container's ids.
std::string owned_root(const std::string& lower, const std::string& dir, const rootless::IdMaps& defaults,
                       const std::function<bool(int)>& give) {
  std::string done = dir + ".done";
  if (::access(done.c_str(), F_OK) == 0) return dir;
  rootless::as_mapped_root(defaults, [&] {
    if (::access(dir.c_str(), F_OK) == 0) base::remove_tree(dir);  // a copy cut short
    base::ensure_dir(dir, 0755);
    base::UniqueFd from{::open(lower.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
    base::UniqueFd to{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
    if (!from || !to) throw base::sys_error(errno, "open {}", from ? dir : lower);
    struct stat st;
    if (::fstat(from.get(), &st) < 0 || ::fchmod(to.get(), st.st_mode & 07777) < 0) throw base::sys_error(errno, "chmod {}", dir);
    if (!launch::copy_tree(from.get(), to.get())) throw base::sys_error(errno, "copy the image's files into {}", dir);
    if (!give(to.get())) throw base::sys_error(errno, "give {} to the container's ids", dir);
  });
  base::write_file_atomic(done, "", 0644, false);
  return dir;
}

// A regular user's recorded maps (ids of the user's namespace) as the
// launch writes them: in host ids through newuidmap, or, nested, as they
// are, written by warren in that namespace (launch/launcher.h). Ids the
// user does not have throw either way.
rootless::IdMaps launch_maps(const std::vector<rootless::IdRange>& uids, const std::vector<rootless::IdRange>& gids,
                             const rootless::IdMaps& defaults, bool nested) {
  rootless::IdMaps host{rootless::to_host_ranges(uids, defaults.uids), rootless::to_host_ranges(gids, defaults.gids), true, false};
  return nested ? rootless::IdMaps{uids, gids, false, true} : host;
}

}  // namespace

void apply_container_userns(const store::ContainerStore& store, const store::ContainerConfig& cfg, const rootless::User& user,
                            bool in_user_netns, launch::LaunchSpec& spec) {
  if (cfg.userns.starts_with("ns:")) {
    spec.userns_path = cfg.userns.substr(3);
    spec.user_namespace = false;
    return;
  }
  if (cfg.uid_map.empty()) return;
  rootless::IdMaps defaults = rootless::user_id_maps(user);
  try {
    auto uids = rootless::parse_id_map(cfg.uid_map, "UID"), gids = rootless::parse_id_map(cfg.gid_map, "GID");
    std::string copy = store.dir(cfg.id) + "/idmapped-root";
    bool leaves_out = rootless::leaves_out_user(uids, gids);
    // Whose the image's files must be for the container's root to own them.
    uint32_t uid = rootless::mapped_id(uids, 0).value_or(0), gid = rootless::mapped_id(gids, 0).value_or(0);
    if (leaves_out) {
      // The image's owners each shifted through the maps.
      spec.lower = owned_root(spec.lower, copy, defaults, [&](int dir) { return launch::shift_tree(dir, uids, gids); });
    } else if (uid != 0 || gid != 0) {
      spec.lower = owned_root(spec.lower, copy, defaults, [&](int dir) { return launch::chown_tree(dir, uid, gid); });
    }
    // A nested user namespace where the maps leave the user out, or in the
    // user's network namespace (whose maps are the user's), when joined.
    spec.nested = leaves_out || in_user_netns;
    spec.id_maps = launch_maps(uids, gids, defaults, spec.nested);
    if (spec.nested) {
      spec.nested_here = in_user_netns;
      spec.nest_maps = defaults;
      spec.process.set_groups = true;  // maps written as root there: setgroups allowed
    }
  } catch (const base::Error& e) {
    throw base::LaunchError(125, 0, fmt::format("user namespace of container {}: {}", cfg.id, e.what()));
  }
}

void pod_userns(const config::Settings& settings, const store::ContainerConfig& cfg, bool in_user_netns, launch::InfraSpec& infra) {
  rootless::IdMaps defaults = rootless::user_id_maps(launch::user_of(settings.env));
  try {
    auto uids = rootless::parse_id_map(cfg.uid_map, "UID"), gids = rootless::parse_id_map(cfg.gid_map, "GID");
    // Nested as a container's (apply_container_userns); from the user's
    // network namespace, the monitor clones it itself.
    bool nested = rootless::leaves_out_user(uids, gids) || in_user_netns;
    infra.user_namespace = true;
    infra.id_maps = launch_maps(uids, gids, defaults, nested);
    infra.nested = nested && !in_user_netns;
    infra.nest_maps = defaults;
  } catch (const base::Error& e) {
    throw base::LaunchError(125, 0, fmt::format("user namespace of pod {}: {}", cfg.pod, e.what()));
  }
}

void give_to_nested_root(const std::vector<std::string>& own_files, const launch::LaunchSpec& spec) {
  if (own_files.empty()) return;
  uint32_t uid = rootless::mapped_id(spec.id_maps.uids, 0).value_or(0), gid = rootless::mapped_id(spec.id_maps.gids, 0).value_or(0);
  try {
    rootless::as_mapped_root(spec.nest_maps, [&] {  // or in place, from the user's network namespace
      for (const auto& file : own_files) {
        if (::chown(file.c_str(), uid, gid) < 0) throw base::sys_error(errno, "chown {}", file);
      }
    });
  } catch (const base::Error& e) {
    throw base::LaunchError(125, e);
  }
}

void apply_root_userns(const store::ContainerConfig& cfg, const std::vector<std::string>& own_files, launch::LaunchSpec& spec) {
  if (cfg.uid_map.empty()) return;
  spec.process.own_user_namespace = true;
  if (cfg.userns.starts_with("ns:")) {
    // --userns ns:PATH: that namespace, joined as a pod's (the launcher's
    // helper), with its maps as they are now.
    spec.userns_path = cfg.userns.substr(3);
    base::UniqueFd ns{::open(spec.userns_path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (!ns) throw base::LaunchError(125, errno, fmt::format("open the user namespace {}", spec.userns_path));
    try {
      spec.id_maps = launch::maps_of_user_namespace(ns.get());
    } catch (const base::Error& e) {
      throw base::LaunchError(125, 0, fmt::format("{}: {}", spec.userns_path, e.what()));
    }
  } else {
    spec.user_namespace = true;
    spec.id_maps = rootless::direct_maps(cfg.uid_map, cfg.gid_map);
  }
  uint32_t uid = rootless::mapped_id(spec.id_maps.uids, 0).value_or(0), gid = rootless::mapped_id(spec.id_maps.gids, 0).value_or(0);
  for (const auto& file : own_files) {
    if (::chown(file.c_str(), uid, gid) < 0) throw base::LaunchError(125, errno, fmt::format("chown {}", file));
  }
}

}  // namespace monitor
