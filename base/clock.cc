// SPDX-License-Identifier: GPL-2.0-or-later
// base/clock.cc: RFC 3339 with nanoseconds, and the time values Podman's
// flags take.
#include "base/clock.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
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

int64_t now_ns() {
  struct timespec t;
  ::clock_gettime(CLOCK_REALTIME, &t);
  return static_cast<int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

namespace {

constexpr int64_t kSecond = 1000000000;

// Digits at `at`, exactly `n` of them.
std::optional<int> digits(const std::string& s, size_t at, size_t n) {
  if (at + n > s.size()) return std::nullopt;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// A Go duration: [-]N[.F]unit... with units ns, us, µs, ms, s, m, h.
std::optional<int64_t> go_duration(const std::string& s) {
  size_t i = 0;
  bool neg = !s.empty() && s[0] == '-';
  if (neg || (!s.empty() && s[0] == '+')) ++i;
  if (i >= s.size()) return std::nullopt;
  double total = 0;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (i == start) return std::nullopt;
    double n = std::strtod(s.substr(start, i - start).c_str(), nullptr);
    size_t u = i;
    while (i < s.size() && !std::isdigit(static_cast<unsigned char>(s[i])) && s[i] != '.') ++i;
    std::string unit = s.substr(u, i - u);
    double scale = unit == "ns" ? 1 : unit == "us" || unit == "\xC2\xB5s" ? 1e3 : unit == "ms" ? 1e6 : unit == "s" ? 1e9
                 : unit == "m" ? 60e9 : unit == "h" ? 3600e9 : 0;
    if (scale == 0) return std::nullopt;
    total += n * scale;
  }
  if (total > 9.2e18) return std::nullopt;
  return static_cast<int64_t>(neg ? -total : total);
}

}  // namespace

std::optional<int64_t> parse_rfc3339(const std::string& t) {
  auto y = digits(t, 0, 4), mo = digits(t, 5, 2), d = digits(t, 8, 2);
  if (!y || !mo || !d || t[4] != '-' || t[7] != '-') return std::nullopt;
  std::tm tm{};
  tm.tm_year = *y - 1900;
  tm.tm_mon = *mo - 1;
  tm.tm_mday = *d;
  size_t at = 10;
  int64_t frac = 0, offset = 0;
  if (t.size() > 10) {
    if (t[10] != 'T' && t[10] != ' ') return std::nullopt;
    auto h = digits(t, 11, 2), mi = digits(t, 14, 2), se = digits(t, 17, 2);
    if (!h || !mi || !se || t[13] != ':' || t[16] != ':') return std::nullopt;
    tm.tm_hour = *h;
    tm.tm_min = *mi;
    tm.tm_sec = *se;
    at = 19;
    if (at < t.size() && t[at] == '.') {
      int64_t scale = kSecond;
      for (++at; at < t.size() && std::isdigit(static_cast<unsigned char>(t[at])); ++at) {
        scale /= 10;
        frac += (t[at] - '0') * scale;
      }
    }
    if (at < t.size() && t[at] == 'Z') {
      ++at;
    } else if (at < t.size() && (t[at] == '+' || t[at] == '-')) {
      auto oh = digits(t, at + 1, 2), om = digits(t, at + 4, 2);
      if (!oh || !om || t[at + 3] != ':') return std::nullopt;
      offset = (t[at] == '-' ? -1 : 1) * (*oh * 3600 + *om * 60);
      at += 6;
    }
  }
  if (at != t.size() || *mo < 1 || *mo > 12 || *d < 1 || *d > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60) {
    return std::nullopt;
  }
  return (static_cast<int64_t>(::timegm(&tm)) - offset) * kSecond + frac;
}

std::optional<int64_t> parse_time_value(const std::string& text, int64_t now) {
  if (text.empty()) return std::nullopt;
  if (auto t = parse_rfc3339(text)) return t;
  // Unix seconds, a fraction optional.
  size_t dot = text.find('.');
  std::string whole = text.substr(0, dot), frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  auto all_digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
  };
  if (!whole.empty() && whole.size() <= 12 && all_digits(whole) && all_digits(frac) && frac.size() <= 9) {
    frac.resize(9, '0');
    return std::stoll(whole) * kSecond + (dot == std::string::npos ? 0 : std::stoll(frac));
  }
  if (auto d = go_duration(text)) return now - *d;
  return std::nullopt;
}

}  // namespace base
