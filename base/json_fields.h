// SPDX-License-Identifier: GPL-2.0-or-later
// base/json_fields.h: lenient reads of the JSON warren and image
// builders write: a missing or mistyped field reads as empty.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

namespace base {

inline std::string read_string(const rapidjson::Value& o, const char* key) {
  return o.IsObject() && o.HasMember(key) && o[key].IsString() ? o[key].GetString() : "";
}

inline std::vector<std::string> read_strings(const rapidjson::Value& o, const char* key) {
  std::vector<std::string> out;
  if (!o.IsObject() || !o.HasMember(key) || !o[key].IsArray()) return out;
  for (const auto& v : o[key].GetArray()) {
    if (v.IsString()) out.emplace_back(v.GetString());
  }
  return out;
}

// An object of strings ({"k": "v", ...}, labels), in its order; other
// values skipped.
inline std::vector<std::pair<std::string, std::string>> read_string_pairs(const rapidjson::Value& o, const char* key) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!o.IsObject() || !o.HasMember(key) || !o[key].IsObject()) return out;
  for (const auto& m : o[key].GetObject()) {
    if (m.value.IsString()) out.emplace_back(m.name.GetString(), m.value.GetString());
  }
  return out;
}

}  // namespace base
