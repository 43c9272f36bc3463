// SPDX-License-Identifier: GPL-2.0-or-later
// base/json_fields.h: reads of JSON fields: lenient ones for what warren
// and image builders write (a missing or mistyped field reads as empty),
// and strict ones for what comes from outside (one error, no assert).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "base/error.h"

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

// Strict reads of JSON from outside (an archive's manifest, an index): a
// missing or mistyped field is one error naming the document and the key,
// never RapidJSON's assert.
inline const rapidjson::Value& require_object(const rapidjson::Value& v, const std::string& what) {
  if (!v.IsObject()) throw base::error("{} is not a JSON object", what);
  return v;
}

inline const rapidjson::Value& require_member(const rapidjson::Value& o, const char* key, const std::string& what) {
  require_object(o, what);
  auto m = o.FindMember(key);
  if (m == o.MemberEnd()) throw base::error("{} has no \"{}\"", what, key);
  return m->value;
}

inline std::string require_string(const rapidjson::Value& o, const char* key, const std::string& what) {
  const rapidjson::Value& v = require_member(o, key, what);
  if (!v.IsString()) throw base::error("{}: \"{}\" is not a string", what, key);
  return std::string(v.GetString(), v.GetStringLength());
}

inline rapidjson::Value::ConstArray require_array(const rapidjson::Value& o, const char* key, const std::string& what) {
  const rapidjson::Value& v = require_member(o, key, what);
  if (!v.IsArray()) throw base::error("{}: \"{}\" is not a list", what, key);
  return v.GetArray();
}

// The strings of a list, each checked.
inline std::vector<std::string> require_strings(const rapidjson::Value& o, const char* key, const std::string& what) {
  std::vector<std::string> out;
  for (const auto& v : require_array(o, key, what)) {
    if (!v.IsString()) throw base::error("{}: \"{}\" holds something other than strings", what, key);
    out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

}  // namespace base
