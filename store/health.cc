// SPDX-License-Identifier: GPL-2.0-or-later
// store/health.cc: health checks' rules and their JSON.
#include "store/health.h"

namespace store {

namespace {

namespace json = base::json;
constexpr size_t kLogSize = 5;  // Podman keeps five

}  // namespace

void apply_health_result(HealthState& s, const HealthConfig& cfg, const HealthResult& r, bool in_start_period) {
  s.log.push_back(r);
  if (s.log.size() > kLogSize) s.log.erase(s.log.begin(), s.log.end() - kLogSize);
  if (r.exit_code == 0) {
    s.status = "healthy";
    s.failing_streak = 0;
    return;
  }
  if (in_start_period) return;
  ++s.failing_streak;
  if (s.failing_streak >= cfg.retries) s.status = "unhealthy";
}

std::string health_config_json(const HealthConfig& c) {
  json::Object o;
  o.add_strings("test", c.test).add("interval", c.interval_ns).add("timeout", c.timeout_ns);
  o.add("start_period", c.start_period_ns).add("retries", c.retries).add("on_failure", c.on_failure);
  return json::dump(o.value());
}

HealthConfig parse_health_config(const json::Value& obj) {
  const char* what = "a container config's health check";
  json::object(obj, what);
  HealthConfig c;
  c.test = json::strings(obj, "test", what);
  c.interval_ns = json::opt_int_in(obj, "interval", 0, INT64_MAX, what).value_or(c.interval_ns);
  c.timeout_ns = json::opt_int_in(obj, "timeout", 0, INT64_MAX, what).value_or(c.timeout_ns);
  c.start_period_ns = json::opt_int_in(obj, "start_period", 0, INT64_MAX, what).value_or(0);
  c.retries = static_cast<int>(json::opt_int_in(obj, "retries", 0, INT32_MAX, what).value_or(3));
  c.on_failure = json::string_or(obj, "on_failure", what, "none");
  return c;
}

std::string health_state_json(const HealthState& s) {
  json::Object o;
  o.add("status", s.status).add("failing_streak", s.failing_streak);
  json::Value log(rapidjson::kArrayType);
  for (const auto& r : s.log) {
    json::Object e;
    e.add("start", r.start).add("end", r.end).add("exit_code", r.exit_code).add("output", r.output);
    log.PushBack(json::Value(e.value(), o.alloc()), o.alloc());
  }
  o.add("log", log);
  return json::dump(o.value());
}

HealthState parse_health_state(const json::Value& obj) {
  const char* what = "a container state's health";
  json::object(obj, what);
  HealthState s;
  s.status = json::string_or(obj, "status", what);
  s.failing_streak = static_cast<int>(json::opt_int_in(obj, "failing_streak", 0, INT32_MAX, what).value_or(0));
  if (const json::Value* log = json::opt_array(obj, "log", what)) {
    for (const auto& e : log->GetArray()) {
      json::object(e, what);
      s.log.push_back({json::string_or(e, "start", what), json::string_or(e, "end", what),
                       static_cast<int>(json::opt_int_in(e, "exit_code", INT32_MIN, INT32_MAX, what).value_or(0)),
                       json::string_or(e, "output", what)});
    }
  }
  return s;
}

}  // namespace store
