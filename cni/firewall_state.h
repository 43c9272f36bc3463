// SPDX-License-Identifier: GPL-2.0-or-later
// cni/firewall_state.h: what warren's nftables table should hold, derived
// from the result cache (every attachment's conflist, capability args and
// result), and the drift repair built on it: `network reload` and every
// command that touches a network call this.
#pragma once

#include <string>

#include "portmap/owned.h"

namespace cni {

// The elements every cached attachment puts in warren's table.
portmap::Entries wanted_entries(const std::string& cache_dir);

// Rebuild warren's table (in the caller's namespace) if it is not as the
// cache says. Returns what had drifted; empty when nothing was done.
std::string repair_firewall(const std::string& cache_dir);

}  // namespace cni
