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

// What differs between warren's table and what the cache says it should
// hold (empty: nothing); reads, changes nothing.
std::string firewall_drift(const std::string& cache_dir);

// The host end of a cached attachment (the veth on the bridge): the
// interface of its result outside the sandbox that is not `bridge`.
// Empty when nothing is cached for it.
std::string cached_host_end(const std::string& cache_dir, const std::string& network, const std::string& container_id,
                            const std::string& ifname, const std::string& bridge);

// Rebuild warren's table (in the caller's namespace) if it is not as the
// cache says. Returns what had drifted; empty when nothing was done.
std::string repair_firewall(const std::string& cache_dir);

}  // namespace cni
