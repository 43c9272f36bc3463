// SPDX-License-Identifier: GPL-2.0-or-later
// dns/records.cc: the responder's table from warren's state.
#include "dns/records.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <fmt/format.h>

#include "base/file.h"
#include "dns/message.h"

namespace dns {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A monitor is there for it: attached, or about to be (the monitor
// records itself before it asks the responder to read).
bool monitored(const store::ContainerState& s) { return store::monitor_of(s).alive(); }

void add_names(DnsNetwork& net, const std::vector<std::string>& names, const store::NetworkStatus& st) {
  for (const auto& n : names) {
    if (n.empty()) continue;
    net.names.push_back({lower(n), st.ip, st.ip6});
  }
}

}  // namespace

bool DnsTable::empty() const {
  return std::all_of(networks.begin(), networks.end(), [](const DnsNetwork& n) { return n.names.empty(); });
}

DnsTable load_dns_table(const store::ContainerStore& store, const netconf::NetworkStore& nets) {
  DnsTable t;
  for (const auto& n : nets.list()) {
    if (!n.dns || n.driver != "bridge") continue;
    DnsNetwork d{n.name, {}, n.internal, n.dns_servers, {}};
    for (const auto& s : n.subnets) {
      if (!s.gateway.empty()) d.gateways.push_back(s.gateway);
    }
    if (!d.gateways.empty()) t.networks.push_back(std::move(d));
  }
  if (t.networks.empty()) return t;
  auto all = store.list();
  auto by_id = [&](const std::string& id) -> const store::Container* {
    for (const auto& c : all) {
      if (c.config.id == id) return &c;
    }
    return nullptr;
  };
  for (const auto& c : all) {
    if (!monitored(c.state)) continue;
    const store::Container* holder = &c;  // whose network namespace it is in
    if (c.config.network.is_container()) holder = by_id(c.config.network.arg);
    if (!holder || !monitored(holder->state)) continue;
    for (auto& net : t.networks) {
      for (const auto& st : holder->state.networks) {
        if (st.name != net.name) continue;
        std::vector<std::string> names = {c.config.name, c.config.hostname};
        for (const auto& a : c.config.networks) {
          if (a.name == net.name) names.insert(names.end(), a.aliases.begin(), a.aliases.end());
        }
        add_names(net, names, st);
      }
    }
  }
  return t;
}

std::optional<DnsName> find_name(const DnsNetwork& net, const std::string& name) {
  std::string n = lower(name);
  std::string suffix = std::string(".") + kDnsDomain;
  if (n.ends_with(suffix)) n.resize(n.size() - suffix.size());
  std::optional<DnsName> out;
  for (const auto& d : net.names) {
    if (d.name != n) continue;
    if (!out) out = DnsName{n, "", ""};
    if (out->ip.empty()) out->ip = d.ip;
    if (out->ip6.empty()) out->ip6 = d.ip6;
  }
  return out;
}

std::optional<std::string> find_address(const DnsNetwork& net, const std::string& address) {
  for (const auto& d : net.names) {
    // A name too long for DNS (a container name past 63 bytes) is passed
    // over for the next of the same address (an alias, the short id).
    if ((d.ip == address || d.ip6 == address) && encodable_name(d.name + "." + kDnsDomain)) return d.name;
  }
  return std::nullopt;
}

std::vector<std::string> host_resolvers(const std::string& resolv) {
  auto read = [](const std::string& path) {
    std::vector<std::string> out;
    auto text = base::read_file(path);
    if (!text) return out;
    std::istringstream in(*text);
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream words(line);
      std::string key, value;
      if (words >> key >> value && key == "nameserver") out.push_back(value);
    }
    return out;
  };
  auto servers = read(resolv);
  if (std::find(servers.begin(), servers.end(), "127.0.0.53") != servers.end()) {
    auto upstream = read("/run/systemd/resolve/resolv.conf");
    if (!upstream.empty()) return upstream;
  }
  return servers;
}

}  // namespace dns
