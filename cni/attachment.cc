// SPDX-License-Identifier: GPL-2.0-or-later
// cni/attachment.cc: reading attachments.
#include "cni/attachment.h"

#include <fmt/format.h>

#include "cni/error.h"

namespace cni {

std::string owner_tag(const std::string& network, const std::string& container_id, const std::string& ifname) {
  return network + "/" + container_id + "/" + ifname;
}

std::string owner_tag(const base::json::Value& conf, const Env& env) {
  return owner_tag(base::json::string(conf, "name", "network config"), env.container_id, env.ifname);
}

std::vector<netns::Cidr> container_addresses(const Result& r, const std::string& ifname) {
  std::vector<netns::Cidr> named, sandboxed, all;
  for (const auto& ip : r.ips) {
    all.push_back(ip.address);
    if (!ip.interface || *ip.interface < 0 || static_cast<size_t>(*ip.interface) >= r.interfaces.size()) continue;
    const Interface& itf = r.interfaces[*ip.interface];
    if (itf.sandbox.empty()) continue;
    sandboxed.push_back(ip.address);
    if (itf.name == ifname) named.push_back(ip.address);
  }
  if (!named.empty()) return named;
  return sandboxed.empty() ? all : sandboxed;
}

std::vector<netns::Cidr> container_addresses(const Result& r, const Env& env) {
  return container_addresses(r, env.ifname);
}

std::string host_interface(const Result& r) {
  for (const auto& i : r.interfaces) {
    if (i.sandbox.empty()) return i.name;
  }
  return {};
}

std::vector<portmap::PortMapping> port_mappings(const base::json::Value& conf) {
  std::vector<portmap::PortMapping> out;
  const base::json::Value* rc = base::json::opt_object(conf, "runtimeConfig", "portmap config");
  if (!rc) return out;
  const base::json::Value* list = base::json::opt_array(*rc, "portMappings", "runtimeConfig");
  if (!list) return out;
  for (const auto& m : list->GetArray()) {
    auto port = [&](const char* key) {
      auto v = base::json::opt_int(m, key, "port mapping");
      if (!v || *v < 1 || *v > 65535) throw Error(kInvalidConfig, fmt::format("port mapping: invalid {}", key));
      return static_cast<uint16_t>(*v);
    };
    portmap::PortMapping pm{port("hostPort"), port("containerPort"),
                            base::json::opt_string(m, "protocol", "port mapping").value_or("tcp"), std::nullopt};
    if (!portmap::protocol_number(pm.protocol)) {
      throw Error(kInvalidConfig, fmt::format("port mapping: unknown protocol \"{}\"", pm.protocol));
    }
    if (auto ip = base::json::opt_string(m, "hostIP", "port mapping"); ip && !ip->empty()) {
      pm.host_ip = netns::IpAddress::parse(*ip);
      if (!pm.host_ip) throw Error(kInvalidConfig, fmt::format("port mapping: invalid hostIP {}", *ip));
    }
    out.push_back(pm);
  }
  return out;
}

}  // namespace cni
