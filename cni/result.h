// SPDX-License-Identifier: GPL-2.0-or-later
// cni/result.h: CNI versions and results. A Result is held in the 1.x
// shape and converted on output to the version a config asks for, as the
// spec defines: 0.3.0, 0.3.1 and 0.4.0 carry "version" on each IP.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "netns/ip.h"

namespace cni {

// Versions warren speaks, oldest first.
const std::vector<std::string>& supported_versions();
// Throws cni::Error(1) for a version warren does not speak.
void check_version(const std::string& version);
// Whether `version` is at least `floor` (both dotted triples).
bool version_at_least(const std::string& version, const std::string& floor);

struct Interface {
  std::string name;
  std::string mac;
  std::optional<int64_t> mtu;
  std::string sandbox;
};

struct IpEntry {
  netns::Cidr address;
  std::optional<netns::IpAddress> gateway;
  std::optional<int> interface;  // index into interfaces
};

struct RouteEntry {
  netns::Cidr dst;
  std::optional<netns::IpAddress> gw;
};

struct Dns {
  std::vector<std::string> nameservers;
  std::string domain;
  std::vector<std::string> search;
  std::vector<std::string> options;
};

struct Result {
  std::string cni_version;
  std::vector<Interface> interfaces;
  std::vector<IpEntry> ips;
  std::vector<RouteEntry> routes;
  Dns dns;
};

// Parse a result of any supported version (a plugin's stdout, a cached
// result, a prevResult). Throws cni::Error(6) when it is not one.
Result parse_result(const base::json::Value& v);
Result parse_result(std::string_view text);

// The result as JSON of `version`; throws cni::Error(1) if unsupported.
void to_json(const Result& r, const std::string& version, base::json::Object& out);
std::string result_json(const Result& r, const std::string& version);

// Parse the DNS object of a network config or result.
Dns parse_dns(const base::json::Value& v, std::string_view ctx);

}  // namespace cni
