// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/network_attach.cc: netns, CNI ADD/DEL through the in-process loader.
#include "netconf/network_attach.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/scope.h"
#include "netconf/forward_policy.h"
#include "cni/firewall_state.h"
#include "cni/loader.h"
#include "netns/link.h"
#include "netns/namespace.h"
#include "netns/netlink.h"
#include "portmap/table.h"

namespace netconf {

namespace {

std::string saved_conflist(const std::string& dir, const std::string& network) {
  return dir + "/net-" + network + ".conflist";
}

// Each attachment's interface: its interface_name=, else the first ethN
// that no other attachment names, as Podman picks them.
std::vector<std::string> interface_names(const AttachRequest& req) {
  std::vector<std::string> names;
  for (const auto& n : req.networks) names.push_back(n.second.interface);
  size_t next = 0;
  for (auto& name : names) {
    while (name.empty()) {
      std::string candidate = fmt::format("eth{}", next++);
      bool taken = std::any_of(req.networks.begin(), req.networks.end(),
                               [&](const auto& n) { return n.second.interface == candidate; });
      if (!taken) name = candidate;
    }
  }
  return names;
}

// A conflist as it runs here: host-local keeps its leases under the
// settings' CNI state dir (relocated with --root), unless the conflist
// names a dataDir of its own. ADD and DEL both read it through here.
cni::Conflist load_for(const std::string& path, const CniDirs& cni) {
  cni::Conflist list = cni::load_conflist(path);
  if (cni.state_dir.empty() || cni.state_dir == config::kDefaultCniStateDir) return list;
  std::string data_dir = cni.state_dir + "/networks";
  for (auto& plugin : list.plugins) {
    const base::json::Value* found = base::json::opt_object(plugin, "ipam", "a plugin");
    if (!found || base::json::string_or(*found, "type", "ipam") != "host-local" || found->HasMember("dataDir")) continue;
    auto& ipam = plugin["ipam"];
    ipam.AddMember("dataDir", base::json::Value(data_dir.c_str(), plugin.GetAllocator()), plugin.GetAllocator());
  }
  return list;
}

// runtimeConfig for one attachment: the ports on the first network only
// (one host port can lead to one place), and a static address.
base::json::Object capability_args(const store::NetworkAttachment& a, const std::vector<store::PublishedPort>& ports, bool first) {
  base::json::Object o;
  if (first && !ports.empty()) {
    std::string text = "[";
    for (const auto& p : ports) {
      if (p.host_ip == "::1") continue;  // served by the monitor's forwarder (netconf/container_network.h)
      for (uint16_t i = 0; i < p.range; ++i) {
        if (text.size() > 1) text += ",";
        text += fmt::format(R"({{"hostPort":{},"containerPort":{},"protocol":"{}","hostIP":"{}"}})", p.host_port + i,
                            p.container_port + i, p.protocol, p.host_ip);
      }
    }
    text += "]";
    o.add("portMappings", base::json::parse(text, "portMappings"));
  }
  std::vector<std::string> ips;
  if (!a.ip.empty()) ips.push_back(a.ip);
  if (!a.ip6.empty()) ips.push_back(a.ip6);
  if (!ips.empty()) o.add_strings("ips", ips);
  return o;
}

cni::RuntimeConf runtime_conf(const std::string& id, const std::string& name, const std::string& netns,
                              const std::string& ifname) {
  cni::RuntimeConf rt;
  rt.container_id = id;
  rt.netns = netns;
  rt.ifname = ifname;
  rt.args = {{"IgnoreUnknown", "1"}, {"K8S_POD_NAMESPACE", name}, {"K8S_POD_NAME", name}};
  return rt;
}

store::NetworkStatus status_of(const std::string& network, const std::string& ifname, const cni::Result& r) {
  store::NetworkStatus s;
  s.name = network;
  s.interface = ifname;
  for (const auto& i : r.interfaces) {
    if (i.name == ifname && !i.sandbox.empty()) s.mac = i.mac;
  }
  for (const auto& ip : r.ips) {
    bool ours = !ip.interface || (*ip.interface >= 0 && static_cast<size_t>(*ip.interface) < r.interfaces.size() &&
                                  r.interfaces[*ip.interface].name == ifname);
    if (!ours) continue;
    std::string gw = ip.gateway ? ip.gateway->str() : "";
    if (ip.address.addr().is_v4() && s.ip.empty()) {
      s.ip = ip.address.addr().str();
      s.prefix = ip.address.prefix();
      s.gateway = gw;
    } else if (!ip.address.addr().is_v4() && s.ip6.empty()) {
      s.ip6 = ip.address.addr().str();
      s.prefix6 = ip.address.prefix();
      s.gateway6 = gw;
    }
  }
  return s;
}

}  // namespace

Attached attach_networks(const AttachRequest& req) {
  Attached out;
  netns::Namespace ns = netns::create_named(req.netns_dir, req.container_id);
  out.netns_path = ns.path();
  cni::Loader loader(req.cni.plugin_dirs, req.cni.state_dir);
  std::vector<std::string> ifnames = interface_names(req);
  std::vector<std::pair<const Network*, size_t>> done;
  auto undo = base::on_failure([&] {
    for (auto it = done.rbegin(); it != done.rend(); ++it) {
      try {
        cni::Conflist list = load_for(saved_conflist(req.saved_dir, it->first->name), req.cni);
        loader.del(list, runtime_conf(req.container_id, req.container_name, out.netns_path, ifnames[it->second]));
      } catch (...) {
      }
      base::remove_file(saved_conflist(req.saved_dir, it->first->name));
    }
    netns::remove_named(req.netns_dir, req.container_id);
  });
  base::ensure_dir(req.saved_dir, 0700);
  for (size_t i = 0; i < req.networks.size(); ++i) {
    const auto& [net, attachment] = req.networks[i];
    cni::Conflist list = load_for(net.path, req.cni);
    // Teardown uses this copy, whatever happens to the network's file.
    base::write_file_atomic(saved_conflist(req.saved_dir, net.name), list.source, 0600, false);
    done.emplace_back(&net, i);
    cni::RuntimeConf rt = runtime_conf(req.container_id, req.container_name, out.netns_path, ifnames[i]);
    // The MAC as Podman passes it: in CNI_ARGS, for bridge and tuning alike.
    if (!attachment.mac.empty()) rt.args.emplace_back("MAC", attachment.mac);
    base::json::Object caps = capability_args(attachment, req.ports, i == 0);
    rt.capability_args = std::move(caps);
    try {
      out.networks.push_back(status_of(net.name, rt.ifname, loader.add(list, rt)));
    } catch (base::Error& e) {
      e.wrap("attach network {}", net.name);
      throw;
    }
  }
  undo.dismiss();
  return out;
}

store::NetworkStatus attach_one(const AttachRequest& req, const std::string& netns_path, const std::string& ifname) {
  // (Named, not bound: clang 14 takes no structured binding into a lambda.)
  const auto& net = req.networks.front().first;
  const auto& attachment = req.networks.front().second;
  cni::Loader loader(req.cni.plugin_dirs, req.cni.state_dir);
  cni::Conflist list = load_for(net.path, req.cni);
  base::ensure_dir(req.saved_dir, 0700);
  base::write_file_atomic(saved_conflist(req.saved_dir, net.name), list.source, 0600, false);
  auto undo = base::on_failure([&] { base::remove_file(saved_conflist(req.saved_dir, net.name)); });
  cni::RuntimeConf rt = runtime_conf(req.container_id, req.container_name, netns_path, ifname);
  if (!attachment.mac.empty()) rt.args.emplace_back("MAC", attachment.mac);
  rt.capability_args = capability_args(attachment, {}, false);
  try {
    store::NetworkStatus s = status_of(net.name, ifname, loader.add(list, rt));
    undo.dismiss();
    return s;
  } catch (base::Error& e) {
    e.wrap("attach network {}", net.name);
    throw;
  }
}

void detach_one(const std::string& container_id, const std::string& netns_path, const std::string& saved_dir,
                const CniDirs& cni, const store::NetworkStatus& network) {
  cni::Loader loader(cni.plugin_dirs, cni.state_dir);
  std::string saved = saved_conflist(saved_dir, network.name);
  cni::Conflist list = load_for(saved, cni);
  cni::RuntimeConf rt;
  rt.container_id = container_id;
  rt.netns = netns_path;
  rt.ifname = network.interface;
  loader.del(list, rt);
  base::remove_file(saved);
}

std::string detach_networks(const std::string& container_id, const std::string& netns_dir, const std::string& saved_dir,
                            const CniDirs& cni, const std::vector<store::NetworkStatus>& networks) {
  std::string errors;
  auto note = [&](const std::string& what) { errors += (errors.empty() ? "" : "; ") + what; };
  // The namespace first: with its last reference gone the kernel removes
  // its interfaces (and their host peers) on its own, in the background and
  // in batches, where deleting each veth here would wait for RCU grace
  // periods (some 20 ms each). DEL then finds no netns, which the spec
  // allows, and releases the rest: leases, ports, masquerade.
  try {
    netns::remove_named(netns_dir, container_id);
  } catch (const std::exception& e) {
    note(e.what());
  }
  std::string netns_path = netns_dir + "/" + container_id;
  for (size_t i = networks.size(); i-- > 0;) {
    try {
      detach_one(container_id, netns_path, saved_dir, cni, networks[i]);
    } catch (const std::exception& e) {
      note(fmt::format("detach network {}: {}", networks[i].name, e.what()));
    }
  }
  return errors;
}

std::string repair_firewall(const CniDirs& cni) { return cni::repair_firewall(cni.state_dir); }

netns::nft::TableRef firewall_table() { return portmap::kTable; }

std::string firewall_drift(const CniDirs& cni) { return cni::firewall_drift(cni.state_dir); }

std::string host_end(const CniDirs& cni, const Network& net, const std::string& container_id, const std::string& ifname) {
  return cni::cached_host_end(cni.state_dir, net.name, container_id, ifname, net.interface);
}

void remove_network_leftovers(const Network& n, const CniDirs& cni) {
  if (n.driver == "bridge" && !n.interface.empty()) {
    netns::Netlink nl = netns::Netlink::open();
    netns::delete_link(nl, n.interface);
  }
  remove_network_leases(n, cni);
  release_forwarding(n.name);
}

void remove_network_leases(const Network& n, const CniDirs& cni) { base::remove_tree(cni.state_dir + "/networks/" + n.name); }

}  // namespace netconf
