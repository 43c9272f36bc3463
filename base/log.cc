// SPDX-License-Identifier: GPL-2.0-or-later
// base/log.cc: the log sink. One write(2) per line so lines from the CLI and
// a monitor never interleave mid-line.
#include "base/log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>

namespace base::log {

namespace {
std::atomic<Level> current{Level::warn};
const auto started = std::chrono::steady_clock::now();

const char* label(Level l) {
  switch (l) {
    case Level::debug: return "DEBU";
    case Level::info: return "INFO";
    case Level::warn: return "WARN";
    case Level::error: return "ERRO";
  }
  return "????";
}
}  // namespace

void set_level(Level l) { current.store(l); }
Level level() { return current.load(); }

std::optional<Level> parse_level(std::string_view name) {
  if (name == "debug" || name == "trace") return Level::debug;
  if (name == "info") return Level::info;
  if (name == "warn" || name == "warning") return Level::warn;
  if (name == "error" || name == "fatal" || name == "panic") return Level::error;
  return std::nullopt;
}

void write(Level l, std::string_view text) {
  // As logrus prints for a terminal: level, seconds since start, message.
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::steady_clock::now() - started).count();
  std::string line = fmt::format("{}[{:04}] {}\n", label(l), secs, text);
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace base::log
