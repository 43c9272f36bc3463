// SPDX-License-Identifier: GPL-2.0-or-later
// dns/control.h: starting, reloading and finding warren's DNS
// responder, daemonless. Its files live in RUNROOT/dns: `lock` (held by
// whoever starts or reloads it, and by the responder deciding to end),
// `pid`, `generation` (bumped at every change of the records) and `ack`
// (the generation the responder has loaded, and the error it met, if any).
#pragma once

#include <string>

namespace dns {

struct DnsPaths {
  std::string root, runroot, network_config_dir;
  std::string dir() const { return runroot + "/dns"; }
};

// Tells the responder that warren's state changed and waits (a few
// seconds at most) until it has read it: started first when it is not
// running and `start` is set. Throws with the responder's error (a port 53
// taken on a gateway address says by what).
void refresh_dns(const DnsPaths& paths, bool start);

// The responder's pid, 0 when none runs.
int dns_responder_pid(const DnsPaths& paths);

}  // namespace dns
