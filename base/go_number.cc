// SPDX-License-Identifier: GPL-2.0-or-later
// base/go_number.cc: Go's strconv integer parsing, its rules and reasons.
#include "base/go_number.h"

#include <algorithm>
#include <string>

namespace base {

namespace {

char lower(char c) { return static_cast<char>(c | 0x20); }

// Go's rule for underscores in a base-0 literal: each between digits (a
// base prefix counts as one).
bool underscores_ok(std::string_view s) {
  char saw = '^';  // ^ start, 0 digit or prefix, _ underscore, ! other
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    char c = s[i];
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0';
    } else if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
    } else {
      if (saw == '_') return false;
      saw = '!';
    }
  }
  return saw != '_';
}

}  // namespace

std::optional<uint64_t> go_parse_uint(std::string_view text, int base, std::string& why, int bits) {
  why = "invalid syntax";
  std::string_view s = text;
  if (s.empty()) return std::nullopt;
  unsigned radix = 10;
  if (base == 0 && s[0] == '0') {
    if (s.size() >= 3 && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
      radix = lower(s[1]) == 'b' ? 2 : lower(s[1]) == 'o' ? 8 : 16;
      s.remove_prefix(2);
    } else {
      radix = 8;
      s.remove_prefix(1);
    }
  }
  uint64_t n = 0;
  bool underscores = false;
  for (char c : s) {
    unsigned d;
    if (c == '_' && base == 0) {
      underscores = true;
      continue;
    } else if (c >= '0' && c <= '9') {
      d = static_cast<unsigned>(c - '0');
    } else if (lower(c) >= 'a' && lower(c) <= 'z') {
      d = static_cast<unsigned>(lower(c) - 'a' + 10);
    } else {
      return std::nullopt;
    }
    if (d >= radix) return std::nullopt;
    if (n > (UINT64_MAX - d) / radix) {
      why = "value out of range";
      return std::nullopt;
    }
    n = n * radix + d;
  }
  if (underscores && !underscores_ok(text)) return std::nullopt;
  if (bits < 64 && n >> bits) {
    why = "value out of range";
    return std::nullopt;
  }
  why.clear();
  return n;
}

std::optional<int64_t> go_parse_int(std::string_view text, int base, std::string& why, int bits) {
  why = "invalid syntax";
  if (text.empty()) return std::nullopt;
  std::string_view s = text;
  bool negative = s[0] == '-';
  if (s[0] == '+' || s[0] == '-') s.remove_prefix(1);
  auto magnitude = go_parse_uint(s, base, why);
  if (!magnitude) return std::nullopt;
  uint64_t limit = uint64_t{1} << (bits - 1);
  if (negative ? *magnitude > limit : *magnitude >= limit) {
    why = "value out of range";
    return std::nullopt;
  }
  return negative ? static_cast<int64_t>(0 - *magnitude) : static_cast<int64_t>(*magnitude);
}

namespace {

std::optional<int64_t> human_size(std::string_view text, double k) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i > start;
  };
  if (!digits()) return std::nullopt;
  while (i < text.size() && text[i] == '.') {  // go-units takes (\.\d+)*
    ++i;
    if (!digits()) return std::nullopt;
  }
  std::string number(text.substr(0, i));
  if (i < text.size() && text[i] == ' ') ++i;
  double unit = 1;
  if (i < text.size()) {
    switch (text[i] | 0x20) {
      case 'k': unit = k; ++i; break;
      case 'm': unit = k * k; ++i; break;
      case 'g': unit = k * k * k; ++i; break;
      case 't': unit = k * k * k * k; ++i; break;
      case 'p': unit = k * k * k * k * k; ++i; break;
      default: break;
    }
  }
  if (i < text.size() && (text[i] | 0x20) == 'i') ++i;
  if (i < text.size() && (text[i] | 0x20) == 'b') ++i;
  if (i != text.size()) return std::nullopt;
  // Go's ParseFloat takes "1.2.3" no more than this does.
  if (std::count(number.begin(), number.end(), '.') > 1) return std::nullopt;
  return static_cast<int64_t>(std::stod(number) * unit);
}

}  // namespace

std::optional<int64_t> go_from_human_size(std::string_view text) { return human_size(text, 1000); }

std::optional<int64_t> go_ram_in_bytes(std::string_view text) { return human_size(text, 1024); }

}  // namespace base
