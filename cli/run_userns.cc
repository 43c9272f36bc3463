// SPDX-License-Identifier: GPL-2.0-or-later
// cli/run_userns.cc: --userns, --uidmap, --gidmap, --subuidname and
// --subgidname. A regular user's container gets Podman's keep-id and
// nomap maps, or the ones given, in the ids of the user's own namespace;
// root's containers share the host's user namespace (host), as Podman's
// do by default. Checked with Podman's words before anything is made.
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>

#include "base/error.h"
#include "base/file.h"
#include "cli/commands.h"
#include "launch/credentials.h"
#include "launch/idmap.h"
#include "rootless/id_mapping.h"

namespace cli {

void add_userns_options(Options& opts) {
  opts.add()
      ("userns", "User namespace to use", cxxopts::value<std::string>(), "string")
      ("uidmap", "UID map to use for the user namespace", cxxopts::value<std::string>(), "strings")
      ("gidmap", "GID map to use for the user namespace", cxxopts::value<std::string>(), "strings")
      ("subuidname", "Name of range listed in /etc/subuid for use in user namespace", cxxopts::value<std::string>(), "string")
      ("subgidname", "Name of range listed in /etc/subgid for use in user namespace", cxxopts::value<std::string>(), "string");
}

namespace {

std::vector<std::string> texts(const std::vector<rootless::IdRange>& ranges) {
  std::vector<std::string> out;
  for (const auto& r : ranges) out.push_back(rootless::id_range_text(r));
  return out;
}

// The user's maps (its own id, then its subordinate range), which --userns
// `mode` needs the range of.
rootless::IdMaps ranged_user_maps(Context& ctx, const char* mode) {
  rootless::IdMaps maps = rootless::user_id_maps(launch::user_of(ctx.settings().env));
  if (!maps.ranges) throw base::error("cannot set up --userns {}: the user has no ranges in /etc/subuid and /etc/subgid", mode);
  return maps;
}

// keep-id: the user's ids and ranges as the launch will map them.
void apply_keep_id(Context& ctx, store::ContainerConfig& c) {
  rootless::User user = launch::user_of(ctx.settings().env);
  rootless::IdMaps maps = ranged_user_maps(ctx, "keep-id");
  auto total = [](const std::vector<rootless::IdRange>& r) { return r.back().inside + r.back().count; };
  c.uid_map = texts(rootless::keep_id_ranges(user.uid, total(maps.uids)));
  c.gid_map = texts(rootless::keep_id_ranges(user.gid, total(maps.gids)));
  // Its process runs as the user, unless --user says otherwise.
  if (c.user.empty()) c.user = std::to_string(user.uid) + ":" + std::to_string(user.gid);
}

// nomap: the user's subordinate range alone, from 0 (1..N of the user's
// namespace), as Podman maps it.
void apply_nomap(Context& ctx, store::ContainerConfig& c) {
  rootless::IdMaps maps = ranged_user_maps(ctx, "nomap");
  c.uid_map = texts({{0, maps.uids.back().inside, maps.uids.back().count}});
  c.gid_map = texts({{0, maps.gids.back().inside, maps.gids.back().count}});
}

// The highest id a file in the image has, and its /etc/passwd and
// /etc/group name: what a --userns auto map must hold.
// A regular user's image files are stored as the host ids of the user's
// namespace's (`stored`); root's as the image's own (`stored` null).
uint32_t image_top_id(const std::string& root, const rootless::IdMaps* stored) {
  static uint32_t top;  // nftw's callback takes no context
  static const rootless::IdMaps* through;
  top = 0;
  through = stored;
  if (root.empty()) return top;  // a pod's infra: no image
  auto visit = [](const char*, const struct stat* st, int, struct FTW*) {
    // An id that is not the user's is not the image's either.
    uint32_t uid = through ? rootless::inside_id(through->uids, st->st_uid).value_or(0) : st->st_uid;
    uint32_t gid = through ? rootless::inside_id(through->gids, st->st_gid).value_or(0) : st->st_gid;
    top = std::max({top, uid, gid});
    return 0;
  };
  ::nftw(root.c_str(), visit, 16, FTW_PHYS | FTW_MOUNT);
  for (const char* file : {"/etc/passwd", "/etc/group"}) {
    std::string text = base::read_file(root + file).value_or("");
    for (size_t at = 0; at < text.size();) {
      size_t end = std::min(text.find('\n', at), text.size());
      std::string_view line(text.data() + at, end - at);
      at = end + 1;
      // name:x:ID:...
      size_t a = line.find(':'), b = a == std::string_view::npos ? a : line.find(':', a + 1);
      uint32_t id = 0;
      if (b != std::string_view::npos) std::from_chars(line.data() + b + 1, line.data() + line.size(), id);
      if (id < 65534) top = std::max(top, id);  // nobody and nogroup are not the image's
    }
  }
  return top;
}

// --userns auto[:size=N,uidmapping=C:H:N,gidmapping=C:H:N]: ids that no
// other container's maps hold, as many as the image's files and users
// need (at least 1024), as Podman's containers/storage allocates them:
// root's from the "containers" ranges in /etc/subuid and /etc/subgid, a
// regular user's from the subordinate range of the user's namespace
// (1..N there).
base::FileLock apply_auto_maps(Context& ctx, const std::string& mode, const std::string& image_root, store::ContainerConfig& c) {
  bool rootless = ctx.paths().rootless;
  rootless::IdMaps user_maps;
  if (rootless) user_maps = ranged_user_maps(ctx, "auto");
  uint32_t size = 0;
  std::vector<rootless::IdRange> uids, gids;
  std::string opts = mode.size() > 5 ? mode.substr(5) : "";
  for (size_t at = 0; at < opts.size();) {
    size_t end = std::min(opts.find(',', at), opts.size());
    std::string o = opts.substr(at, end - at), key = o.substr(0, o.find('=')), value = o.find('=') == std::string::npos ? "" : o.substr(o.find('=') + 1);
    at = end + 1;
    if (key == "size") {
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), size);
      if (ec != std::errc() || ptr != value.data() + value.size()) throw base::error("strconv.ParseUint: parsing \"{}\": invalid syntax", value);
    } else if (key == "uidmapping" || key == "gidmapping") {
      auto maps = rootless::parse_id_map({value}, key == "uidmapping" ? "UID" : "GID");
      (key == "uidmapping" ? uids : gids).push_back(maps.front());
    } else {
      throw base::error("unknown option specified: \"{}\"", key);
    }
  }
  if (size == 0) size = std::max<uint32_t>(1024, image_top_id(image_root, rootless ? &user_maps : nullptr) + 1);
  // Held until the caller's record is written: two creates never take
  // the same ids.
  auto store = containers(ctx);
  base::ensure_dir(ctx.paths().runroot, 0700);
  base::FileLock allocating = base::FileLock::acquire(ctx.paths().runroot + "/auto-userns.lock");
  std::vector<rootless::IdRange> used_uids, used_gids;
  for (const auto& other : store.list()) {
    for (const auto& r : rootless::parse_id_map(other.config.uid_map, "UID")) used_uids.push_back(r);
    for (const auto& r : rootless::parse_id_map(other.config.gid_map, "GID")) used_gids.push_back(r);
  }
  auto available = [&](const char* file) {
    if (!rootless) return rootless::subordinate_ranges(base::read_file(file).value_or(""), "containers");
    const auto& own = file == std::string("/etc/subuid") ? user_maps.uids.back() : user_maps.gids.back();
    return std::vector<rootless::IdRange>{{0, own.inside, own.count}};
  };
  if (uids.empty()) uids = rootless::allocate_ids(available("/etc/subuid"), used_uids, size);
  if (gids.empty()) gids = rootless::allocate_ids(available("/etc/subgid"), used_gids, size);
  if (uids.empty() || gids.empty()) throw base::error("creating container storage: could not find enough available IDs");
  c.uid_map = texts(uids);
  c.gid_map = texts(gids);
  return allocating;
}

