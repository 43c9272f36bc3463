// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/pods.h: a pod's containers moved together, in the order their
// namespaces need: the infra (the holder of the shared namespaces) first
// up and last down. Each container is changed through runtime/containers.h,
// under its own lock.
#pragma once

#include <string>

#include "config/settings.h"
#include "store/container_store.h"
#include "store/pod_store.h"

namespace runtime {

// A new pod: its record (its name claimed, a random one unless given)
// and, unless it has none, its infra container, made from `infra`'s
// network and /etc settings. All or nothing.
store::PodConfig create_pod(const config::Settings& settings, store::PodConfig pod, store::ContainerConfig infra);

// `c` as a member of `pod`: the pod's id, and the infra's namespaces the
// pod shares (its network replaces c's own).
void join_pod(const store::PodConfig& pod, store::ContainerConfig& c);

// The infra of a pod made for `c` (run --pod new:NAME): c's network,
// published ports and /etc options, under a new id; c's own id alias on
// its networks becomes the infra's.
store::ContainerConfig infra_for(store::ContainerConfig& c);

// The pod's infra, started unless it runs; two members starting at once
// start it once (its lock).
void start_infra(const config::Settings& settings, const store::ContainerStore& store, const std::string& pod_id);

// The infra, then every member that does not run. A member that fails
// names itself: "starting container ID: ...".
void start_pod(const config::Settings& settings, const store::PodConfig& pod);

// Members first, newest first; the infra last.
void stop_pod(const config::Settings& settings, const store::PodConfig& pod, int timeout);

// `sig` to every running container of the pod.
void kill_pod(const config::Settings& settings, const store::PodConfig& pod, int sig);

// Stops and removes its containers and the pod; running ones only with `force`.
void remove_pod(const config::Settings& settings, const store::PodConfig& pod, bool force, int timeout);

// Podman's status of the pod, from its containers' states as they really are.
std::string pod_state(const config::Settings& settings, const store::PodConfig& pod);

}  // namespace runtime
