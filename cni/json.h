// SPDX-License-Identifier: GPL-2.0-or-later
// cni/json.h: rapidjson as the CNI layer uses it: parse with a CNI error
// (code 6) on bad input, typed field access with code 7 on a wrong type,
// building objects in order, and printing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace cni::json {

using Value = rapidjson::Value;
using Document = rapidjson::Document;

// Throws cni::Error(6, "<what>: <reason>") on invalid JSON.
Document parse(std::string_view text, std::string_view what);

std::string dump(const Value& v, bool pretty = false);

// Field access; `ctx` names the object in errors. A present field of the
// wrong type is error 7; absent optional fields are nullopt.
std::optional<std::string> opt_string(const Value& obj, const char* key, std::string_view ctx);
std::string string(const Value& obj, const char* key, std::string_view ctx);  // required
bool boolean(const Value& obj, const char* key, bool fallback, std::string_view ctx);
std::optional<int64_t> opt_int(const Value& obj, const char* key, std::string_view ctx);
const Value* opt_object(const Value& obj, const char* key, std::string_view ctx);
const Value* opt_array(const Value& obj, const char* key, std::string_view ctx);
std::vector<std::string> strings(const Value& obj, const char* key, std::string_view ctx);

// An object under construction that owns its allocator.
class Object {
 public:
  Object();
  Object& add(const std::string& key, const std::string& v);
  Object& add(const std::string& key, const char* v) { return add(key, std::string(v)); }
  Object& add(const std::string& key, int64_t v);
  Object& add(const std::string& key, int v) { return add(key, static_cast<int64_t>(v)); }
  Object& add(const std::string& key, bool v);
  Object& add(const std::string& key, const Value& v);  // deep copy
  Object& add(const std::string& key, Object& o);
  Object& add_strings(const std::string& key, const std::vector<std::string>& items);
  Value& value() { return doc_; }
  const Value& value() const { return doc_; }
  Document& doc() { return doc_; }
  Document::AllocatorType& alloc() { return doc_.GetAllocator(); }

 private:
  Document doc_;
};

}  // namespace cni::json
