// SPDX-License-Identifier: GPL-2.0-or-later
// config/paths.h: where warren keeps its state, as root or as a regular
// user (shared/DESIGN.md, State on disk), and the overrides that let tests
// and users relocate all of it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/environment.h"

namespace config {

struct Paths {
  bool rootless = false;
  std::string root;                // containers, pods, images
  std::string runroot;             // runtime state, netns mounts, locks
  std::string network_config_dir;  // CNI conflists
  std::vector<std::string> cni_plugin_dirs;
  // libcni's result cache and host-local's leases (networks/NAME):
  // /var/lib/cni as root, ROOT/cni when --root relocates the state or for
  // a regular user, so that nothing of another root's is touched.
  std::string cni_state_dir;
  // The event log (store/events.h): RUNROOT/events/events.log; empty with
  // --events-backend none.
  std::string events_log;

  std::string netns_dir() const { return runroot + "/netns"; }
};

// What the environment asks for; empty fields take the defaults.
struct PathOverrides {
  std::optional<std::string> root;
  std::optional<std::string> runroot;
  std::optional<std::string> network_config_dir;
  bool no_events = false;  // --events-backend none
};

// libcni's and host-local's own default.
inline constexpr const char* kDefaultCniStateDir = "/var/lib/cni";

// containers.conf's default cni_plugin_dirs, in order.
const std::vector<std::string>& default_cni_plugin_dirs();

// Defaults for the environment's uid, with $XDG_* honoured for regular users.
Paths resolve_paths(const Environment& env, const PathOverrides& overrides);

}  // namespace config
