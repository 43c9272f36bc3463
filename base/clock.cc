// SPDX-License-Identifier: GPL-2.0-or-later
// base/clock.cc: RFC 3339 with nanoseconds.
#include "base/clock.h"

#include <chrono>
#include <ctime>

#include <fmt/format.h>

namespace base {

std::string rfc3339_now() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count() % 1000000000;
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:09}Z", buf, ns);
}

}  // namespace base
