// SPDX-License-Identifier: GPL-2.0-or-later
// cli/table.cc: layout and human values.
#include "cli/table.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include <fmt/format.h>

namespace cli {

namespace {

size_t runes(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// tabwriter's format(): the lines [line0, line1) from column `widths.size()`
// on. A column is a block of consecutive lines that have a cell in it.
void format_block(const std::vector<std::vector<std::string>>& lines, std::vector<size_t>& widths, size_t line0,
                  size_t line1, std::string& out) {
  auto write_lines = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      const auto& cells = lines[i];
      for (size_t j = 0; j < cells.size(); ++j) {
        out += cells[j];
        if (j < widths.size() && j + 1 < cells.size()) out.append(widths[j] - std::min(widths[j], runes(cells[j])), ' ');
      }
      out += '\n';
    }
  };
  size_t column = widths.size();
  for (size_t i = line0; i < line1; ++i) {
    if (column + 1 >= lines[i].size()) continue;
    write_lines(line0, i);
    line0 = i;
    size_t width = 12;
    for (; i < line1 && column + 1 < lines[i].size(); ++i) width = std::max(width, runes(lines[i][column]) + 2);
    widths.push_back(width);
    format_block(lines, widths, line0, i, out);
    widths.pop_back();
    line0 = i;
    if (i == line1) break;
  }
  write_lines(line0, line1);
}

}  // namespace

std::string tabwrite(const std::string& text) {
  std::vector<std::vector<std::string>> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    start = nl == std::string::npos ? text.size() : nl + 1;
    std::vector<std::string> cells;
    size_t from = 0;
    for (size_t tab; (tab = line.find('\t', from)) != std::string::npos; from = tab + 1) cells.push_back(line.substr(from, tab - from));
    cells.push_back(line.substr(from));
    lines.push_back(std::move(cells));
  }
  std::string out;
  std::vector<size_t> widths;
  format_block(lines, widths, 0, lines.size(), out);
  if (!text.empty() && text.back() != '\n') out.pop_back();
  return out;
}

std::string render_table(const Row& header, const std::vector<Row>& rows) {
  std::string text;
  auto line = [&](const Row& r) {
    for (size_t i = 0; i < r.size(); ++i) text += (i ? "\t" : "") + r[i];
    text += '\n';
  };
  if (!header.empty()) line(header);
  for (const auto& r : rows) line(r);
  return tabwrite(text);
}

namespace {

// `bytes` in units of `step`, with `digits` significant digits.
std::string scaled(uint64_t bytes, double step, const char* const* units, size_t count, int digits, bool space) {
  double v = static_cast<double>(bytes);
  size_t u = 0;
  while (v >= step && u + 1 < count) {
    v /= step;
    ++u;
  }
  return fmt::format("{:.{}g}{}{}", v, digits, space ? " " : "", units[u]);
}

}  // namespace

std::string human_size(uint64_t bytes, int digits, bool space) {
  static const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  return scaled(bytes, 1000.0, units, std::size(units), digits, space);
}

std::string binary_size(uint64_t bytes) {
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  return scaled(bytes, 1024.0, units, std::size(units), 4, false);
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

std::string go_time(const std::string& t) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM)
  if (t.size() < 20 || t[10] != 'T') return t;
  size_t zone = t.find_first_of("Z+-", 19);
  if (zone == std::string::npos) return t;
  std::string frac = t.substr(19, zone - 19);
  while (frac.size() > 1 && frac.back() == '0') frac.pop_back();
  if (frac == ".") frac.clear();
  std::string out = t.substr(0, 10) + " " + t.substr(11, 8) + frac;
  if (t[zone] == 'Z') return out + " +0000 UTC";
  std::string off = t.substr(zone);
  off.erase(std::remove(off.begin(), off.end(), ':'), off.end());
  return out + " " + off + " " + off;
}

std::string go_duration(int64_t ns) {
  if (ns == 0) return "0s";
  std::string sign = ns < 0 ? "-" : "";
  uint64_t u = ns < 0 ? 0 - static_cast<uint64_t>(ns) : static_cast<uint64_t>(ns);
  // A whole part and a fraction of `digits` digits, trailing zeros dropped.
  auto decimal = [](uint64_t whole, uint64_t frac, int digits) {
    std::string f = fmt::format("{:0{}}", frac, digits);
    while (!f.empty() && f.back() == '0') f.pop_back();
    return std::to_string(whole) + (f.empty() ? "" : "." + f);
  };
  if (u < 1000) return sign + std::to_string(u) + "ns";
  if (u < 1000000) return sign + decimal(u / 1000, u % 1000, 3) + "\xC2\xB5s";
  if (u < 1000000000) return sign + decimal(u / 1000000, u % 1000000, 6) + "ms";
  uint64_t secs = u / 1000000000, h = secs / 3600, m = secs / 60 % 60;
  std::string out = sign;
  if (h) out += std::to_string(h) + "h";
  if (h || m) out += std::to_string(m) + "m";
  return out + decimal(secs % 60, u % 1000000000, 9) + "s";
}

std::string human_age(const std::string& rfc3339) {
  std::tm tm{};
  if (!::strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return rfc3339;
  int64_t then = ::timegm(&tm);
  return human_duration(static_cast<int64_t>(std::time(nullptr)) - then) + " ago";
}

}  // namespace cli
