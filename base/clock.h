// SPDX-License-Identifier: GPL-2.0-or-later
// base/clock.h: wall-clock time as warren's records and logs write it.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

namespace base {

// Now in UTC, with nanoseconds: 2026-11-29T04:11:08.123456789Z.
std::string rfc3339_now();

// A file time (st_mtim) the same way.
std::string rfc3339(const struct timespec& t);

// Nanoseconds since the epoch now, and of an RFC 3339 time (a fraction and
// a zone optional; no zone is UTC; a date alone is its midnight); nullopt
// when the text is not one.
int64_t now_ns();
std::optional<int64_t> parse_rfc3339(const std::string& text);

// The time values Podman's --since, --until and time filters take: RFC
// 3339 as above, Unix seconds (a fraction optional), or a Go duration
// counted back from `now` ("10m", "1h30m", "1.5s"). Nanoseconds since the
// epoch, or nullopt.
std::optional<int64_t> parse_time_value(const std::string& text, int64_t now);

}  // namespace base
