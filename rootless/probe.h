// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/probe.h: can this user, here, do what rootless containers need:
// create user namespaces and open /dev/net/tun? Each answer carries the
// reason and the fix when it is no.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rootless {

struct Capability {
  bool usable = false;
  std::string reason;  // empty when usable
};

// Tries to create a user namespace in a short-lived child process.
Capability probe_user_namespaces();

// Tries to open the TUN device for reading and writing.
Capability probe_tun();

}  // namespace rootless
