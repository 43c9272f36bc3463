// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/user_netns.h: a regular user's bridge networks, in a network
// namespace of the user's own. A warren-infra holds a user, a mount and a
// network namespace, made with the user's id maps; its way out is the
// user-mode stack on a tap there. The holder (warren-monitor --user-netns)
// starts it on first use, runs the stack for it, and ends both once no
// container is on a bridge network any more: no monitor holds the lock
// shared and RUNROOT/netns is empty (a container whose monitor was killed
// keeps it until the next command reconciles it). A killed holder is
// replaced by the next start, which adopts the infra and its namespaces.
//
// A container's monitor joins the three namespaces (its container then
// shares the user namespace, as Podman's rootless containers share
// theirs) and sets up its networks there as root does on the host: the
// bridge, the veths, warren's nftables table, the named netns mounts and
// the DNS responder all live inside. Its published ports are held on the
// host before it joins, and forwarded into the namespace.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

#include "base/file.h"
#include "config/paths.h"

namespace monitor {

struct UserNetns {
  base::FileLock lock;  // shared while the caller uses it: the holder stays
  pid_t infra = 0;
  pid_t holder = 0;
};

// The user's network namespace, its holder started (or replaced) first if
// it does not run. Throws with what failed (/dev/net/tun, the id maps).
UserNetns ensure_user_netns(const config::Paths& paths);

// Joins its user, mount and network namespaces; the caller has one thread.
void enter_user_netns(const UserNetns& u);

// Runs `fn` in a child inside the namespaces (for a command of the CLI:
// reconcile, network connect); false when no holder runs (nothing of the
// user's bridge networks is left to reach). Throws what `fn` threw, as text.
bool in_user_netns(const config::Paths& paths, const std::function<void()>& fn);

// The infra's pid, 0 when no holder runs (for the fixes network doctor
// prints: nsenter -t PID).
pid_t user_netns_infra(const config::Paths& paths);

// Asks the holder to look whether it is still needed.
void nudge_user_netns(const config::Paths& paths);

// warren-monitor --user-netns: the holder.
int user_netns_main(int argc, char** argv);

}  // namespace monitor