// --uidmap/--gidmap and --subuidname/--subgidname: root's in host ids,
// a regular user's in the ids of the user's namespace (as Podman's, the
// ranges of --subuidname too), which must hold them.
void apply_maps(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& c) {
  std::vector<rootless::IdRange> uids, gids;
  if (r.count("subuidname") || r.count("subgidname")) {
    std::string user = r.count("subuidname") ? r["subuidname"].as<std::string>() : r["subgidname"].as<std::string>();
    std::string group = r.count("subgidname") ? r["subgidname"].as<std::string>() : user;
    uids = rootless::subordinate_ranges(base::read_file("/etc/subuid").value_or(""), user);
    if (uids.empty()) throw base::error("no subuid ranges found for user \"{}\" in /etc/subuid", user);
    gids = rootless::subordinate_ranges(base::read_file("/etc/subgid").value_or(""), group);
    if (gids.empty()) throw base::error("no subgid ranges found for group \"{}\" in /etc/subgid", group);
  } else {
    uids = rootless::parse_id_map(all_values(r, "uidmap"), "UID");
    gids = r.count("gidmap") ? rootless::parse_id_map(all_values(r, "gidmap"), "GID") : uids;  // Podman: the uid map for both
    if (!r.count("uidmap")) uids = gids;
  }
  for (auto [maps, kind] : {std::pair{&uids, "UID"}, {&gids, "GID"}}) {
    if (!rootless::mapped_id(*maps, 0)) {
      throw base::error("container uses ID mappings ({}), but doesn't map {} 0", fmt::join(texts(*maps), ","), kind).with_exit_code(126);
    }
  }
  if (ctx.paths().rootless) {
    rootless::IdMaps user_maps = rootless::user_id_maps(launch::user_of(ctx.settings().env));
    rootless::to_host_ranges(uids, user_maps.uids);  // throws naming an id the user does not have
    rootless::to_host_ranges(gids, user_maps.gids);
  }
  c.uid_map = texts(uids);
  c.gid_map = texts(gids);
}

