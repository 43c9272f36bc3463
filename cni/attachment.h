// SPDX-License-Identifier: GPL-2.0-or-later
// cni/attachment.h: what the chained plugins read off an attachment: its
// owner tag in warren's table, the container's addresses and the host
// interface in a result, and the port mappings of a runtimeConfig.
#pragma once

#include <string>
#include <vector>

#include "base/json.h"
#include "cni/plugin.h"
#include "cni/result.h"
#include "netns/ip.h"
#include "portmap/ports.h"

namespace cni {

// NETWORK/CONTAINERID/IFNAME: tags every element of the attachment.
std::string owner_tag(const std::string& network, const std::string& container_id, const std::string& ifname);
std::string owner_tag(const base::json::Value& conf, const Env& env);

// The addresses of the container's interface `env.ifname` (falling back to
// every address with an interface in a sandbox, or every address).
std::vector<netns::Cidr> container_addresses(const Result& r, const std::string& ifname);
std::vector<netns::Cidr> container_addresses(const Result& r, const Env& env);

// The first interface of the result outside any sandbox (the bridge).
std::string host_interface(const Result& r);

// runtimeConfig.portMappings of a plugin config.
std::vector<portmap::PortMapping> port_mappings(const base::json::Value& conf);

}  // namespace cni
