// SPDX-License-Identifier: GPL-2.0-or-later
// base/text.h: splitting text, as Go's strings.Split does (not
// strings.h: a file of that name here would hide the C library's).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace base {

// Every piece between `sep`s, empty ones included ("a,,b" is 3, "" is 1).
inline std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t at = 0;
  for (size_t i; (i = text.find(sep, at)) != std::string_view::npos; at = i + 1) out.emplace_back(text.substr(at, i - at));
  out.emplace_back(text.substr(at));
  return out;
}

}  // namespace base
