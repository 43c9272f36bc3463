// SPDX-License-Identifier: GPL-2.0-or-later
// launch/credentials.h: who a container's process runs as. --user takes
// NAME|UID or NAME|UID:GROUP|GID; names come from the container's own
// /etc/passwd and /etc/group, as Podman resolves them.
#pragma once

#include <sys/types.h>

#include <optional>
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

// What Podman adds to a container's /etc/passwd and /etc/group when it
// starts. `user` is --user as given; `workdir` the home of added users.
struct UserFileInput {
  std::string user, workdir;
  bool passwd = true;           // --passwd: a line for a numeric --user the file lacks
  std::string entry_template;   // --passwd-entry: $USERNAME, $UID, $GID, $NAME, $HOME
  std::vector<std::string> host_users;  // --hostuser: names or uids, from `host_passwd`
  std::string host_passwd;      // the host's /etc/passwd text
  // --userns keep-id: the user's own entry (and group's), from the host's
  // files, where the container's lack them.
  std::optional<uid_t> current_user;
  std::string host_group;       // the host's /etc/group text
};
struct UserFiles {
  std::string passwd, group;      // the files' new text
  std::string original_group;     // the group file as the image has it
  bool passwd_changed = false, group_changed = false;
};
// `passwd` and `group` are the container's files' text. A host user that
// does not exist, or a group name the file lacks, is a LaunchError (126)
// worded as Podman's.
UserFiles user_files(const std::string& passwd, const std::string& group, const UserFileInput& in);

// The container's own copy of a file under /etc: the upper dir's first,
// then the image's; empty when neither has it.
std::string container_file(const std::string& upper, const std::string& lower, const std::string& path);

}  // namespace launch
