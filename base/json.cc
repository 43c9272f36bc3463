// SPDX-License-Identifier: GPL-2.0-or-later
// base/json.cc: parsing, checked field access, building, printing.
#include "base/json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "base/error.h"

namespace base::json {

namespace {

Error invalid(std::string message) { return std::move(Error(0, std::move(message)).with_cni_code(kInvalidCode)); }

Error wrong_type(std::string_view ctx, const char* key, const char* want) {
  return invalid(fmt::format("{}: \"{}\" must be {}", ctx, key, want));
}

// The field, or nullptr when `obj` is no object or it is absent or null.
const Value* find(const Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  return it == obj.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

std::string text_of(const Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

}  // namespace

Document parse(std::string_view text, std::string_view what) {
  Document d;
  d.Parse(text.data(), text.size());
  if (d.HasParseError()) {
    throw std::move(Error(0, fmt::format("{}: {} at offset {}", what, rapidjson::GetParseError_En(d.GetParseError()),
                                         d.GetErrorOffset()))
                        .with_cni_code(kDecodeCode));
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

const Value& object(const Value& v, std::string_view what) {
  if (!v.IsObject()) throw invalid(fmt::format("{} is not a JSON object", what));
  return v;
}

Value::ConstArray list(const Value& v, std::string_view what) {
  if (!v.IsArray()) throw invalid(fmt::format("{} is not a JSON list", what));
  return v.GetArray();
}

std::optional<std::string> opt_string(const Value& obj, const char* key, std::string_view ctx) {
  const Value* v = find(obj, key);
  if (!v) return std::nullopt;
  if (!v->IsString()) throw wrong_type(ctx, key, "a string");
  return text_of(*v);
}

std::string string(const Value& obj, const char* key, std::string_view ctx) {
  auto s = opt_string(obj, key, ctx);
  if (!s) throw invalid(fmt::format("{}: missing \"{}\"", ctx, key));
  return *s;
}

std::string string_or(const Value& obj, const char* key, std::string_view ctx, std::string fallback) {
  auto s = opt_string(obj, key, ctx);
  return s ? *s : fallback;
}

bool boolean(const Value& obj, const char* key, bool fallback, std::string_view ctx) {
  const Value* v = find(obj, key);
  if (!v) return fallback;
  if (!v->IsBool()) throw wrong_type(ctx, key, "true or false");
  return v->GetBool();
}

std::optional<int64_t> opt_int(const Value& obj, const char* key, std::string_view ctx) {
  const Value* v = find(obj, key);
  if (!v) return std::nullopt;
  if (!v->IsInt64()) throw wrong_type(ctx, key, "an integer");
  return v->GetInt64();
}

std::optional<int64_t> opt_int_in(const Value& obj, const char* key, int64_t lo, int64_t hi, std::string_view ctx) {
  auto n = opt_int(obj, key, ctx);
  if (n && (*n < lo || *n > hi)) throw invalid(fmt::format("{}: \"{}\" must be between {} and {}", ctx, key, lo, hi));
  return n;
}

const Value& member(const Value& obj, const char* key, std::string_view ctx) {
  const Value* v = find(obj, key);
  if (!v) throw invalid(fmt::format("{}: missing \"{}\"", ctx, key));
  return *v;
}

const Value* opt_object(const Value& obj, const char* key, std::string_view ctx) {
  const Value* v = find(obj, key);
  if (v && !v->IsObject()) throw wrong_type(ctx, key, "an object");
  return v;
}

const Value* opt_array(const Value& obj, const char* key, std::string_view ctx) {
  const Value* v = find(obj, key);
  if (v && !v->IsArray()) throw wrong_type(ctx, key, "a list");
  return v;
}

Value::ConstArray array(const Value& obj, const char* key, std::string_view ctx) {
  const Value& v = member(obj, key, ctx);
  if (!v.IsArray()) throw wrong_type(ctx, key, "a list");
  return v.GetArray();
}

std::vector<std::string> strings(const Value& obj, const char* key, std::string_view ctx) {
  std::vector<std::string> out;
  if (const Value* a = opt_array(obj, key, ctx)) {
    for (const auto& item : a->GetArray()) {
      if (!item.IsString()) throw wrong_type(ctx, key, "a list of strings");
      out.push_back(text_of(item));
    }
  }
  return out;
}

std::vector<std::string> required_strings(const Value& obj, const char* key, std::string_view ctx) {
  member(obj, key, ctx);
  return strings(obj, key, ctx);
}

std::vector<std::pair<std::string, std::string>> string_pairs(const Value& obj, const char* key, std::string_view ctx) {
  std::vector<std::pair<std::string, std::string>> out;
  if (const Value* o = opt_object(obj, key, ctx)) {
    for (const auto& m : o->GetObject()) {
      if (!m.value.IsString()) throw wrong_type(ctx, key, "an object of strings");
      out.emplace_back(text_of(m.name), text_of(m.value));
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
  for (const auto& s : items) a.PushBack(Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), alloc()), alloc());
  doc_.AddMember(Value(key.c_str(), alloc()), a, alloc());
  return *this;
}

}  // namespace base::json
