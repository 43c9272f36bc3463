// SPDX-License-Identifier: GPL-2.0-or-later
// tests/throwaway.h: move this process into a fresh network and mount
// namespace (and a user namespace when not root) that plays the host, so
// nothing it does reaches the machine's own interfaces, routes, nftables
// or mount table, and all of it vanishes with the process.
#pragma once

#include <string>

namespace testing {

// Must run before any thread starts. Empty on success, else why not.
std::string enter_throwaway_host();

}  // namespace testing
