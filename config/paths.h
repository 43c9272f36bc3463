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
  // The storage driver of new containers: "overlay" or "vfs" (a full
  // copy of the image's files, where overlay cannot be used).
  std::string storage_driver = "overlay";

  std::string netns_dir() const { return runroot + "/netns"; }
};

// What the environment asks for; empty fields take the defaults.
struct PathOverrides {
  std::optional<std::string> root;
  std::optional<std::string> runroot;
  std::optional<std::string> network_config_dir;
  bool no_events = false;  // --events-backend none
  std::optional<std::string> storage_driver;  // --storage-driver
};

// libcni's and host-local's own default.
inline constexpr const char* kDefaultCniStateDir = "/var/lib/cni";

// containers.conf's default cni_plugin_dirs, in order.
const std::vector<std::string>& default_cni_plugin_dirs();

// Defaults for the environment's uid, with $XDG_* honoured for regular users.
Paths resolve_paths(const Environment& env, const PathOverrides& overrides);

// The driver a store was made with (ROOT/storage-driver, as Podman's
// database records it) wins over $STORAGE_DRIVER; --storage-driver that
// differs from it is an error, as Podman's "database configuration
// mismatch". A store without a record takes --storage-driver, then
// $STORAGE_DRIVER, then overlay (vfs on overlayfs); record_storage_driver()
// writes it when the store's first container is made, or at once when
// --storage-driver is given.
std::string resolve_storage_driver(const Environment& env, const PathOverrides& overrides, const std::string& root);
void record_storage_driver(const Paths& paths);

}  // namespace config
