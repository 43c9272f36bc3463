// SPDX-License-Identifier: GPL-2.0-or-later
// base/clock.cc: RFC 3339 with nanoseconds.
#include "base/clock.h"

#include <ctime>

#include <fmt/format.h>

namespace base {

std::string rfc3339(const struct timespec& t) {
  std::tm tm{};
  ::gmtime_r(&t.tv_sec, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:09}Z", buf, t.tv_nsec);
}

std::string rfc3339_now() {
  struct timespec t;
  ::clock_gettime(CLOCK_REALTIME, &t);
  return rfc3339(t);
}

}  // namespace base
