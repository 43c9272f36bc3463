// SPDX-License-Identifier: GPL-2.0-or-later
// cni/plugin_host_local.cc: the host-local IPAM plugin's config (ranges,
// the legacy single subnet, routes, dataDir), static requests (CNI_ARGS
// IP=, the "ips" capability, args.cni.ips), and IPAM delegation.
#include <fmt/format.h>

#include "bridge/host_local.h"
#include "cni/config.h"
#include "cni/error.h"
#include "cni/plugins.h"

namespace cni {

namespace {

constexpr const char* kCtx = "ipam";

std::optional<netns::IpAddress> ip_or_config_error(const std::optional<std::string>& s, const char* what) {
  if (!s) return std::nullopt;
  auto ip = netns::IpAddress::parse(*s);
  if (!ip) throw Error(kInvalidConfig, fmt::format("invalid {} {}", what, *s));
  return ip;
}

bridge::Range parse_range(const base::json::Value& r) {
  std::string subnet = base::json::string(r, "subnet", "ipam range");
  auto cidr = netns::Cidr::parse(subnet);
  if (!cidr) throw Error(kInvalidConfig, fmt::format("invalid CIDR address: {}", subnet));
  return bridge::Range{*cidr, ip_or_config_error(base::json::opt_string(r, "rangeStart", kCtx), "rangeStart"),
                       ip_or_config_error(base::json::opt_string(r, "rangeEnd", kCtx), "rangeEnd"),
                       ip_or_config_error(base::json::opt_string(r, "gateway", kCtx), "gateway")};
}

const base::json::Value& ipam_section(const base::json::Value& conf) {
  const base::json::Value* ipam = base::json::opt_object(conf, "ipam", "network config");
  if (!ipam) throw Error(kInvalidConfig, "IPAM config missing 'ipam' key");
  return *ipam;
}

bridge::HostLocalConfig parse_config(const base::json::Value& conf) {
  const base::json::Value& ipam = ipam_section(conf);
  bridge::HostLocalConfig c;
  c.network = base::json::string(conf, "name", "network config");
  if (auto dir = base::json::opt_string(ipam, "dataDir", kCtx)) c.data_dir = *dir;
  if (base::json::opt_string(ipam, "subnet", kCtx)) {
    // The legacy form: one range at the top of the ipam section.
    c.ranges.push_back({parse_range(ipam)});
  }
  if (const base::json::Value* sets = base::json::opt_array(ipam, "ranges", kCtx)) {
    for (const auto& set : sets->GetArray()) {
      if (!set.IsArray()) throw Error(kInvalidConfig, "ipam: each of \"ranges\" must be a list of ranges");
      bridge::RangeSet rs;
      for (const auto& r : set.GetArray()) rs.push_back(parse_range(r));
      c.ranges.push_back(rs);
    }
  }
  if (const base::json::Value* routes = base::json::opt_array(ipam, "routes", kCtx)) {
    for (const auto& r : routes->GetArray()) {
      std::string dst = base::json::string(r, "dst", "ipam route");
      auto cidr = netns::Cidr::parse(dst);
      if (!cidr) throw Error(kInvalidConfig, fmt::format("invalid route destination {}", dst));
      c.routes.push_back({*cidr, ip_or_config_error(base::json::opt_string(r, "gw", kCtx), "route gateway")});
    }
  }
  try {
    bridge::canonicalize(c);
  } catch (const bridge::ConfigError& e) {
    throw Error(kInvalidConfig, e.what());
  }
  return c;
}

std::vector<netns::IpAddress> requested_ips(const base::json::Value& conf, const Env& env) {
  std::vector<std::string> texts;
  auto args = parse_cni_args(env.args);
  bool ignore_unknown = args.count("IgnoreUnknown") && (args["IgnoreUnknown"] == "1" || args["IgnoreUnknown"] == "true");
  for (const auto& [k, v] : args) {
    if (k == "IP") {
      for (size_t i = 0; i <= v.size();) {
        size_t comma = v.find(',', i);
        if (comma == std::string::npos) comma = v.size();
        if (comma > i) texts.push_back(v.substr(i, comma - i));
        i = comma + 1;
      }
    } else if (k != "IgnoreUnknown" && !k.starts_with("K8S_") && !ignore_unknown) {
      throw Error(kInvalidEnvironment, fmt::format("ARGS: unknown args [\"{}\"]", k));
    }
  }
  if (const base::json::Value* rc = base::json::opt_object(conf, "runtimeConfig", "network config")) {
    for (auto& s : base::json::strings(*rc, "ips", "runtimeConfig")) texts.push_back(s);
  }
  if (const base::json::Value* a = base::json::opt_object(conf, "args", "network config")) {
    if (const base::json::Value* c = base::json::opt_object(*a, "cni", "args")) {
      for (auto& s : base::json::strings(*c, "ips", "args.cni")) texts.push_back(s);
    }
  }
  std::vector<netns::IpAddress> out;
  for (auto t : texts) {
    if (auto slash = t.find('/'); slash != std::string::npos) t = t.substr(0, slash);
    auto ip = netns::IpAddress::parse(t);
    if (!ip) throw Error(kInvalidConfig, fmt::format("invalid requested IP address {}", t));
    out.push_back(*ip);
  }
  return out;
}

}  // namespace

namespace {

Result host_local_add(const base::json::Value& conf, const Env& env, bool check_duplicates) {
  bridge::HostLocal h(parse_config(conf));
  auto ips = h.allocate({env.container_id, env.ifname}, requested_ips(conf, env), check_duplicates);
  Result r;
  r.cni_version = base::json::opt_string(conf, "cniVersion", "network config").value_or("");
  for (const auto& ip : ips) r.ips.push_back({ip.address, ip.gateway, std::nullopt});
  for (const auto& rt : h.config().routes) r.routes.push_back({rt.dst, rt.gw});
  if (const base::json::Value* dns = base::json::opt_object(ipam_section(conf), "dns", kCtx)) r.dns = parse_dns(*dns, "ipam dns");
  return r;
}

}  // namespace

Result HostLocalPlugin::add(const base::json::Value& conf, const Env& env) { return host_local_add(conf, env, true); }

void HostLocalPlugin::del(const base::json::Value& conf, const Env& env) {
  bridge::HostLocal h(parse_config(conf));
  // The cached result names the leases: no need to read every one.
  std::vector<netns::IpAddress> hints;
  if (auto prev = prev_result(conf)) {
    for (const auto& ip : prev->ips) hints.push_back(ip.address.addr());
  }
  h.release({env.container_id, env.ifname}, hints);
}

void HostLocalPlugin::check(const base::json::Value& conf, const Env& env) {
  bridge::HostLocal h(parse_config(conf));
  if (h.find({env.container_id, env.ifname}).empty()) {
    throw Error(kGeneric, fmt::format("host-local: failed to find address added by container {}", env.container_id));
  }
}

void HostLocalPlugin::gc(const base::json::Value& conf, const Env&) {
  bridge::HostLocal h(parse_config(conf));
  std::set<bridge::Attachment> valid;
  for (auto& [id, ifname] : valid_attachments(conf)) valid.insert({id, ifname});
  h.gc(valid);
}

std::vector<std::pair<std::string, std::string>> valid_attachments(const base::json::Value& conf) {
  std::vector<std::pair<std::string, std::string>> out;
  if (const base::json::Value* a = base::json::opt_array(conf, "cni.dev/valid-attachments", "GC config")) {
    for (const auto& v : a->GetArray()) {
      out.emplace_back(base::json::string(v, "containerID", "valid attachment"), base::json::string(v, "ifname", "valid attachment"));
    }
  }
  return out;
}

namespace {
std::string ipam_type(const base::json::Value& conf) { return base::json::string(ipam_section(conf), "type", kCtx); }
Env as(const Env& env, const char* command) {
  Env e = env;
  e.command = command;
  return e;
}
}  // namespace

Result ipam_add(const base::json::Value& conf, const Env& env) {
  std::string type = ipam_type(conf);
  if (type == "host-local") return host_local_add(conf, as(env, "ADD"), false);
  auto r = invoke(type, conf, as(env, "ADD"));
  return *r;
}

void ipam_del(const base::json::Value& conf, const Env& env) { invoke(ipam_type(conf), conf, as(env, "DEL")); }

void ipam_check(const base::json::Value& conf, const Env& env) { invoke(ipam_type(conf), conf, as(env, "CHECK")); }

}  // namespace cni
