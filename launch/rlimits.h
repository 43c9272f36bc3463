// SPDX-License-Identifier: GPL-2.0-or-later
// launch/rlimits.h: --ulimit NAME=SOFT[:HARD] as Podman (go-units) reads
// it, for the container's processes (set before they drop privileges).
#pragma once

#include <sys/resource.h>

#include <string>

namespace launch {

struct Ulimit {
  int resource = 0;  // RLIMIT_*
  rlim_t soft = 0, hard = 0;
};

// "nofile=1024:2048", "nproc=-1" (unlimited); throws Podman's words:
// ulimit option "X" requires name=SOFT:HARD, failed to be parsed: ...
Ulimit parse_ulimit(const std::string& text);

}  // namespace launch
