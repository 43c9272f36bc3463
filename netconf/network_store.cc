// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/network_store.cc: conflists in a directory; names, bridges and
// subnets handed out.
#include "netconf/network_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <net/if.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/file.h"
#include "base/go_number.h"
#include "base/log.h"
#include "base/random.h"
#include "netns/addr.h"
#include "netns/netlink.h"
#include "netns/link.h"
#include "netns/route.h"

namespace netconf {

namespace {

bool overlaps(const netns::Cidr& a, const netns::Cidr& b) {
  if (a.family() != b.family()) return false;
  return a.contains(b.network().addr()) || b.contains(a.network().addr());
}

netns::IpAddress offset(const netns::IpAddress& base, uint64_t add) {
  std::vector<uint8_t> bytes(base.data(), base.data() + base.size());
  for (size_t i = bytes.size(); i-- > 0 && add;) {
    uint64_t sum = bytes[i] + (add & 0xff);
    bytes[i] = static_cast<uint8_t>(sum);
    add = (add >> 8) + (sum >> 8);
  }
  return netns::IpAddress::from_bytes(base.family(), bytes);
}

netns::Cidr parse_subnet(const std::string& text) {
  auto c = netns::Cidr::parse(text);
  if (!c) throw base::error("invalid CIDR address: {}", text);
  return c->network();
}

std::vector<netns::Cidr> used_by(const std::vector<Network>& nets) {
  std::vector<netns::Cidr> out;
  for (const auto& n : nets) {
    auto own = network_subnets(n);
    out.insert(out.end(), own.begin(), own.end());
  }
  return out;
}

bool is_free(const netns::Cidr& c, const std::vector<netns::Cidr>& used) {
  return std::none_of(used.begin(), used.end(), [&](const netns::Cidr& u) { return overlaps(c, u); });
}

// The next free /size of the pools.
netns::Cidr free_subnet(const std::vector<config::SubnetPool>& pools, const std::vector<netns::Cidr>& used) {
  for (const auto& pool : pools) {
    auto base = netns::Cidr::parse(pool.base);
    if (!base || !base->addr().is_v4() || pool.size < base->prefix() || pool.size > 30) continue;
    uint64_t count = uint64_t{1} << (pool.size - base->prefix());
    for (uint64_t i = 0; i < count; ++i) {
      netns::Cidr c(offset(base->network().addr(), i << (32 - pool.size)), pool.size);
      if (is_free(c, used)) return c;
    }
  }
  throw base::error("could not find free subnet from subnet pools");
}

// A unique local /64: fd00::/8 with 56 random bits.
netns::Cidr random_ula() {
  std::vector<uint8_t> bytes(16, 0);
  bytes[0] = 0xfd;
  base::random_bytes(bytes.data() + 1, 7);
  return netns::Cidr(netns::IpAddress::from_bytes(AF_INET6, bytes), 64);
}

std::string first_host(const netns::Cidr& c) { return offset(c.network().addr(), 1).str(); }

Subnet make_subnet(const netns::Cidr& net, const std::string& gateway, const std::string& range) {
  Subnet s{net.str(), gateway.empty() ? first_host(net) : gateway, std::nullopt};
  auto gw = netns::IpAddress::parse(s.gateway);
  if (!gw || !net.contains(*gw)) throw base::error("gateway {} not in subnet {}", s.gateway, net.str());
  if (!range.empty()) {
    auto r = netns::Cidr::parse(range);
    if (!r) throw base::error("invalid CIDR address: {}", range);
    netns::Cidr rn = r->network();
    uint64_t size = rn.addr().is_v4() ? (uint64_t{1} << (32 - rn.prefix())) : 0;
    // As Podman 4.3 writes it: from the range's second address to its last.
    s.lease = LeaseRange{offset(rn.addr(), 1).str(), size ? offset(rn.addr(), size - 1).str() : ""};
    if (!net.contains(*netns::IpAddress::parse(s.lease->start))) {
      throw base::error("lease range start ip {} not in subnet {}", s.lease->start, net.str());
    }
    if (!s.lease->end.empty() && !net.contains(*netns::IpAddress::parse(s.lease->end))) {
      throw base::error("lease range end ip {} not in subnet {}", s.lease->end, net.str());
    }
  }
  return s;
}

// Go's strconv.ParseBool.
std::optional<bool> go_parse_bool(const std::string& v) {
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (v == t) return true;
  }
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (v == f) return false;
  }
  return std::nullopt;
}

// A number option as Podman's Atoi reads it; nullopt for an empty one (as
// if not given).
std::optional<int64_t> number_option(const std::string& v) {
  if (v.empty()) return std::nullopt;
  std::string why;
  auto n = base::go_parse_int(v, 10, why, 32);  // what the conflist's ints hold
  if (!n) throw base::error("strconv.Atoi: parsing \"{}\": {}", v, why);
  return n;
}

