// SPDX-License-Identifier: GPL-2.0-or-later
// base/clock.h: wall-clock time as warren's records and logs write it.
#pragma once

#include <ctime>
#include <string>

namespace base {

// Now in UTC, with nanoseconds: 2026-11-29T04:11:08.123456789Z.
std::string rfc3339_now();

// A file time (st_mtim) the same way.
std::string rfc3339(const struct timespec& t);

}  // namespace base
