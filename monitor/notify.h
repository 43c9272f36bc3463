// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/notify.h: --sdnotify, for warren run under systemd (a unit of
// Type=notify: NOTIFY_SOCKET in warren's environment), as Podman's:
// - conmon: the monitor tells systemd READY=1, with MAINPID its own pid,
//   once the container runs;
// - container: the container gets a socket of its own, bound at
//   /run/notify/notify.sock, named by NOTIFY_SOCKET in its environment;
//   the monitor tells systemd MAINPID (its own pid) at the start and
//   passes on what the container sends there (its READY=1, STATUS=...);
// - ignore: nothing.
// Without NOTIFY_SOCKET, nothing either.
#pragma once

#include <optional>
#include <string>

#include "base/fd.h"
#include "config/settings.h"
#include "launch/launcher.h"
#include "monitor/relay.h"
#include "store/container_store.h"

namespace monitor {

inline constexpr const char* kNotifyInside = "/run/notify/notify.sock";

struct Notify {
  std::string host;      // systemd's socket (NOTIFY_SOCKET; "@..." abstract)
  base::UniqueFd inner;  // container mode: the container's socket, bound in the run dir
  std::string inner_path;
};

// What the container's --sdnotify asks for here; nullopt for nothing.
std::optional<Notify> prepare_notify(const config::Settings& settings, const store::ContainerStore& store,
                                     const store::ContainerConfig& cfg);

// Container mode: the socket bound into the container, and named in its
// environment.
void add_notify_socket(const Notify& n, launch::LaunchSpec& spec);

// One datagram to systemd's socket; a failure is systemd's to notice.
void notify_host(const Notify& n, const std::string& text);

// The relay passes on what the container sends on its socket (`n`
// outlives the relay).
void relay_notify(Relay& relay, const Notify& n);

}  // namespace monitor