// The driver options checked as Podman checks them, in its words, and
// written in one form (mtu=+5 as 5, isolate=1 as true; an empty number
// dropped).
KeyValues normalized_options(const NetworkRequest& req) {
  KeyValues out;
  for (const auto& [k, v] : req.options) {
    bool known = k == "mtu" || (req.driver == "bridge" ? (k == "vlan" || k == "isolate" || k == "metric")
                                                     : (k == "parent" || k == "mode"));
    if (!known) throw base::error("unsupported network option {}", k);
    if (k == "isolate") {
      auto b = go_parse_bool(v);
      if (!b) throw base::error("failed to parse isolate option: strconv.ParseBool: parsing \"{}\": invalid syntax", v);
      out.emplace_back(k, *b ? "true" : "false");
    } else if (k == "mtu" || k == "vlan" || k == "metric") {
      auto n = number_option(v);
      if (!n) continue;
      if (k == "mtu" && *n < 0) throw base::error("mtu {} is less than zero", *n);
      if (k == "vlan" && (*n < 0 || *n > 4094)) throw base::error("vlan ID {} must be between 0 and 4094", *n);
      if (k == "metric" && *n < 0) throw base::error("metric {} is less than zero", *n);
      out.emplace_back(k, std::to_string(*n));
    } else {
      out.emplace_back(k, v);
    }
  }
  return out;
}

// The next cni-podmanN no network uses and no interface of the caller's
// network namespace has (asked over netlink: /sys/class/net shows the
// namespace sysfs was mounted in, which may be another).
std::string free_bridge(const std::vector<Network>& nets) {
  std::optional<netns::Netlink> nl;
  for (int i = 0;; ++i) {
    std::string candidate = fmt::format("cni-podman{}", i);
    bool taken = std::any_of(nets.begin(), nets.end(), [&](const Network& o) { return o.interface == candidate; });
    if (taken) continue;
    if (!nl) nl.emplace(netns::Netlink::open());
    if (!netns::find_link(*nl, candidate)) return candidate;
  }
}

}  // namespace

void check_interface_name(const std::string& name, const char* what) {
  if (name.empty() || name.size() >= IFNAMSIZ) {
    throw base::error("{} \"{}\" invalid: interface names must be 1 to {} characters: invalid argument", what, name, IFNAMSIZ - 1);
  }
  if (name == "." || name == ".." || name.find_first_of("/: \t\n\v\f\r") != std::string::npos) {
    throw base::error("{} \"{}\" invalid: interface names cannot be . or .. or contain /, : or whitespace: invalid argument", what, name);
  }
}


NetworkStore::NetworkStore(std::string dir, config::NetworkSettings settings) : dir_(std::move(dir)), settings_(std::move(settings)) {}

std::vector<Network> NetworkStore::read_dir() const {
  std::vector<std::string> files;
  if (DIR* d = ::opendir(dir_.c_str())) {
    while (dirent* e = ::readdir(d)) {
      std::string f = e->d_name;
      if (f.ends_with(".conflist") || f.ends_with(".conf") || f.ends_with(".json")) files.push_back(f);
    }
    ::closedir(d);
  }
  std::sort(files.begin(), files.end());  // as libcni orders them; the first of a name wins
  std::vector<Network> out;
  for (const auto& f : files) {
    std::string path = dir_ + "/" + f;
    try {
      cni::Conflist list = cni::load_conflist(path);
      if (std::any_of(out.begin(), out.end(), [&](const Network& n) { return n.name == list.name; })) continue;
      struct stat st {};
      ::stat(path.c_str(), &st);
      out.push_back(network_from_conflist(list, base::rfc3339(st.st_mtim)));
    } catch (const std::exception& e) {
      LOG_WARN("skipping {}: {}", path, e.what());
    }
  }
  return out;
}

std::vector<Network> NetworkStore::list() const {
  auto nets = read_dir();
  bool has_default = std::any_of(nets.begin(), nets.end(), [&](const Network& n) { return n.name == default_name(); });
  if (!has_default) nets.push_back(default_network(default_name(), settings_.default_subnet));
  std::sort(nets.begin(), nets.end(), [](const Network& a, const Network& b) { return a.name < b.name; });
  return nets;
}

std::optional<Network> NetworkStore::find(const std::string& name_or_id) const {
  auto nets = list();
  for (const auto& n : nets) {
    if (n.name == name_or_id || n.id == name_or_id) return n;
  }
  std::optional<Network> hit;
  for (const auto& n : nets) {
    if (name_or_id.empty() || !n.id.starts_with(name_or_id)) continue;
    if (hit) throw base::error("more than one result for network ID {}", name_or_id);
    hit = n;
  }
  return hit;
}

