// SPDX-License-Identifier: GPL-2.0-or-later
// base/clock_test.cc: the time values Podman's flags take.
#include <catch2/catch.hpp>

#include "base/clock.h"

TEST_CASE("Podman's time values: RFC 3339, Unix seconds, durations back from now", "[base]") {
  const int64_t s = 1000000000;
  CHECK(base::parse_rfc3339("1970-01-01T00:00:01Z") == s);
  CHECK(base::parse_rfc3339("2026-12-06T00:17:45.5Z") == 1796516265 * s + s / 2);
  CHECK(base::parse_rfc3339("2026-12-06T01:17:45+01:00") == 1796516265 * s);
  CHECK(base::parse_rfc3339("2026-12-06T00:17:45") == 1796516265 * s);
  CHECK(base::parse_rfc3339("2026-12-06") == 1796515200 * s);
  CHECK_FALSE(base::parse_rfc3339("2026-13-06"));
  CHECK_FALSE(base::parse_rfc3339("2026-12-06T00:17"));
  CHECK_FALSE(base::parse_rfc3339("bogus"));
  const int64_t now = 2000 * s;
  CHECK(base::parse_time_value("10m", now) == now - 600 * s);
  CHECK(base::parse_time_value("1h30m", now) == now - 5400 * s);
  CHECK(base::parse_time_value("1.5s", now) == now - s - s / 2);
  CHECK(base::parse_time_value("1500", now) == 1500 * s);
  CHECK(base::parse_time_value("1500.25", now) == 1500 * s + s / 4);
  CHECK(base::parse_time_value("1970-01-01T00:00:05Z", now) == 5 * s);
  CHECK_FALSE(base::parse_time_value("bogus", now));
  CHECK_FALSE(base::parse_time_value("10x", now));
  CHECK_FALSE(base::parse_time_value("", now));
}
