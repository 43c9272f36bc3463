// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/network_config.cc: Network <-> conflist.
#include "netconf/network_config.h"

#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <functional>
#include <rapidjson/stringbuffer.h>

#include "base/clock.h"
#include "base/digest.h"
#include "base/error.h"
#include "netns/ip.h"

namespace netconf {

namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

// Sorted by key, as Go writes a map (and so Podman).
void key_values(Writer& w, const char* key, KeyValues kv) {
  std::sort(kv.begin(), kv.end());
  w.Key(key);
  w.StartObject();
  for (const auto& [k, v] : kv) {
    w.Key(k.c_str());
    w.String(v.c_str());
  }
  w.EndObject();
}

std::optional<std::string> option(const Network& n, const std::string& key) {
  for (const auto& [k, v] : n.options) {
    if (k == key) return v;
  }
  return std::nullopt;
}

void ipam(Writer& w, const Network& n) {
  w.Key("ipam");
  w.StartObject();
  w.Key("type");
  w.String(n.ipam_driver.c_str());
  if (!n.internal) {
    w.Key("routes");
    w.StartArray();
    bool v4 = false, v6 = false;
    for (const auto& s : n.subnets) (s.subnet.find(':') == std::string::npos ? v4 : v6) = true;
    for (auto [on, dst] : {std::pair{v4, "0.0.0.0/0"}, {v6, "::/0"}}) {
      if (!on) continue;
      w.StartObject();
      w.Key("dst");
      w.String(dst);
      w.EndObject();
    }
    w.EndArray();
  }
  w.Key("ranges");
  w.StartArray();
  for (const auto& s : n.subnets) {
    w.StartArray();
    w.StartObject();
    w.Key("subnet");
    w.String(s.subnet.c_str());
    if (s.lease) {
      w.Key("rangeStart");
      w.String(s.lease->start.c_str());
      w.Key("rangeEnd");
      w.String(s.lease->end.c_str());
    }
    if (!s.gateway.empty()) {
      w.Key("gateway");
      w.String(s.gateway.c_str());
    }
    w.EndObject();
    w.EndArray();
  }
  w.EndArray();
  w.EndObject();
}

void main_plugin(Writer& w, const Network& n) {
  w.StartObject();
  w.Key("type");
  w.String(n.driver.c_str());
  if (n.driver == "bridge") {
    w.Key("bridge");
    w.String(n.interface.c_str());
    // An internal network with DNS keeps its gateway address on the bridge
    // (the responder listens there), with no route out and no masquerade.
    w.Key("isGateway");
    w.Bool(!n.internal || n.dns);
    if (!n.internal) {
      w.Key("ipMasq");
      w.Bool(true);
    }
    if (auto mtu = option(n, "mtu")) {
      w.Key("mtu");
      w.Int(std::stoi(*mtu));
    }
    if (auto vlan = option(n, "vlan")) {
      w.Key("vlan");
      w.Int(std::stoi(*vlan));
    }
    w.Key("hairpinMode");
    w.Bool(true);
  } else {
    w.Key("master");
    w.String(n.interface.c_str());
    if (auto mtu = option(n, "mtu")) {
      w.Key("mtu");
      w.Int(std::stoi(*mtu));
    }
    if (auto mode = option(n, "mode")) {
      w.Key("mode");
      w.String(mode->c_str());
    }
  }
  ipam(w, n);
  w.Key("capabilities");
  w.StartObject();
  w.Key("ips");
  w.Bool(true);
  w.EndObject();
  w.EndObject();
}

void simple_plugin(Writer& w, const char* type, const std::function<void()>& more = {}) {
  w.StartObject();
  w.Key("type");
  w.String(type);
  if (more) more();
  w.EndObject();
}

}  // namespace

std::string network_id(const std::string& name) { return base::sha256_hex(name); }

