// SPDX-License-Identifier: GPL-2.0-or-later
// cni/json.cc: rapidjson helpers.
#include "cni/json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fmt/format.h>

#include "cni/error.h"

namespace cni::json {

Document parse(std::string_view text, std::string_view what) {
  Document d;
  d.Parse(text.data(), text.size());
  if (d.HasParseError()) {
    throw Error(kDecodingFailure, fmt::format("{}: {} at offset {}", what, rapidjson::GetParseError_En(d.GetParseError()),
                                              d.GetErrorOffset()));
  }
  return d;
}

std::string dump(const Value& v, bool pretty) {
  rapidjson::StringBuffer buf;
  if (pretty) {
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
    w.SetIndent(' ', 4);
    v.Accept(w);
  } else {
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    v.Accept(w);
  }
  return std::string(buf.GetString(), buf.GetSize());
}

namespace {
const Value* member(const Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  return it == obj.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}
Error wrong_type(std::string_view ctx, const char* key, const char* want) {
  return Error(kInvalidConfig, fmt::format("{}: \"{}\" must be {}", ctx, key, want));
}
}  // namespace

std::optional<std::string> opt_string(const Value& obj, const char* key, std::string_view ctx) {
  const Value* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->IsString()) throw wrong_type(ctx, key, "a string");
  return std::string(v->GetString(), v->GetStringLength());
}

std::string string(const Value& obj, const char* key, std::string_view ctx) {
  auto s = opt_string(obj, key, ctx);
  if (!s) throw Error(kInvalidConfig, fmt::format("{}: missing \"{}\"", ctx, key));
  return *s;
}

bool boolean(const Value& obj, const char* key, bool fallback, std::string_view ctx) {
  const Value* v = member(obj, key);
  if (!v) return fallback;
  if (!v->IsBool()) throw wrong_type(ctx, key, "true or false");
  return v->GetBool();
}

std::optional<int64_t> opt_int(const Value& obj, const char* key, std::string_view ctx) {
  const Value* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->IsInt64()) throw wrong_type(ctx, key, "an integer");
  return v->GetInt64();
}

const Value* opt_object(const Value& obj, const char* key, std::string_view ctx) {
  const Value* v = member(obj, key);
  if (v && !v->IsObject()) throw wrong_type(ctx, key, "an object");
  return v;
}

const Value* opt_array(const Value& obj, const char* key, std::string_view ctx) {
  const Value* v = member(obj, key);
  if (v && !v->IsArray()) throw wrong_type(ctx, key, "a list");
  return v;
}

std::vector<std::string> strings(const Value& obj, const char* key, std::string_view ctx) {
  std::vector<std::string> out;
  if (const Value* a = opt_array(obj, key, ctx)) {
    for (const auto& item : a->GetArray()) {
      if (!item.IsString()) throw wrong_type(ctx, key, "a list of strings");
      out.emplace_back(item.GetString(), item.GetStringLength());
    }
  }
  return out;
}

Object::Object() { doc_.SetObject(); }

Object& Object::add(const std::string& key, const std::string& v) {
  doc_.AddMember(Value(key.c_str(), alloc()), Value(v.c_str(), static_cast<rapidjson::SizeType>(v.size()), alloc()), alloc());
  return *this;
}
Object& Object::add(const std::string& key, int64_t v) {
  doc_.AddMember(Value(key.c_str(), alloc()), Value(v), alloc());
  return *this;
}
Object& Object::add(const std::string& key, bool v) {
  doc_.AddMember(Value(key.c_str(), alloc()), Value(v), alloc());
  return *this;
}
Object& Object::add(const std::string& key, const Value& v) {
  doc_.AddMember(Value(key.c_str(), alloc()), Value(v, alloc()), alloc());
  return *this;
}
Object& Object::add(const std::string& key, Object& o) { return add(key, o.value()); }
Object& Object::add_strings(const std::string& key, const std::vector<std::string>& items) {
  Value a(rapidjson::kArrayType);
  for (const auto& s : items) a.PushBack(Value(s.c_str(), alloc()), alloc());
  doc_.AddMember(Value(key.c_str(), alloc()), a, alloc());
  return *this;
}

}  // namespace cni::json
