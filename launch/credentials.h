// SPDX-License-Identifier: GPL-2.0-or-later
// launch/credentials.h: who a container's process runs as. --user takes
// NAME|UID or NAME|UID:GROUP|GID; names come from the container's own
// /etc/passwd and /etc/group, as Podman resolves them.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "config/environment.h"
#include "rootless/userns.h"

namespace launch {

// Whose ids a regular user's container maps, from the environment.
inline rootless::User user_of(const config::Environment& env) { return {env.uid, env.gid, env.user}; }

struct Credentials {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary; empty when no --user was given
  std::string home = "/";     // the passwd entry's, for HOME
};

// `user` as --user gives it ("" is root with no supplementary groups);
// `passwd` and `group` are the files' text (empty when absent). Without a
// group, the gid is the passwd entry's (0 for an unknown uid) and the
// supplementary groups are those that list the user, plus that gid. An
// unknown name is a base::LaunchError with exit code 126, worded as Podman's.
Credentials resolve_user(const std::string& user, const std::string& passwd, const std::string& group);

// A group's id: a number, or a name in `group` (the file's text); an
// unknown name is a base::LaunchError (126) worded as Podman's.
gid_t resolve_group(const std::string& name, const std::string& group);

// The container's own copy of a file under /etc: the upper dir's first,
// then the image's; empty when neither has it.
std::string container_file(const std::string& upper, const std::string& lower, const std::string& path);

}  // namespace launch
