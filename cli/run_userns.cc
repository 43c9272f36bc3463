// SPDX-License-Identifier: GPL-2.0-or-later
// cli/run_userns.cc: --userns, --uidmap, --gidmap, --subuidname and
// --subgidname. A regular user's container gets Podman's keep-id and
// nomap maps, or the ones given, in the ids of the user's own namespace;
// root's containers share the host's user namespace (host), as Podman's
// do by default. Checked with Podman's words before anything is made.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "base/error.h"
#include "cli/commands.h"
#include "launch/credentials.h"
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

// keep-id: the user's ids and ranges as the launch will map them.
void apply_keep_id(Context& ctx, store::ContainerConfig& c) {
  rootless::User user = launch::user_of(ctx.settings().env);
  rootless::IdMaps maps = rootless::user_id_maps(user);
  if (!maps.ranges) {
    throw base::error("cannot set up --userns {}: the user has no ranges in /etc/subuid and /etc/subgid", c.userns);
  }
  auto total = [](const std::vector<rootless::IdRange>& r) { return r.back().inside + r.back().count; };
  c.uid_map = texts(rootless::keep_id_ranges(user.uid, total(maps.uids)));
  c.gid_map = texts(rootless::keep_id_ranges(user.gid, total(maps.gids)));
  // Its process runs as the user, unless --user says otherwise.
  if (c.user.empty()) c.user = std::to_string(user.uid) + ":" + std::to_string(user.gid);
}

}  // namespace

void apply_userns_options(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& c) {
  bool rootless = ctx.paths().rootless;
  bool maps = r.count("uidmap") || r.count("gidmap") || r.count("subuidname") || r.count("subgidname");
  c.userns = r.count("userns") ? r["userns"].as<std::string>() : "";
  if (!c.userns.empty() && maps) throw base::error("--userns and --uidmap/--gidmap/--subuidname/--subgidname are mutually exclusive");
  const std::string& mode = c.userns;
  if (mode == "keep-id" || mode == "nomap") {
    if (!rootless) throw base::error("{} is only supported in rootless mode", mode);
    if (mode == "nomap") throw base::error("--userns nomap is not supported by warren yet: it needs the user's own id in the container");
    return apply_keep_id(ctx, c);
  }
  if (mode.starts_with("ns:")) {
    struct stat st;
    if (::stat(mode.substr(3).c_str(), &st) < 0) {
      throw base::error("cannot find specified user namespace path: stat {}: {}", mode.substr(3), go_errno(errno));
    }
    if (!rootless) throw base::error("--userns ns: is not supported by warren as root: root's containers share the host's user namespace");
    return;
  }
  if (!mode.empty() && mode != "host" && mode != "private") {
    if (mode == "auto" || mode.starts_with("auto:")) throw base::error("--userns auto is not supported by warren yet");
    throw base::error("unrecognized namespace mode {} passed", mode);
  }
  if (!maps) return;
  if (r.count("subuidname") || r.count("subgidname")) throw base::error("--subuidname and --subgidname are not supported by warren yet");
  if (!rootless) {
    throw base::error("--uidmap and --gidmap are not supported by warren as root yet: root's containers share the host's user namespace");
  }
  auto uids = rootless::parse_id_map(all_values(r, "uidmap"), "UID");
  auto gids = r.count("gidmap") ? rootless::parse_id_map(all_values(r, "gidmap"), "GID") : uids;  // Podman: the uid map for both
  if (!r.count("uidmap")) uids = gids;
  // The container's files and run dir are the user's: warren's launch
  // reaches them through the user's own id, which the maps must hold.
  for (const auto* maps : {&uids, &gids}) {
    bool user = std::any_of(maps->begin(), maps->end(), [](const rootless::IdRange& r) { return r.outside == 0; });
    if (!user) throw base::error("--uidmap and --gidmap must map the user's own id (0) into the container: warren reaches the container's files through it");
  }
  c.uid_map = texts(uids);
  c.gid_map = texts(gids);
  c.userns = "private";
}

void check_userns_network(Context& ctx, const store::ContainerConfig& c) {
  // On bridge networks, a regular user's container shares the user
  // namespace of the user's network namespace (monitor/user_netns.h).
  bool own = c.userns == "keep-id" || c.userns.starts_with("ns:") || !c.uid_map.empty();
  if (ctx.paths().rootless && c.network.is_bridge() && own) {
    throw base::error("{} with bridge networks as a regular user is not supported by warren yet: use --network slirp4netns",
                      c.userns != "private" ? "--userns " + c.userns : std::string("--uidmap/--gidmap"));
  }
}

}  // namespace cli