Network NetworkStore::get(const std::string& name_or_id) const {
  auto n = find(name_or_id);
  if (!n) throw base::error("unable to find network with name or ID {}: network not found", name_or_id);
  return *n;
}

Network NetworkStore::create(const NetworkRequest& req, const std::vector<netns::Cidr>& host_used) {
  if (req.driver != "bridge" && req.driver != "macvlan" && req.driver != "ipvlan") {
    throw base::error("unsupported driver {}: invalid argument", req.driver);
  }
  if (!req.name.empty() && !cni::valid_network_name(req.name)) {
    throw base::error("network name {} invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument", req.name);
  }
  if (req.subnets.empty() && (!req.gateways.empty() || !req.ip_ranges.empty())) {
    throw base::error("cannot set gateway or range without subnet");
  }
  KeyValues options = normalized_options(req);
  base::ensure_dir(dir_, 0755);
  base::FileLock lock = base::FileLock::acquire(dir_ + "/cni.lock");
  base::sweep_temp_files(dir_);  // an interrupted write's NAME.conflist.tmp-*
  auto nets = list();
  Network n;
  n.driver = req.driver;
  n.internal = req.internal;
  // Names resolve on user bridge networks, as with Podman and its dnsname
  // plugin: warren's own responder serves them (dns/records.h).
  n.dns = req.driver == "bridge" && !req.disable_dns;
  if (!req.dns_servers.empty() && !n.dns) {
    throw base::error("cannot set NetworkDNSServers if DNS is not enabled for the network: invalid argument");
  }
  for (const auto& s : req.dns_servers) {
    if (!netns::IpAddress::parse(s)) throw base::error("unable to parse ip {} specified in --dns", s);
  }
  n.dns_servers = req.dns_servers;
  n.labels = req.labels;
  n.options = options;
  if (req.driver == "bridge") {
    if (!req.interface_name.empty()) check_interface_name(req.interface_name, "interface name");
    n.interface = req.interface_name.empty() ? free_bridge(nets) : req.interface_name;
  } else {
    for (const auto& [k, v] : options) {
      if (k == "parent") check_interface_name(v, "parent interface");
      if (k == "parent") n.interface = v;
    }
  }
  n.name = req.name.empty() ? n.interface : req.name;
  // A name taken from the interface becomes the conflist's file name too.
  if (!cni::valid_network_name(n.name)) {
    throw base::error("network name {} invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument", n.name);
  }
  if (std::any_of(nets.begin(), nets.end(), [&](const Network& o) { return o.name == n.name; })) {
    throw base::error("network name {} already used: network already exists", n.name);
  }
  n.id = network_id(n.name);
  std::vector<netns::Cidr> used = used_by(nets);
  used.insert(used.end(), host_used.begin(), host_used.end());
  for (size_t i = 0; i < req.subnets.size(); ++i) {
    netns::Cidr net = parse_subnet(req.subnets[i]);
    if (!is_free(net, used)) throw base::error("subnet {} is already used on the host or by another config", net.str());
    used.push_back(net);
    n.subnets.push_back(make_subnet(net, i < req.gateways.size() ? req.gateways[i] : "",
                                    i < req.ip_ranges.size() ? req.ip_ranges[i] : ""));
  }
  bool has_v4 = std::any_of(n.subnets.begin(), n.subnets.end(), [](const Subnet& s) { return s.subnet.find(':') == std::string::npos; });
  bool has_v6 = std::any_of(n.subnets.begin(), n.subnets.end(), [](const Subnet& s) { return s.subnet.find(':') != std::string::npos; });
  if (n.subnets.empty()) {
    n.subnets.push_back(make_subnet(free_subnet(settings_.subnet_pools, used), "", ""));
    has_v4 = true;
  }
  if (req.ipv6 && !has_v6) {
    if (!has_v4 && n.subnets.empty()) n.subnets.push_back(make_subnet(free_subnet(settings_.subnet_pools, used), "", ""));
    netns::Cidr ula = random_ula();
    n.subnets.push_back(make_subnet(ula, "", ""));
    has_v6 = true;
  }
  n.ipv6 = has_v6;
  n.path = dir_ + "/" + n.name + ".conflist";
  base::write_file_atomic(n.path, network_conflist(n), 0644);
  n.created = base::rfc3339_now();
  return n;
}

Network NetworkStore::ensure_written(const Network& n) {
  if (!n.path.empty()) return n;
  base::ensure_dir(dir_, 0755);
  base::FileLock lock = base::FileLock::acquire(dir_ + "/cni.lock");
  if (auto again = find(n.name); again && !again->path.empty()) return *again;  // someone else wrote it
  Network w = n;
  w.path = dir_ + "/" + n.name + ".conflist";
  base::write_file_atomic(w.path, network_conflist(w), 0644);
  return w;
}

