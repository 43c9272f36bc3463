// SPDX-License-Identifier: GPL-2.0-or-later
// cni/config.h: network configuration lists (conflists) as the CNI spec
// defines them, the runtime's side of one attachment, CNI_ARGS, and the
// exact config each plugin in a chain receives (name, cniVersion,
// prevResult and runtimeConfig injected, as libcni does).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/json.h"
#include "cni/result.h"

namespace cni {

struct Conflist {
  std::string cni_version;
  std::string name;
  bool disable_check = false;
  bool disable_gc = false;
  std::vector<base::json::Document> plugins;  // each plugin's object as written
  std::string source;                   // the bytes it was parsed from
  std::string path;                     // the file, if any

  Conflist() = default;
  Conflist(Conflist&&) = default;
  Conflist& operator=(Conflist&&) = default;
  std::string type(size_t i) const;
};

// A conflist, or a single network config (.conf) made into a one-plugin
// list. Errors: 6 for bad JSON, 7 for a missing or bad field, 1 for an
// unknown cniVersion.
Conflist parse_conflist(std::string_view text, std::string path = {});
Conflist load_conflist(const std::string& path);

// [a-zA-Z0-9][a-zA-Z0-9_.-]*, as the spec requires of network names.
bool valid_network_name(const std::string& name);

// One attachment, as the runtime sees it.
struct RuntimeConf {
  std::string container_id;
  std::string netns;   // path; may be empty for DEL
  std::string ifname;
  std::vector<std::pair<std::string, std::string>> args;  // CNI_ARGS
  base::json::Object capability_args;  // {"portMappings": [...], "ips": [...], "mac": ...}
};

// The CNI_ARGS string: K=V;K=V.
std::string cni_args_string(const std::vector<std::pair<std::string, std::string>>& args);
// Parse CNI_ARGS; malformed pairs are error 4. Keys are kept as written.
std::map<std::string, std::string> parse_cni_args(const std::string& text);

// The stdin of plugin `index` of `list`: its object with "name",
// "cniVersion", "prevResult" (if any) and "runtimeConfig" (the capability
// args the plugin declares it wants).
base::json::Document plugin_config(const Conflist& list, size_t index, const std::optional<Result>& prev,
                             const base::json::Value& capability_args);

}  // namespace cni
