// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/userns.h: the user namespace of a regular user's container.
// The user is root inside; with ranges in /etc/subuid and /etc/subgid the
// ids 1..N inside map to them, written by Debian's setuid newuidmap and
// newgidmap; without, only the user's own id exists inside.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rootless {

struct IdRange {
  uint32_t inside, outside, count;
};

struct IdMaps {
  std::vector<IdRange> uids, gids;
  bool ranges = false;  // subordinate ranges, through newuidmap/newgidmap
  bool direct = false;  // root's: every range written by warren itself
};

// Who the maps are for: the user's ids and name (config::Environment's).
struct User {
  uid_t uid = 0;
  gid_t gid = 0;
  std::string name;  // empty: the uid alone is looked up in the files
};

// The maps for `user`. `subuid` and `subgid` are the files to read (the
// system's by default).
IdMaps user_id_maps(const User& user, const std::string& subuid = "/etc/subuid", const std::string& subgid = "/etc/subgid");

// What running without ranges limits, in one line (empty with ranges).
std::string id_maps_warning(const IdMaps& maps);

// Writes the maps of `pid`, a process in a new user namespace that waits
// for them. Throws naming the helper or file that failed.
void write_id_maps(pid_t pid, const IdMaps& maps);

// A clear error when this user cannot create user namespaces (naming the
// sysctl that forbids it), else nothing.
void require_user_namespaces();

// Whether this process is in the host's user namespace (its map is the
// whole range, one to one).
bool in_initial_user_namespace();

}  // namespace rootless
