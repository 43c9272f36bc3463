// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/container_spec.h: what a container's start is made of, from its
// record (monitor/container_spec.cc): the launcher's spec and the files it
// binds. container_process, exec's too, is declared in monitor/monitor.h.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "config/settings.h"
#include "launch/cgroups.h"
#include "launch/launcher.h"
#include "netconf/container_network.h"
#include "netconf/user_network.h"
#include "store/container_store.h"

namespace monitor {

class UserVolumes;

// Made anew at each start: on the run root (a tmpfs), as Podman keeps them.
std::string userdata_dir(const store::ContainerStore& store, const std::string& id);

// The generated /etc files (hosts, hostname, resolv.conf) in the
// userdata dir: (file, path in the container).
std::vector<std::pair<std::string, std::string>> own_etc_files(const store::ContainerStore& store, const store::ContainerConfig& cfg,
                                                               const netconf::ContainerNetwork& net);

// The launcher's spec for `c`'s first process; `cg` (when it has one) is
// joined before the process runs.
// A pod's infra: warren-infra in the pod's namespaces (--pid, --uts as
// pod create gave them), in its cgroup, with its user-mode network.
launch::InfraSpec infra_spec(const store::ContainerStore& store, const store::ContainerConfig& cfg, const config::Settings& settings,
                             netconf::ContainerNetwork& net, netconf::UserNet& user_net, const launch::Cgroup* cg);

launch::LaunchSpec launch_spec(const store::ContainerStore& store, const store::Container& c, const std::string& lower,
                               const config::Settings& settings, netconf::ContainerNetwork& net, netconf::UserNet& user_net,
                               const launch::Cgroup* cg, const UserVolumes& volumes);

}  // namespace monitor
