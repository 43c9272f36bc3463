// SPDX-License-Identifier: GPL-2.0-or-later
// cni/firewall_state.cc: replaying cached attachments into elements.
#include "cni/firewall_state.h"

#include <sys/socket.h>

#include <algorithm>

#include "base/base64.h"
#include "base/file.h"
#include "base/log.h"
#include "cni/attachment.h"
#include "cni/cache.h"
#include "cni/config.h"
#include "netns/netlink.h"
#include "portmap/drift.h"
#include "portmap/firewall.h"
#include "portmap/masquerade.h"
#include "portmap/ports.h"

namespace cni {

namespace {

// One cached attachment's elements, plugin by plugin as its chain made them.
portmap::Entries entries_of(const base::json::Value& cached) {
  portmap::Entries out;
  auto config = base::base64_decode(base::json::string(cached, "config", "cache"));
  if (!config) return out;
  Conflist list = parse_conflist(*config);
  std::string id = base::json::string(cached, "containerId", "cache");
  std::string ifname = base::json::string(cached, "ifName", "cache");
  const base::json::Value* res = base::json::opt_object(cached, "result", "cache");
  if (!res) return out;
  Result result = parse_result(*res);
  base::json::Value none(rapidjson::kObjectType);
  const base::json::Value* caps = base::json::opt_object(cached, "capabilityArgs", "cache");
  std::string owner = owner_tag(list.name, id, ifname);
  std::vector<netns::Cidr> addrs = container_addresses(result, ifname);
  for (size_t i = 0; i < list.plugins.size(); ++i) {
    base::json::Document conf = plugin_config(list, i, result, caps ? *caps : none);
    std::string type = list.type(i);
    if (type == "bridge" && base::json::boolean(conf, "ipMasq", false, "bridge config")) {
      std::string bridge = base::json::opt_string(conf, "bridge", "bridge config").value_or("cni0");
      portmap::merge(out, portmap::masquerade_entries(owner, addrs, bridge));
    } else if (type == "portmap") {
      portmap::merge(out, portmap::port_entries({owner, port_mappings(conf), addrs, host_interface(result)}));
    } else if (type == "firewall") {
      portmap::merge(out, portmap::firewall_entries(owner, addrs, host_interface(result),
                                                    base::json::boolean(conf, "internal", false, "firewall config")));
    }
  }
  return out;
}

}  // namespace

portmap::Entries wanted_entries(const std::string& cache_dir) {
  portmap::Entries out;
  for (const auto& e : ResultCache(cache_dir).entries("")) {
    try {
      auto text = base::read_file(e.path);
      if (!text) continue;
      portmap::merge(out, entries_of(base::json::parse(*text, "cached result")));
    } catch (const std::exception& ex) {
      // One unreadable record must not keep every other attachment unrepaired.
      LOG_DEBUG("firewall state: skipping {}: {}", e.path, ex.what());
    }
  }
  return out;
}

std::string firewall_drift(const std::string& cache_dir) {
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  base::FileLock guard = ResultCache(cache_dir).guard(base::FileLock::Mode::shared);
  portmap::Entries want = wanted_entries(cache_dir);
  std::string drift = portmap::table_drift(nft, want);
  // No attachment wants anything: no table is as good as an empty one.
  bool nothing = want.counters.empty() && std::all_of(want.sets.begin(), want.sets.end(), [](const auto& s) { return s.second.empty(); });
  if (nothing && drift == portmap::kTableMissing) return "";
  return drift;
}

std::string cached_host_end(const std::string& cache_dir, const std::string& network, const std::string& container_id,
                            const std::string& ifname, const std::string& bridge) {
  auto text = base::read_file(ResultCache(cache_dir).path(network, container_id, ifname));
  if (!text) return "";
  base::json::Document cached = base::json::parse(*text, "cached result");
  const base::json::Value* res = base::json::opt_object(cached, "result", "cache");
  if (!res) return "";
  for (const auto& i : parse_result(*res).interfaces) {
    if (i.sandbox.empty() && i.name != bridge) return i.name;
  }
  return "";
}

std::string repair_firewall(const std::string& cache_dir) {
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  // No ADD or DEL between reading the cache and writing the table.
  base::FileLock guard = ResultCache(cache_dir).guard(base::FileLock::Mode::exclusive);
  return portmap::repair_table(nft, wanted_entries(cache_dir));
}

}  // namespace cni
