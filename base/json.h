// SPDX-License-Identifier: GPL-2.0-or-later
// base/json.h: the one checked way to read JSON, whoever wrote it (an
// archive's manifest, an image config, a conflist, a plugin's result, a
// record on disk): parse with one error naming the document, then read
// fields through accessors that check the type first, so no input reaches
// RapidJSON's asserts. Also building objects in order, and printing.
//
// Errors are base::Error with the CNI spec's codes for the two faults
// (6: cannot decode, 7: a field missing or of the wrong type), so a
// plugin reports them as the spec asks and everyone else ignores them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

namespace base::json {

using Value = rapidjson::Value;
using Document = rapidjson::Document;

inline constexpr int kDecodeCode = 6;
inline constexpr int kInvalidCode = 7;

// Arrays and objects nested deeper than this are refused before parsing
// (a hostile document would otherwise exhaust the stack in the parser, a
// walk or the destructor).
inline constexpr size_t kMaxDepth = 512;

// "<what>: <reason> at offset N" on invalid JSON; "<what>: nested more than
// 512 deep". An object's later members of a name seen before are dropped,
// so that every lookup finds the first, as RapidJSON's FindMember does.
Document parse(std::string_view text, std::string_view what);
// An object read only up to its outermost member named `marker`: that
// member and all after it are left unread (a record's first fields, for a
// listing); the whole, as parse(), when it has none. The same checks, on
// what is read.
Document parse_until(std::string_view text, std::string_view marker, std::string_view what);
// The same, nullopt for any fault (a flag's value that may be JSON).
std::optional<Document> try_parse(std::string_view text);

std::string dump(const Value& v, bool pretty = false);

// `v` itself, if it is an object (a list); else "<what> is not a JSON object".
const Value& object(const Value& v, std::string_view what);
Value::ConstArray list(const Value& v, std::string_view what);

// Field access; `ctx` names the object in errors. An absent or null
// optional field is nullopt (nullptr, empty); a present one of the wrong
// type is "<ctx>: "<key>" must be <kind>"; a required one missing is
// "<ctx>: missing "<key>"". A non-object `obj` has no fields.
std::optional<std::string> opt_string(const Value& obj, const char* key, std::string_view ctx);
std::string string(const Value& obj, const char* key, std::string_view ctx);  // required
std::string string_or(const Value& obj, const char* key, std::string_view ctx, std::string fallback = {});
bool boolean(const Value& obj, const char* key, bool fallback, std::string_view ctx);
std::optional<int64_t> opt_int(const Value& obj, const char* key, std::string_view ctx);
// An integer in [lo, hi].
std::optional<int64_t> opt_int_in(const Value& obj, const char* key, int64_t lo, int64_t hi, std::string_view ctx);
const Value& member(const Value& obj, const char* key, std::string_view ctx);  // required, any type
const Value* opt_object(const Value& obj, const char* key, std::string_view ctx);
const Value* opt_array(const Value& obj, const char* key, std::string_view ctx);
Value::ConstArray array(const Value& obj, const char* key, std::string_view ctx);  // required
// A list of strings; absent is empty. required_strings: absent is an error.
std::vector<std::string> strings(const Value& obj, const char* key, std::string_view ctx);
std::vector<std::string> required_strings(const Value& obj, const char* key, std::string_view ctx);
// An object of strings ({"k": "v", ...}: labels, options), in its order.
std::vector<std::pair<std::string, std::string>> string_pairs(const Value& obj, const char* key, std::string_view ctx);

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

}  // namespace base::json
