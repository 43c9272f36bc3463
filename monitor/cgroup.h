// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/cgroup.h: a container's cgroup as its record describes it:
// PARENT/libpod-ID (PARENT: --cgroup-parent, else /libpod_parent, as
// Podman's cgroupfs manager names them), with its limits and device rules;
// none with --cgroups=disabled, or for a regular user (whose v1 machine
// gives no cgroup of their own). Made by the monitor before the first
// process runs, removed when it ends; exec's processes, pause, stats and
// rm find it here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/paths.h"
#include "launch/cgroups.h"
#include "store/container_store.h"
#include "store/pod_store.h"

namespace monitor {

// --device as the record keeps it, "HOST:PATH:PERMS".
struct DeviceMapping {
  std::string host, inside, perms;
};
DeviceMapping device_mapping(const std::string& text);

// Where it is (or would be); nullopt when the container has none.
std::optional<launch::Cgroup> container_cgroup(const config::Paths& paths, const store::ContainerConfig& cfg);

// Makes it: limits, Podman's device allow-list, --device's nodes and
// --device-cgroup-rule (every device when privileged).
// The monitor's at start: container_cgroup's, and with --cgroups split
// first everything in the monitor's own cgroups moved under "runtime" (as
// Podman moves itself and conmon), or Podman's error (126) when its
// creator was at the root.
std::optional<launch::Cgroup> split_cgroup(const config::Paths& paths, const store::ContainerConfig& cfg);
launch::Cgroup make_container_cgroup(const launch::Cgroup& where, const store::ContainerConfig& cfg);

// A pod's cgroup (store::PodConfig::cgroup_path) with the pod's limits:
// made at pod create, and again by a member's start when a reboot took
// it; removed with the pod (what is left in it killed). Nothing for a pod
// without one.
void make_pod_cgroup(const store::PodConfig& pod);
void remove_pod_cgroup(const store::PodConfig& pod);

// --device's nodes: (host node, name under /dev) for the launcher; and
// those placed elsewhere, bound like files (host node, path).
std::vector<std::pair<std::string, std::string>> device_nodes(const store::ContainerConfig& cfg);
std::vector<std::pair<std::string, std::string>> device_binds(const store::ContainerConfig& cfg);

// Whether it gets a cgroup namespace of its own (--cgroupns; Podman's
// default: private on v2, host on v1).
bool private_cgroupns(const store::ContainerConfig& cfg, const launch::CgroupFs& fs);

}  // namespace monitor
