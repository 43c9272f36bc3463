// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/cgroup_control.h: what a container's cgroup answers for:
// pause and unpause (the freezer), and the figures `stats` shows (CPU,
// memory, PIDs and block I/O from the cgroup; network I/O from the
// container's interfaces), each with Podman's words when the container
// has no cgroup (a regular user on cgroup v1) or is in the wrong state.
#pragma once

#include <cstdint>
#include <string>

#include "config/settings.h"
#include "store/container_store.h"

namespace runtime {

// Freezes it (State.Paused, ps's "Paused"); Podman's errors for a
// container that is not running or already paused.
void pause_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& name);
void unpause_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& name);

// A paused container thawed (after stop or kill sent it a signal, which a
// frozen process cannot take); nothing for one that is not. The caller
// holds its lock.
void thaw_if_paused(const config::Settings& settings, const store::ContainerStore& store, const store::Container& c);

struct ContainerStats {
  uint64_t cpu_ns = 0;         // CPU time used
  double cpu_seconds_up = 0;   // seconds since it started
  uint64_t memory = 0, memory_limit = 0;  // bytes; the limit is the host's memory when none is set
  uint64_t pids = 0;
  uint64_t net_rx = 0, net_tx = 0;      // bytes, all its interfaces but lo
  uint64_t block_read = 0, block_write = 0;
};

// Zeros for a container that does not run; throws Podman's words when
// there is no cgroup to read.
ContainerStats container_stats(const config::Settings& settings, const store::ContainerStore& store, const store::Container& c);

}  // namespace runtime