// Root's --userns ns:PATH: the namespace's maps as they are now, for
// inspect, volumes and copies (each start reads them again).
void apply_root_ns(const std::string& path, store::ContainerConfig& c) {
  base::UniqueFd ns{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (!ns) throw base::sys_error(errno, "open the user namespace {}", path);
  rootless::IdMaps maps;
  try {
    maps = launch::maps_of_user_namespace(ns.get());
  } catch (const base::Error& e) {
    throw base::error("{} is not a user namespace warren can join: {}", path, e.what());
  }
  if (!rootless::mapped_id(maps.uids, 0) || !rootless::mapped_id(maps.gids, 0)) {
    throw base::error("the user namespace {} does not map uid and gid 0", path);
  }
  c.uid_map = texts(maps.uids);
  c.gid_map = texts(maps.gids);
}

}  // namespace

std::optional<base::FileLock> apply_userns_options(Context& ctx, const cxxopts::ParseResult& r, const std::string& image_root,
                                                   store::ContainerConfig& c) {
  bool rootless = ctx.paths().rootless;
  bool maps = r.count("uidmap") || r.count("gidmap") || r.count("subuidname") || r.count("subgidname");
  c.userns = r.count("userns") ? r["userns"].as<std::string>() : "";
  if (!c.userns.empty() && maps) throw base::error("--userns and --uidmap/--gidmap/--subuidname/--subgidname are mutually exclusive");
  bool in_pod = r.count("pod") > 0;
  if (!r.count("userns") && !maps && !in_pod) {
    // Podman's default: $PODMAN_USERNS, then containers.conf's userns (a
    // pod's member has its pod's).
    c.userns = ctx.env.get("PODMAN_USERNS").value_or(ctx.settings().conf.containers.userns);
    if (c.userns == "host") c.userns.clear();
  }
  const std::string& mode = c.userns;
  if (mode == "keep-id" || mode == "nomap") {
    if (!rootless) throw base::error("{} is only supported in rootless mode", mode);
    if (mode == "nomap") apply_nomap(ctx, c);
    else apply_keep_id(ctx, c);
    return std::nullopt;
  }
  if (mode.starts_with("ns:")) {
    struct stat st;
    if (::stat(mode.substr(3).c_str(), &st) < 0) {
      throw base::error("cannot find specified user namespace path: stat {}: {}", mode.substr(3), go_errno(errno));
    }
    if (!rootless) apply_root_ns(mode.substr(3), c);
    return std::nullopt;
  }
  if (mode == "auto" || mode.starts_with("auto:")) {
    base::FileLock allocating = apply_auto_maps(ctx, mode, image_root, c);
    c.userns = "private";
    return allocating;
  }
  if (!mode.empty() && mode != "host" && mode != "private") throw base::error("unrecognized namespace mode {} passed", mode);
  if (!maps) return std::nullopt;
  apply_maps(ctx, r, c);
  c.userns = "private";
  return std::nullopt;
}

std::optional<base::FileLock> apply_pod_userns(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& infra) {
  std::string fallback = ctx.env.get("PODMAN_USERNS").value_or(ctx.settings().conf.containers.userns);
  bool any = r.count("userns") || r.count("uidmap") || r.count("gidmap") || r.count("subuidname") || r.count("subgidname") ||
             (!ctx.paths().rootless && !fallback.empty() && fallback != "host");
  if (!any) return std::nullopt;
  auto allocating = apply_userns_options(ctx, r, "", infra);  // no image: auto takes its least
  check_userns_network(ctx, infra);
  return allocating;
}

void check_userns_network(Context& ctx, const store::ContainerConfig& c) {
  // On bridge networks, a regular user's container is in the user's
  // network namespace (monitor/user_netns.h): its own maps nest in it,
  // another's user namespace cannot.
  if (ctx.paths().rootless && c.network.is_bridge() && c.userns.starts_with("ns:")) {
    throw base::error("--userns {} with bridge networks as a regular user is not supported by warren yet: use --network slirp4netns", c.userns);
  }
  // A regular user's container that joins another's namespaces joins its
  // user namespace too: maps of its own cannot be (Podman's runtime fails
  // there as well).
  bool joins = (c.network.is_container() || !c.pid.empty() || !c.ipc.empty() || !c.uts.empty()) && c.pod.empty();
  if (ctx.paths().rootless && joins && !c.uid_map.empty()) {
    throw base::error("a regular user's container that joins another container's namespaces is in its user namespace: it takes no --userns or --uidmap of its own");
  }
}

}  // namespace cli
