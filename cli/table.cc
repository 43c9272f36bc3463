// SPDX-License-Identifier: GPL-2.0-or-later
// cli/table.cc: layout and human values.
#include "cli/table.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include <fmt/format.h>

namespace cli {

std::string render_table(const Row& header, const std::vector<Row>& rows) {
  size_t cols = header.size();
  for (const auto& r : rows) cols = std::max(cols, r.size());
  std::vector<size_t> width(cols, 0);
  auto measure = [&](const Row& r) {
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  };
  measure(header);
  for (const auto& r : rows) measure(r);
  std::string out;
  auto line = [&](const Row& r) {
    std::string l;
    for (size_t i = 0; i < r.size(); ++i) {
      if (i + 1 == r.size()) {
        l += r[i];
      } else {
        l += fmt::format("{:<{}}", r[i], std::max<size_t>(width[i] + 2, 12));
      }
    }
    out += l + "\n";
  };
  if (!header.empty()) line(header);
  for (const auto& r : rows) line(r);
  return out;
}

std::string human_size(uint64_t bytes, int digits, bool space) {
  static const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  double v = static_cast<double>(bytes);
  size_t u = 0;
  while (v >= 1000.0 && u + 1 < std::size(units)) {
    v /= 1000.0;
    ++u;
  }
  return fmt::format("{:.{}g}{}{}", v, digits, space ? " " : "", units[u]);
}

std::string human_duration(int64_t s) {
  if (s < 1) return "Less than a second";
  if (s == 1) return "1 second";
  if (s < 60) return fmt::format("{} seconds", s);
  int64_t minutes = s / 60;
  if (minutes == 1) return "About a minute";
  if (minutes < 60) return fmt::format("{} minutes", minutes);
  auto hours = static_cast<int64_t>(static_cast<double>(s) / 3600.0 + 0.5);
  if (hours == 1) return "About an hour";
  if (hours < 48) return fmt::format("{} hours", hours);
  if (hours < 24 * 7 * 2) return fmt::format("{} days", hours / 24);
  if (hours < 24 * 30 * 2) return fmt::format("{} weeks", hours / 24 / 7);
  if (hours < 24 * 365 * 2) return fmt::format("{} months", hours / 24 / 30);
  return fmt::format("{} years", s / 3600 / 24 / 365);
}

std::string human_age(const std::string& rfc3339) {
  std::tm tm{};
  if (!::strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return rfc3339;
  int64_t then = ::timegm(&tm);
  return human_duration(static_cast<int64_t>(std::time(nullptr)) - then) + " ago";
}

}  // namespace cli
