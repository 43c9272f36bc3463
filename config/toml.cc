// SPDX-License-Identifier: GPL-2.0-or-later
// config/toml.cc: toml++'s parser compiled once, for every config file.
#include "config/toml.h"

#include <algorithm>

#include "base/error.h"

namespace config {

namespace {

// Whole-line comments blanked before the parse (toml++ reads each of
// their bytes, and containers-common's containers.conf is mostly comment),
// lines kept for the errors' numbers; not in a text with a multi-line
// string, where a line may begin with '#'.
std::string without_comment_lines(const std::string& text) {
  if (text.find("\"\"\"") != std::string::npos || text.find("'''") != std::string::npos) return text;
  std::string out;
  out.reserve(text.size() / 4);
  for (size_t at = 0; at < text.size();) {
    size_t end = std::min(text.find('\n', at), text.size());
    size_t first = text.find_first_not_of(" \t", at);
    if (first >= end || text[first] != '#') out.append(text, at, end - at);
    if (end < text.size()) out += '\n';
    at = end + 1;
  }
  return out;
}

}  // namespace

toml::table parse_toml(const std::string& text, const std::string& path) {
  try {
    return toml::parse(without_comment_lines(text), path);
  } catch (const toml::parse_error& e) {
    throw base::error("{}:{}: {}", path, e.source().begin.line, e.description());
  }
}

std::optional<int64_t> toml_int(const toml::node* node, const std::string& file, const char* key) {
  if (!node) return std::nullopt;
  if (const auto* v = node->as_integer()) return v->get();
  throw base::error("{}: {} must be an integer", file, key);
}

std::vector<std::string> toml_strings(const toml::array& a, const std::string& file, const char* key) {
  std::vector<std::string> out;
  for (const auto& v : a) {
    auto s = v.value<std::string>();
    if (!s) throw base::error("{}: {} must be a list of strings", file, key);
    out.push_back(*s);
  }
  return out;
}

}  // namespace config
