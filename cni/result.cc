// SPDX-License-Identifier: GPL-2.0-or-later
// cni/result.cc: versions, result parsing and conversion.
#include "cni/result.h"

#include <sys/socket.h>

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "cni/error.h"

namespace cni {

const std::vector<std::string>& supported_versions() {
  static const std::vector<std::string> v = {"0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"};
  return v;
}

void check_version(const std::string& version) {
  const auto& v = supported_versions();
  if (std::find(v.begin(), v.end(), version) != v.end()) return;
  std::string list;
  for (const auto& s : v) list += (list.empty() ? "" : " ") + fmt::format("\"{}\"", s);
  throw Error(kIncompatibleVersion, "incompatible CNI versions",
              fmt::format("config is \"{}\", plugin supports [{}]", version, list));
}

namespace {
std::vector<int> triple(const std::string& v) {
  std::vector<int> out;
  size_t i = 0;
  while (i <= v.size()) {
    size_t dot = v.find('.', i);
    if (dot == std::string::npos) dot = v.size();
    int n = 0;
    std::from_chars(v.data() + i, v.data() + dot, n);
    out.push_back(n);
    i = dot + 1;
  }
  out.resize(3, 0);
  return out;
}

netns::Cidr cidr_field(const base::json::Value& o, const char* key, std::string_view ctx) {
  std::string s = base::json::string(o, key, ctx);
  auto c = netns::Cidr::parse(s);
  if (!c) throw Error(kDecodingFailure, fmt::format("{}: invalid CIDR address: {}", ctx, s));
  return *c;
}

std::optional<netns::IpAddress> ip_field(const base::json::Value& o, const char* key, std::string_view ctx) {
  auto s = base::json::opt_string(o, key, ctx);
  if (!s) return std::nullopt;
  auto ip = netns::IpAddress::parse(*s);
  if (!ip) throw Error(kDecodingFailure, fmt::format("{}: invalid IP address: {}", ctx, *s));
  return ip;
}
}  // namespace

bool version_at_least(const std::string& version, const std::string& floor) {
  return triple(version) >= triple(floor);
}

Dns parse_dns(const base::json::Value& v, std::string_view ctx) {
  Dns d;
  d.nameservers = base::json::strings(v, "nameservers", ctx);
  d.domain = base::json::opt_string(v, "domain", ctx).value_or("");
  d.search = base::json::strings(v, "search", ctx);
  d.options = base::json::strings(v, "options", ctx);
  return d;
}

Result parse_result(const base::json::Value& v) {
  if (!v.IsObject()) throw Error(kDecodingFailure, "result is not a JSON object");
  Result r;
  r.cni_version = base::json::opt_string(v, "cniVersion", "result").value_or("");
  if (const auto* a = base::json::opt_array(v, "interfaces", "result")) {
    for (const auto& i : a->GetArray()) {
      Interface itf{base::json::opt_string(i, "name", "result interface").value_or(""),
                    base::json::opt_string(i, "mac", "result interface").value_or(""),
                    base::json::opt_int(i, "mtu", "result interface"),
                    base::json::opt_string(i, "sandbox", "result interface").value_or("")};
      r.interfaces.push_back(itf);
    }
  }
  if (const auto* a = base::json::opt_array(v, "ips", "result")) {
    for (const auto& i : a->GetArray()) {
      IpEntry e{cidr_field(i, "address", "result ip"), ip_field(i, "gateway", "result ip"), std::nullopt};
      if (auto idx = base::json::opt_int(i, "interface", "result ip")) e.interface = static_cast<int>(*idx);
      r.ips.push_back(e);
    }
  }
  if (const auto* a = base::json::opt_array(v, "routes", "result")) {
    for (const auto& i : a->GetArray()) r.routes.push_back({cidr_field(i, "dst", "result route"), ip_field(i, "gw", "result route")});
  }
  if (const auto* d = base::json::opt_object(v, "dns", "result")) r.dns = parse_dns(*d, "result dns");
  return r;
}

Result parse_result(std::string_view text) { return parse_result(base::json::parse(text, "decode result")); }

void to_json(const Result& r, const std::string& version, base::json::Object& out) {
  check_version(version);
  bool old = !version_at_least(version, "1.0.0");
  out.add("cniVersion", version);
  if (!r.interfaces.empty()) {
    base::json::Value a(rapidjson::kArrayType);
    for (const auto& i : r.interfaces) {
      base::json::Object o;
      o.add("name", i.name);
      if (!i.mac.empty()) o.add("mac", i.mac);
      if (i.mtu && !old) o.add("mtu", *i.mtu);
      if (!i.sandbox.empty()) o.add("sandbox", i.sandbox);
      a.PushBack(base::json::Value(o.value(), out.alloc()), out.alloc());
    }
    out.value().AddMember("interfaces", a, out.alloc());
  }
  if (!r.ips.empty()) {
    base::json::Value a(rapidjson::kArrayType);
    for (const auto& ip : r.ips) {
      base::json::Object o;
      // Before 1.0.0 each IP names its family; 1.0.0 dropped the field.
      if (old) o.add("version", ip.address.family() == AF_INET ? "4" : "6");
      if (ip.interface) o.add("interface", *ip.interface);
      o.add("address", ip.address.str());
      if (ip.gateway) o.add("gateway", ip.gateway->str());
      a.PushBack(base::json::Value(o.value(), out.alloc()), out.alloc());
    }
    out.value().AddMember("ips", a, out.alloc());
  }
  if (!r.routes.empty()) {
    base::json::Value a(rapidjson::kArrayType);
    for (const auto& rt : r.routes) {
      base::json::Object o;
      o.add("dst", rt.dst.str());
      if (rt.gw) o.add("gw", rt.gw->str());
      a.PushBack(base::json::Value(o.value(), out.alloc()), out.alloc());
    }
    out.value().AddMember("routes", a, out.alloc());
  }
  base::json::Object dns;
  if (!r.dns.nameservers.empty()) dns.add_strings("nameservers", r.dns.nameservers);
  if (!r.dns.domain.empty()) dns.add("domain", r.dns.domain);
  if (!r.dns.search.empty()) dns.add_strings("search", r.dns.search);
  if (!r.dns.options.empty()) dns.add_strings("options", r.dns.options);
  out.add("dns", dns);
}

std::string result_json(const Result& r, const std::string& version) {
  base::json::Object o;
  to_json(r, version, o);
  return base::json::dump(o.value(), true);
}

}  // namespace cni
