// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/host_info.h: the facts `warren info` reports, each found out for
// real on this machine: kernel, rootless or not, state dirs, plugin dirs,
// and whether nftables, TUN and user namespaces are usable.
#pragma once

#include <string>
#include <vector>

#include "rootless/probe.h"
#include "config/paths.h"

namespace runtime {

struct HostInfo {
  std::string arch;       // Go's name: amd64, arm64, ...
  std::string os = "linux";
  std::string kernel;
  std::string hostname;
  bool rootless = false;
  config::Paths paths;
  std::vector<std::string> plugin_dirs_present;  // the plugin dirs that exist
  rootless::Capability nftables;
  rootless::Capability tun;
  rootless::Capability user_namespaces;
};

HostInfo gather_host_info(const config::Paths& paths);

}  // namespace runtime
