// SPDX-License-Identifier: GPL-2.0-or-later
// netns/tun.h: tap devices. The kernel creates them only through
// /dev/net/tun (rtnetlink refuses "tun" links), in the namespace of the
// thread that opens the device; the fd then works from anywhere.
#pragma once

#include <string>

#include "base/fd.h"

namespace netns {

class Namespace;

inline constexpr const char* kTunDevice = "/dev/net/tun";

struct Tap {
  base::UniqueFd fd;   // frames in and out; closing it removes a non-persistent tap
  std::string name;    // as the kernel named it
};

// Create a tap in `ns` (nullptr: the caller's namespace). `name` may hold a
// %d for the kernel to fill. A persistent tap outlives the fd.
Tap create_tap(const std::string& name, const Namespace* ns = nullptr, bool persistent = false);

}  // namespace netns
