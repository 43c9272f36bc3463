// SPDX-License-Identifier: GPL-2.0-or-later
// store/health.h: a container's health check as its record keeps it: the
// check (--health-cmd and the rest, or the image's HEALTHCHECK), and what
// the checks found (State.Health: starting, healthy, unhealthy; the
// failing streak; the last five results), with Podman's rules for moving
// between them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/json.h"

namespace store {

struct HealthConfig {
  // ["CMD-SHELL", "cmd"] or ["CMD", "arg0", ...]; empty: no check.
  std::vector<std::string> test;
  int64_t interval_ns = 30'000'000'000;  // 0: no periodic checks ("disable")
  int64_t timeout_ns = 30'000'000'000;
  int64_t start_period_ns = 0;
  int retries = 3;
  std::string on_failure = "none";  // none | kill | restart | stop
  bool defined() const { return !test.empty(); }
};

struct HealthResult {
  std::string start, end;  // RFC 3339
  int exit_code = 0;       // 0 healthy, 1 not
  std::string output;
};

struct HealthState {
  std::string status;  // "" (no check), starting, healthy, unhealthy
  int failing_streak = 0;
  std::vector<HealthResult> log;  // the last five, oldest first
};

// One check's result applied: a success is healthy at once; a failure in
// the start period changes nothing but the log; otherwise the streak
// grows, and at `retries` it is unhealthy.
void apply_health_result(HealthState& s, const HealthConfig& cfg, const HealthResult& r, bool in_start_period);

std::string health_config_json(const HealthConfig& c);
HealthConfig parse_health_config(const base::json::Value& obj);
std::string health_state_json(const HealthState& s);
HealthState parse_health_state(const base::json::Value& obj);

}  // namespace store
