// SPDX-License-Identifier: GPL-2.0-or-later
// store/health_test.cc: Podman's rules for a health check's status, and
// the record's JSON.
#include "store/health.h"

#include <catch2/catch.hpp>

namespace store {
namespace {

HealthResult result(int code) { return {"2026-12-06T00:00:00Z", "2026-12-06T00:00:01Z", code, code ? "no" : ""}; }

TEST_CASE("health: starting, healthy at once, unhealthy after the retries", "[store]") {
  HealthConfig cfg;
  cfg.test = {"CMD-SHELL", "true"};
  cfg.retries = 2;
  HealthState s{"starting", 0, {}};
  apply_health_result(s, cfg, result(1), false);
  CHECK(s.status == "starting");
  CHECK(s.failing_streak == 1);
  apply_health_result(s, cfg, result(0), false);
  CHECK(s.status == "healthy");
  CHECK(s.failing_streak == 0);
  apply_health_result(s, cfg, result(1), false);
  CHECK(s.status == "healthy");
  apply_health_result(s, cfg, result(1), false);
  CHECK(s.status == "unhealthy");
  CHECK(s.failing_streak == 2);
}

TEST_CASE("health: failures in the start period do not count; the log keeps five", "[store]") {
  HealthConfig cfg;
  cfg.test = {"CMD", "false"};
  cfg.retries = 1;
  HealthState s{"starting", 0, {}};
  for (int i = 0; i < 7; ++i) apply_health_result(s, cfg, result(1), true);
  CHECK(s.status == "starting");
  CHECK(s.failing_streak == 0);
  CHECK(s.log.size() == 5);
  apply_health_result(s, cfg, result(1), false);
  CHECK(s.status == "unhealthy");
}

TEST_CASE("health: config and state through JSON", "[store]") {
  HealthConfig cfg;
  cfg.test = {"CMD-SHELL", "test -e /ok"};
  cfg.interval_ns = 1000000000;
  cfg.on_failure = "kill";
  auto doc = base::json::parse(health_config_json(cfg), "t");
  HealthConfig back = parse_health_config(doc);
  CHECK(back.test == cfg.test);
  CHECK(back.interval_ns == cfg.interval_ns);
  CHECK(back.on_failure == "kill");
  HealthState s{"healthy", 0, {result(0)}};
  auto sdoc = base::json::parse(health_state_json(s), "t");
  HealthState sb = parse_health_state(sdoc);
  CHECK(sb.status == "healthy");
  CHECK(sb.log.size() == 1);
  CHECK(sb.log[0].end == "2026-12-06T00:00:01Z");
}

}  // namespace
}  // namespace store