std::string network_conflist(const Network& n) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.SetIndent(' ', 3);
  w.StartObject();
  if (!n.labels.empty() || !n.options.empty()) {
    w.Key("args");
    w.StartObject();
    if (!n.labels.empty()) key_values(w, "podman_labels", n.labels);
    if (!n.options.empty()) key_values(w, "podman_options", n.options);
    w.EndObject();
  }
  w.Key("cniVersion");
  w.String("0.4.0");
  w.Key("name");
  w.String(n.name.c_str());
  w.Key("plugins");
  w.StartArray();
  main_plugin(w, n);
  if (n.driver == "bridge") {
    simple_plugin(w, "portmap", [&] {
      w.Key("capabilities");
      w.StartObject();
      w.Key("portMappings");
      w.Bool(true);
      w.EndObject();
    });
    simple_plugin(w, "firewall", [&] {
      w.Key("backend");
      w.String("");
      if (option(n, "isolate") == std::optional<std::string>("true")) {
        w.Key("ingressPolicy");
        w.String("same-bridge");
      }
    });
  }
  simple_plugin(w, "tuning");
  if (n.dns) {
    simple_plugin(w, "dnsname", [&] {
      w.Key("domainName");
      w.String("dns.podman");
      if (!n.dns_servers.empty()) {
        // warren's: where its responder forwards for this network.
        w.Key("dnsServers");
        w.StartArray();
        for (const auto& s : n.dns_servers) w.String(s.c_str());
        w.EndArray();
      }
      w.Key("capabilities");
      w.StartObject();
      w.Key("aliases");
      w.Bool(true);
      w.EndObject();
    });
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();  // no newline at the end, as Podman writes it
}

Network network_from_conflist(const cni::Conflist& list, const std::string& created) {
  Network n;
  n.name = list.name;
  n.id = network_id(list.name);
  n.created = created;
  n.path = list.path;
  base::json::Document doc = base::json::parse(list.source, "conflist");
  if (const base::json::Value* args = base::json::opt_object(doc, "args", "conflist")) {
    for (auto [key, into] : {std::pair{"podman_labels", &n.labels}, {"podman_options", &n.options}}) {
      *into = base::json::string_pairs(*args, key, "conflist args");
    }
  }
  if (list.plugins.empty()) return n;
  const base::json::Value& main = list.plugins.front();
  n.driver = list.type(0);
  bool gateway = false;
  if (n.driver == "bridge") {
    n.interface = base::json::opt_string(main, "bridge", "bridge").value_or("cni0");
    gateway = base::json::boolean(main, "isGateway", false, "bridge");
    n.internal = !gateway || !base::json::boolean(main, "ipMasq", false, "bridge");
  } else {
    n.interface = base::json::opt_string(main, "master", n.driver).value_or("");
  }
  for (size_t i = 1; i < list.plugins.size(); ++i) {
    if (list.type(i) != "dnsname") continue;
    n.dns = true;
    const base::json::Value& p = list.plugins[i];
    n.dns_servers = base::json::strings(p, "dnsServers", "dnsname");
  }
  const base::json::Value* ipam = base::json::opt_object(main, "ipam", n.driver);
  if (!ipam) return n;
  n.ipam_driver = base::json::opt_string(*ipam, "type", "ipam").value_or("");
  auto add_range = [&](const base::json::Value& r) {
    Subnet s;
    s.subnet = base::json::opt_string(r, "subnet", "range").value_or("");
    s.gateway = base::json::opt_string(r, "gateway", "range").value_or("");
    auto start = base::json::opt_string(r, "rangeStart", "range"), end = base::json::opt_string(r, "rangeEnd", "range");
    if (start || end) s.lease = LeaseRange{start.value_or(""), end.value_or("")};
    if (s.subnet.find(':') != std::string::npos) n.ipv6 = true;
    n.subnets.push_back(std::move(s));
  };
  if (const base::json::Value* sets = base::json::opt_array(*ipam, "ranges", "ipam")) {
    for (const auto& set : sets->GetArray()) {
      for (const auto& r : base::json::list(set, "a range set of ipam")) add_range(base::json::object(r, "a range of ipam"));
    }
  } else if (ipam->HasMember("subnet")) {
    add_range(*ipam);
  }
  return n;
}

Network default_network(const std::string& name, const std::string& subnet) {
  Network n;
  n.name = name;
  n.id = network_id(name);
  n.interface = "cni-podman0";
  n.created = base::rfc3339_now();
  auto cidr = netns::Cidr::parse(subnet);
  if (!cidr) throw base::error("default_subnet \"{}\" in containers.conf is not a subnet", subnet);
  netns::Cidr net = cidr->network();
  auto bytes = std::vector<uint8_t>(net.addr().data(), net.addr().data() + net.addr().size());
  bytes.back() |= 1;
  n.subnets.push_back({net.str(), netns::IpAddress::from_bytes(net.family(), bytes).str(), std::nullopt});
  return n;
}

}  // namespace netconf
