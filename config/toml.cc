// SPDX-License-Identifier: GPL-2.0-or-later
// config/toml.cc: toml++'s parser compiled once, for every config file.
#include "config/toml.h"

#include "base/error.h"

namespace config {

toml::table parse_toml(const std::string& text, const std::string& path) {
  try {
    return toml::parse(text, path);
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
