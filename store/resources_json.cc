// SPDX-License-Identifier: GPL-2.0-or-later
// store/resources_json.cc: config::Resources to and from JSON.
#include "store/resources_json.h"

#include <cstdint>

#include "base/error.h"

namespace store {

namespace {

namespace json = base::json;
constexpr const char* kWhat = "a container config's resources";

using Rates = std::vector<config::DeviceRate> config::Resources::*;
constexpr std::pair<const char*, Rates> kRates[] = {{"blkio_weight_device", &config::Resources::blkio_weight_device},
                                                    {"device_read_bps", &config::Resources::device_read_bps},
                                                    {"device_write_bps", &config::Resources::device_write_bps},
                                                    {"device_read_iops", &config::Resources::device_read_iops},
                                                    {"device_write_iops", &config::Resources::device_write_iops}};

}  // namespace

std::string resources_json(const config::Resources& r) {
  json::Object o;
  o.add("memory", r.memory).add("memory_reservation", r.memory_reservation).add("memory_swap", r.memory_swap);
  o.add("memory_swappiness", r.memory_swappiness).add("oom_kill_disable", r.oom_kill_disable);
  if (r.has_oom_score_adj) o.add("oom_score_adj", r.oom_score_adj);
  o.add("cpu_shares", static_cast<int64_t>(r.cpu_shares)).add("cpu_period", r.cpu_period).add("cpu_quota", r.cpu_quota);
  o.add("nano_cpus", r.nano_cpus).add("cpuset_cpus", r.cpuset_cpus).add("cpuset_mems", r.cpuset_mems);
  o.add("pids_limit", r.pids_limit).add("blkio_weight", static_cast<int>(r.blkio_weight));
  o.add("cpu_rt_period", r.cpu_rt_period).add("cpu_rt_runtime", r.cpu_rt_runtime);
  json::Value unified(rapidjson::kArrayType);
  for (const auto& kv : r.unified) unified.PushBack(json::Value(kv.c_str(), o.alloc()), o.alloc());
  o.add("unified", unified);
  for (const auto& [key, field] : kRates) {
    json::Value list(rapidjson::kArrayType);
    for (const auto& d : r.*field) {
      json::Object e;
      e.add("path", d.path).add("major", static_cast<int64_t>(d.major)).add("minor", static_cast<int64_t>(d.minor));
      e.add("rate", static_cast<int64_t>(d.rate));
      list.PushBack(json::Value(e.value(), o.alloc()), o.alloc());
    }
    o.add(key, list);
  }
  return json::dump(o.value());
}

config::Resources parse_resources(const json::Value& obj) {
  config::Resources r;
  json::object(obj, kWhat);
  auto i64 = [&](const char* key, int64_t lo, int64_t hi, int64_t fallback) {
    return json::opt_int_in(obj, key, lo, hi, kWhat).value_or(fallback);
  };
  r.memory = i64("memory", 0, INT64_MAX, 0);
  r.memory_reservation = i64("memory_reservation", 0, INT64_MAX, 0);
  r.memory_swap = i64("memory_swap", -1, INT64_MAX, 0);
  r.memory_swappiness = i64("memory_swappiness", -1, 100, -1);
  r.oom_kill_disable = json::boolean(obj, "oom_kill_disable", false, kWhat);
  if (auto adj = json::opt_int_in(obj, "oom_score_adj", -1000, 1000, kWhat)) {
    r.oom_score_adj = static_cast<int>(*adj);
    r.has_oom_score_adj = true;
  }
  r.cpu_shares = static_cast<uint64_t>(i64("cpu_shares", 0, INT64_MAX, 0));
  r.cpu_period = i64("cpu_period", 0, INT64_MAX, 0);
  r.cpu_quota = i64("cpu_quota", -1, INT64_MAX, 0);
  r.nano_cpus = i64("nano_cpus", 0, INT64_MAX, 0);
  r.cpuset_cpus = json::string_or(obj, "cpuset_cpus", kWhat);
  r.cpuset_mems = json::string_or(obj, "cpuset_mems", kWhat);
  r.pids_limit = i64("pids_limit", -1, INT64_MAX, 0);
  r.blkio_weight = static_cast<uint16_t>(i64("blkio_weight", 0, 1000, 0));
  r.cpu_rt_period = i64("cpu_rt_period", 0, INT64_MAX, 0);
  r.cpu_rt_runtime = i64("cpu_rt_runtime", -1, INT64_MAX, 0);
  r.unified = json::strings(obj, "unified", kWhat);
  for (const auto& kv : r.unified) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0 || kv.find('/') < eq || kv.substr(0, eq).find("..") != std::string::npos) {
      throw base::error("{}: bad cgroup setting \"{}\"", kWhat, kv);
    }
  }
  for (const auto& [key, field] : kRates) {
    const json::Value* list = json::opt_array(obj, key, kWhat);
    if (!list) continue;
    for (const auto& e : list->GetArray()) {
      json::object(e, kWhat);
      (r.*field).push_back({json::string_or(e, "path", kWhat), static_cast<unsigned>(json::opt_int_in(e, "major", 0, UINT32_MAX, kWhat).value_or(0)),
                            static_cast<unsigned>(json::opt_int_in(e, "minor", 0, UINT32_MAX, kWhat).value_or(0)),
                            static_cast<uint64_t>(json::opt_int_in(e, "rate", 0, INT64_MAX, kWhat).value_or(0))});
    }
  }
  return r;
}

}  // namespace store
