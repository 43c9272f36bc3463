// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/reconcile.h: what a monitor would have done at its container's
// end, done by whoever finds the monitor gone (killed, crashed, the
// machine's OOM killer): the container's processes ended, its networks
// torn down, the end recorded. Under the container's lock, so that two
// commands finding the same dead monitor do it once.
#pragma once

#include "config/paths.h"
#include "store/container_store.h"

namespace monitor {

// `c` as it really is now. When its record says running and its monitor is
// gone, takes the lock, reads the record again and, if it still says so,
// ends the container's first process (its whole PID namespace goes with
// it), detaches its networks and records the end (137, as killed).
// Otherwise writes nothing.
store::ContainerState reconcile(const store::ContainerStore& store, const store::Container& c, const config::Paths& paths);

// The same, for a caller that holds the lock and has just read `c`.
store::ContainerState reconcile_locked(const store::ContainerStore& store, const store::Container& c,
                                       const config::Paths& paths);

}  // namespace monitor
