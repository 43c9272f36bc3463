// SPDX-License-Identifier: GPL-2.0-or-later
// cli/ps_filter.cc: the container filters of `ps`, with Podman's messages
// for bad ones.
#include "cli/ps_filter.h"

#include <algorithm>
#include <regex>

#include "base/clock.h"
#include "base/error.h"

namespace cli {

namespace {

const std::vector<std::string> kStates = {"created", "running", "paused", "stopped", "exited", "unknown", "configured",
                                          "initialized", "stopping", "removing"};

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

void validate(const std::string& key, const std::string& value) {
  if (key == "status" && std::find(kStates.begin(), kStates.end(), value) == kStates.end()) {
    throw base::error("unknown container state: {}: invalid argument", value);
  }
  if (key == "health" && value != "healthy" && value != "unhealthy" && value != "starting" && value != "none") {
    throw base::error("\"{}\" is not a valid health status", value);
  }
  if (key == "restart-policy" && value != "no" && value != "always" && value != "on-failure" && value != "unless-stopped" &&
      !value.empty()) {
    throw base::error("{} is an invalid restart policy", value);
  }
  if (key == "exited") {
    std::size_t used = 0;
    try {
      (void)std::stoi(value, &used);
    } catch (const std::exception&) {
      used = std::string::npos;
    }
    if (used != value.size()) throw base::error("exited code out of range: \"{}\" is not an integer", value);
  }
}

std::regex name_pattern(const std::string& value) {
  try {
    return std::regex(value);
  } catch (const std::regex_error&) {
    throw base::error("invalid regular expression in filter \"name={}\"", value);
  }
}

bool one_matches(const std::string& key, const std::string& value, const store::Container& c,
                 const store::ContainerState& s) {
  const auto& cfg = c.config;
  if (key == "id") return starts_with(cfg.id, value);
  if (key == "status") return s.status == value;
  if (key == "exited") return s.status == "exited" && s.exit_code == std::stoi(value);
  if (key == "pod") return !cfg.pod.empty() && starts_with(cfg.pod, value);
  if (key == "network") {
    return std::any_of(cfg.networks.begin(), cfg.networks.end(), [&](const auto& a) { return a.name == value; });
  }
  if (key == "volume") {
    // A volume's name or a bind's source, or NAME:DEST for one mount there.
    auto colon = value.find(':');
    std::string src = value.substr(0, colon), dest = colon == std::string::npos ? "" : value.substr(colon + 1);
    return std::any_of(cfg.mounts.begin(), cfg.mounts.end(), [&](const store::Mount& m) {
      return m.type != "tmpfs" && m.source == src && (dest.empty() || m.destination == dest);
    });
  }
  if (key == "label") {
    // label=KEY matches any value; label=KEY=VALUE that value only.
    auto eq = value.find('=');
    std::string k = value.substr(0, eq);
    return std::any_of(cfg.labels.begin(), cfg.labels.end(), [&](const auto& kv) {
      return kv.first == k && (eq == std::string::npos || kv.second == value.substr(eq + 1));
    });
  }
  if (key == "since" || key == "before" || key == "until") {
    // The value was turned into nanoseconds since the epoch.
    int64_t created = base::parse_rfc3339(cfg.created).value_or(0);
    int64_t mark = std::stoll(value);
    return key == "since" ? created > mark : created < mark;
  }
  if (key == "health") {
    // Podman's: a running container's check status; "none" without one.
    if (value == "none") return !cfg.health.defined();
    return s.status == "running" && s.health.status == value;
  }
  if (key == "restart-policy") return value == cfg.restart_policy || (value == "no" && cfg.restart_policy.empty());
  // ancestor
  std::string untagged = cfg.image_name.substr(0, cfg.image_name.rfind(':'));
  return cfg.image_name == value || untagged == value || untagged == "localhost/" + value ||
         cfg.image_name == "localhost/" + value || starts_with(cfg.image_id, value);
}

}  // namespace

PsFilter::PsFilter(const std::vector<std::string>& specs, const store::ContainerStore* store) {
  for (const auto& spec : specs) {
    auto eq = spec.find('=');
    if (eq == std::string::npos) throw base::error("invalid filter \"{}\"", spec);
    std::string key = spec.substr(0, eq);
    std::string value = spec.substr(eq + 1);
    static const char* const keys[] = {"id", "name", "status", "exited", "ancestor", "label", "network", "pod", "volume",
                                       "since", "before", "until", "health", "restart-policy"};
    if (std::none_of(std::begin(keys), std::end(keys), [&](const char* k) { return key == k; })) {
      throw base::error("{} is an invalid filter", key);
    }
    validate(key, value);
    if (key == "since" || key == "before") {
      auto c = store ? store->find(value) : std::nullopt;
      if (!c) throw base::error("no container with name or ID \"{}\" found: no such container", value);
      value = std::to_string(base::parse_rfc3339(c->config.created).value_or(0));
    } else if (key == "until") {
      auto t = base::parse_time_value(value, base::now_ns());
      if (!t) throw base::error("parsing time \"{}\": unable to interpret time value", value);
      value = std::to_string(*t);
    }
    if (key == "name") names_.push_back(name_pattern(value));
    else by_key_[key].push_back(value);
  }
}

bool PsFilter::matches(const store::Container& c, const store::ContainerState& s) const {
  auto named = [&](const std::regex& re) { return std::regex_search(c.config.name, re); };
  if (!names_.empty() && std::none_of(names_.begin(), names_.end(), named)) return false;
  for (const auto& entry : by_key_) {
    const auto& key = entry.first;
    bool any = std::any_of(entry.second.begin(), entry.second.end(), [&](const auto& v) { return one_matches(key, v, c, s); });
    if (!any) return false;
  }
  return true;
}

std::vector<store::Container> filtered_containers(const std::vector<std::string>& specs, const store::ContainerStore& store) {
  PsFilter filter(specs, &store);
  std::vector<store::Container> out;
  for (auto& c : store.list()) {
    if (!c.config.infra && filter.matches(c, store.live_state(c))) out.push_back(std::move(c));
  }
  return out;
}

}  // namespace cli
