// SPDX-License-Identifier: GPL-2.0-or-later
// base/json.cc: parsing, checked field access, building, printing.
#include "base/json.h"

#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>

#include "base/error.h"

namespace base::json {

namespace {

Error invalid(std::string message) { return std::move(Error(0, std::move(message)).with_cni_code(kInvalidCode)); }

Error wrong_type(std::string_view ctx, const char* key, const char* want) {
  return invalid(fmt::format("{}: \"{}\" must be {}", ctx, key, want));
}

// The field, or nullptr when `obj` is no object or it is absent or null.
// Records are read key by key in about the order they were written, so
// the search starts after the member the last lookup in the same object
// found (parse() left no name twice: any order finds the one member).
const Value* find(const Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  thread_local const Value* last_obj = nullptr;
  thread_local rapidjson::SizeType last_at = 0;
  rapidjson::SizeType n = obj.MemberCount(), start = &obj == last_obj && last_at < n ? last_at : 0;
  size_t len = std::strlen(key);
  auto members = obj.MemberBegin();
  for (rapidjson::SizeType i = 0, at = start; i < n; ++i, at = at + 1 == n ? 0 : at + 1) {
    const auto& name = members[at].name;
    if (name.GetStringLength() != len || std::memcmp(name.GetString(), key, len) != 0) continue;
    last_obj = &obj;
    last_at = at + 1;
    return members[at].value.IsNull() ? nullptr : &members[at].value;
  }
  return nullptr;
}

// Whether the object `v` has a name twice: pairwise for a few members,
// through a hash table for up to 256, else in name order.
bool has_repeated_names(const Value& v, std::vector<std::string_view>& scratch) {
  rapidjson::SizeType n = v.MemberCount();
  auto name = [&](rapidjson::SizeType i) {
    const auto& s = (v.MemberBegin() + i)->name;
    return std::string_view(s.GetString(), s.GetStringLength());
  };
  if (n <= 8) {
    for (rapidjson::SizeType i = 1; i < n; ++i) {
      for (rapidjson::SizeType j = 0; j < i; ++j) {
        if (name(i) == name(j)) return true;
      }
    }
    return false;
  }
  if (n <= 256) {
    // An open-addressing table of member indices, hashed by name.
    constexpr size_t kSlots = 512;
    std::array<uint16_t, kSlots> slot;
    slot.fill(0);
    for (rapidjson::SizeType i = 0; i < n; ++i) {
      std::string_view key = name(i);
      size_t h = std::hash<std::string_view>{}(key) & (kSlots - 1);
      for (; slot[h] != 0; h = (h + 1) & (kSlots - 1)) {
        if (name(slot[h] - 1) == key) return true;
      }
      slot[h] = static_cast<uint16_t>(i + 1);
    }
    return false;
  }
  scratch.clear();
  for (rapidjson::SizeType i = 0; i < n; ++i) scratch.push_back(name(i));
  std::sort(scratch.begin(), scratch.end());
  return std::adjacent_find(scratch.begin(), scratch.end()) != scratch.end();
}

// Checks the depth (the parse is iterative; this walk is the one
// recursion) and drops an object's later members with a name seen before,
// the first staying. False when nested deeper than kMaxDepth.
bool normalize(Value& v, size_t depth, std::vector<std::string_view>& scratch) {
  if (depth > kMaxDepth) return false;
  if (v.IsArray()) {
    for (auto& e : v.GetArray()) {
      if (!normalize(e, depth + 1, scratch)) return false;
    }
    return true;
  }
  if (!v.IsObject()) return true;
  if (has_repeated_names(v, scratch)) {
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      std::string_view seen(m->name.GetString(), m->name.GetStringLength());
      for (auto later = m + 1; later != v.MemberEnd();) {
        if (std::string_view(later->name.GetString(), later->name.GetStringLength()) == seen) later = v.EraseMember(later);
        else ++later;
      }
    }
  }
  for (auto& m : v.GetObject()) {
    if (!normalize(m.value, depth + 1, scratch)) return false;
  }
  return true;
}

// The reader's events into a document, until a member of the outermost
// object named `marker`: the parse stops there, and the object is closed
// with the members before it.
class UntilMember {
 public:
  UntilMember(Document& d, std::string_view marker) : d_(d), marker_(marker) {}
  bool Null() { return d_.Null(); }
  bool Bool(bool b) { return d_.Bool(b); }
  bool Int(int i) { return d_.Int(i); }
  bool Uint(unsigned i) { return d_.Uint(i); }
  bool Int64(int64_t i) { return d_.Int64(i); }
  bool Uint64(uint64_t i) { return d_.Uint64(i); }
  bool Double(double x) { return d_.Double(x); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) { return d_.RawNumber(s, n, copy); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return d_.String(s, n, copy); }
  bool StartObject() {
    ++depth_;
    return d_.StartObject();
  }
  bool EndObject(rapidjson::SizeType n) {
    --depth_;
    return d_.EndObject(n);
  }
  bool StartArray() {
    ++depth_;
    return d_.StartArray();
  }
  bool EndArray(rapidjson::SizeType n) {
    --depth_;
    return d_.EndArray(n);
  }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) {
    if (depth_ == 1 && std::string_view(s, n) == marker_) {
      stopped_ = true;
      return false;  // the reader ends here
    }
    if (depth_ == 1) ++members_;
    return d_.Key(s, n, copy);
  }
  bool stopped() const { return stopped_; }
  rapidjson::SizeType members() const { return members_; }

 private:
  Document& d_;
  std::string_view marker_;
  size_t depth_ = 0;
  rapidjson::SizeType members_ = 0;
  bool stopped_ = false;
};

// Parsed without recursion (up to `marker`'s member, if given), then
// checked and normalized: nullopt-like (false) with the reason in `why`.
bool parse_into(Document& d, std::string_view text, std::string& why, std::string_view marker = {}) {
  if (marker.empty()) {
    d.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  } else {
    auto until = [&](Document& into) {
      UntilMember h(into, marker);
      rapidjson::MemoryStream in(text.data(), text.size());
      rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> is(in);
      rapidjson::Reader r;
      rapidjson::ParseResult res = r.Parse<rapidjson::kParseIterativeFlag>(is, h);
      if (h.stopped()) return into.EndObject(h.members());
      if (res.IsError()) {
        why = fmt::format("{} at offset {}", rapidjson::GetParseError_En(res.Code()), res.Offset());
        return false;
      }
      return true;
    };
    d.Populate(until);
    if (!why.empty()) return false;
  }
  if (d.HasParseError()) {
    why = fmt::format("{} at offset {}", rapidjson::GetParseError_En(d.GetParseError()), d.GetErrorOffset());
    return false;
  }
  std::vector<std::string_view> scratch;
  if (!normalize(d, 1, scratch)) {
    why = fmt::format("nested more than {} deep", kMaxDepth);
    return false;
  }
  return true;
}

std::string text_of(const Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

}  // namespace

Document parse(std::string_view text, std::string_view what) {
  Document d;
  std::string why;
  if (!parse_into(d, text, why)) throw std::move(Error(0, fmt::format("{}: {}", what, why)).with_cni_code(kDecodeCode));
  return d;
}

Document parse_until(std::string_view text, std::string_view marker, std::string_view what) {
  Document d;
  std::string why;
  if (!parse_into(d, text, why, marker)) throw std::move(Error(0, fmt::format("{}: {}", what, why)).with_cni_code(kDecodeCode));
  return d;
}

std::optional<Document> try_parse(std::string_view text) {
  Document d;
  std::string why;
  if (!parse_into(d, text, why)) return std::nullopt;
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
