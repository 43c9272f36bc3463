// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/health_ticker.h: a container's periodic health checks, with no
// systemd timer (Podman 4.3 needs one): a child of the monitor runs
// `warren healthcheck run ID` every interval, for as long as the monitor
// lives (it dies with it, by PR_SET_PDEATHSIG, and is ended when the
// container ends).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace monitor {

// `command` is the warren CLI and its global flags; the check's words
// are added. Returns the ticker's pid.
pid_t start_health_ticker(std::vector<std::string> command, const std::string& id, int64_t interval_ns);
void stop_health_ticker(pid_t pid);

}  // namespace monitor
