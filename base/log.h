// SPDX-License-Identifier: GPL-2.0-or-later
// base/log.h: levelled logging to stderr. Libraries log at debug only; the
// CLI sets the level from --log-level.
#pragma once

#include <optional>
#include <string_view>

#include <fmt/format.h>

namespace base::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

void set_level(Level level);
Level level();
std::optional<Level> parse_level(std::string_view name);
void write(Level level, std::string_view text);

inline bool enabled(Level l) { return l >= level(); }

}  // namespace base::log

#define WARREN_LOG(lvl, ...)                                              \
  do {                                                                    \
    if (::base::log::enabled(lvl)) ::base::log::write(lvl, fmt::format(__VA_ARGS__)); \
  } while (0)
#define LOG_DEBUG(...) WARREN_LOG(::base::log::Level::debug, __VA_ARGS__)
#define LOG_INFO(...) WARREN_LOG(::base::log::Level::info, __VA_ARGS__)
#define LOG_WARN(...) WARREN_LOG(::base::log::Level::warn, __VA_ARGS__)
#define LOG_ERROR(...) WARREN_LOG(::base::log::Level::error, __VA_ARGS__)
