// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/user_volumes.h: a regular user's volumes with a file system of
// their own (volume create -o type=,device=,o=). The user may mount one
// only in a user namespace of the user's, so, as Podman's rootless
// volumes live in its pause process's mount namespace, they are mounted
// in one mount namespace all the user's containers share: a
// warren-infra's (the holder), in a user namespace with the user's maps,
// kept while a container runs with one of them. Each container attaches
// a copy of the mount made there (open_tree), so all of them see one
// file system, as Podman's do, and the host sees none.
//
// Who uses what is a list of waiters, one per container start: a process
// forked with the start that waits for its monitor's end (or death) and
// then lets go of the container's volumes; the last one out unmounts a
// volume, the last of all ends the holder. All under the volumes' lock.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/fd.h"
#include "config/settings.h"
#include "store/container_store.h"

namespace monitor {

class UserVolumes {
 public:
  UserVolumes() = default;
  UserVolumes(UserVolumes&&) = default;
  UserVolumes& operator=(UserVolumes&&) = default;

  // For a regular user's container with such volumes (none: nothing
  // done), before its monitor joins another user namespace (a bridge
  // network's, from which the holder's cannot be joined): the waiter
  // forked, each volume mounted in the holder's namespace (the holder
  // started if there is none) and, on its first use, filled with the
  // image's content at its mount point (`lower`, the image's root file
  // system); a tree of each made for the container. Throws a LaunchError.
  static UserVolumes prepare(const config::Settings& settings, const store::ContainerConfig& cfg, const std::string& lower);

  // The tree to attach for volume `name`; -1 when there is none.
  int tree(const std::string& name) const;

  // The container ended (its state saved): its waiter lets go of its
  // volumes, and is waited for. A monitor that dies lets go the same way,
  // and so does this one's end.
  void release();

 private:
  std::vector<std::pair<std::string, base::UniqueFd>> trees_;
  base::UniqueFd waiter_;  // the write end of the waiter's pipe
  pid_t waiter_pid_ = -1;
};

}  // namespace monitor
