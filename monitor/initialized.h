// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/initialized.h: `init`. The monitor makes the container as for a
// start and holds its first process before its mounts and exec (from the
// launcher's on_namespaces); the record says "initialized" until a start
// writes 'g' to the container's start fifo, or a stop, kill or rm writes
// 'x' and the monitor ends it as a failed start (its network torn down,
// its record back as it was).
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

#include "netconf/container_network.h"
#include "store/container_store.h"

namespace monitor {

// In the monitor, with the process made: records it as initialized, calls
// `ready` (the CLI's init returns), and waits; throws unless told to go.
void hold_initialized(const store::ContainerStore& store, const store::Container& c, const netconf::ContainerNetwork& net,
                      pid_t pid, const std::function<void()>& ready);

// An initialized container's monitor told to go on (exec its process),
// or with !go to end it; throws when no monitor holds it.
void release_initialized(const store::ContainerStore& store, const std::string& id, bool go);

}  // namespace monitor