void NetworkStore::remove(const Network& n) const {
  if (n.path.empty()) return;
  base::FileLock lock = base::FileLock::acquire(dir_ + "/cni.lock");
  base::remove_file(n.path);
}

bool NetworkStore::update_dns(const Network& given, const std::vector<std::string>& add, const std::vector<std::string>& drop) {
  for (const auto& [list, what] : {std::pair{&add, "AddDNSServer"}, std::pair{&drop, "RemoveDNSServer"}}) {
    for (const auto& s : *list) {
      if (!netns::IpAddress::parse(s)) throw base::error("unable to parse ip {} specified in {}: invalid argument", s, what);
    }
  }
  Network n = ensure_written(given);
  base::FileLock lock = base::FileLock::acquire(dir_ + "/cni.lock");
  struct stat st;
  if (::stat(n.path.c_str(), &st) < 0) throw base::sys_error(errno, "stat {}", n.path);
  auto text = base::read_file(n.path);
  if (!text) throw base::error("network {}: its conflist {} is gone", n.name, n.path);
  base::json::Document doc = base::json::parse(*text, n.path);
  base::json::Value* dnsname = nullptr;
  if (doc.IsObject() && doc.HasMember("plugins") && doc["plugins"].IsArray()) {
    for (auto& p : doc["plugins"].GetArray()) {
      if (p.IsObject() && base::json::string_or(p, "type", "a plugin") == "dnsname") dnsname = &p;
    }
  }
  std::vector<std::string> after;
  for (const auto& s : n.dns_servers) {
    if (std::find(drop.begin(), drop.end(), s) == drop.end() && std::find(after.begin(), after.end(), s) == after.end()) after.push_back(s);
  }
  for (const auto& s : add) {
    if (std::find(after.begin(), after.end(), s) == after.end()) after.push_back(s);
  }
  if (after == n.dns_servers) return false;
  if (!dnsname) throw base::error("cannot set NetworkDNSServers if DNS is not enabled for the network: invalid argument");
  auto& alloc = doc.GetAllocator();
  base::json::Value servers(rapidjson::kArrayType);
  for (const auto& s : after) servers.PushBack(base::json::Value(s.c_str(), alloc), alloc);
  dnsname->EraseMember("dnsServers");
  if (!after.empty()) dnsname->AddMember("dnsServers", servers, alloc);
  base::write_file_atomic(n.path, base::json::dump(doc, true) + "\n", 0644);
  const timespec times[2] = {st.st_atim, st.st_mtim};
  ::utimensat(AT_FDCWD, n.path.c_str(), times, 0);
  return true;
}

std::vector<netns::Cidr> host_subnets() {
  netns::Netlink nl = netns::Netlink::open();
  std::vector<netns::Cidr> out;
  for (const auto& r : netns::list_routes(nl)) {
    if (!r.is_default() && r.dst.addr().family() != 0) out.push_back(r.dst.network());
  }
  for (const auto& a : netns::list_addresses(nl)) out.push_back(a.cidr.network());
  return out;
}

std::vector<netns::Cidr> network_subnets(const Network& n) {
  std::vector<netns::Cidr> out;
  for (const auto& s : n.subnets) {
    if (auto c = netns::Cidr::parse(s.subnet)) out.push_back(c->network());
  }
  return out;
}

std::vector<RouteOverlap> overlapping_routes(netns::Netlink& nl, const Network& net, int own_if) {
  std::vector<RouteOverlap> out;
  std::vector<netns::Route> routes;
  bool listed = false;
  for (const auto& s : net.subnets) {
    auto subnet = netns::Cidr::parse(s.subnet);
    if (!subnet) continue;
    if (!listed) routes = netns::list_routes(nl);
    listed = true;
    netns::Cidr mine = subnet->network();
    for (const auto& r : routes) {
      if (r.is_default() || (own_if && r.oif == own_if) || r.dst.family() != mine.family()) continue;
      if (mine.contains(r.dst.addr()) || r.dst.contains(mine.addr())) out.push_back({r, mine, s.subnet});
    }
  }
  return out;
}

void check_subnet_unclaimed(const Network& net, bool is_default) {
  if (net.driver != "bridge" || net.interface.empty()) return;
  netns::Netlink& nl = netns::Netlink::shared();
  if (netns::find_link(nl, net.interface)) return;
  for (const auto& o : overlapping_routes(nl, net, 0)) {
    if (!o.route.oif) continue;  // a blackhole or unreachable route makes no second path
    auto other = netns::find_link(nl, o.route.oif);
    throw base::error("network {}: subnet {} is already routed by {} ({}): {}", net.name, o.given, other ? other->name : "?",
                      o.route.dst.network().str(),
                      is_default ? "set default_subnet under [network] in containers.conf, or use a network of its own "
                                   "(warren network create)"
                                 : "remove that route, or make the network again with another --subnet");
  }
}

}  // namespace netconf
