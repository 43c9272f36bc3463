// SPDX-License-Identifier: GPL-2.0-or-later
// cli/output.cc: rendering Value trees with rapidjson and as YAML.
#include "cli/output.h"

#include <algorithm>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fmt/format.h>

namespace cli {

Value Value::strings(const std::vector<std::string>& items) {
  Array a;
  for (const auto& s : items) a.emplace_back(s);
  return Value(std::move(a));
}

Value Value::map(Object o) {
  Value v(std::move(o));
  v.map_ = true;
  return v;
}

Value Value::time(std::string rfc3339) {
  Value v;
  // An unset time is Go's zero time, as Podman prints it.
  v.v_ = Time{rfc3339.empty() ? "0001-01-01T00:00:00Z" : std::move(rfc3339)};
  return v;
}

Value& Value::set(std::string key, Value v) {
  if (!std::holds_alternative<Object>(v_)) v_ = Object{};
  std::get<Object>(v_).emplace_back(std::move(key), std::move(v));
  return *this;
}

namespace {

template <typename Writer>
void write_json(Writer& w, const Value& v) {
  if (auto* b = v.as<bool>()) {
    w.Bool(*b);
  } else if (auto* i = v.as<int64_t>()) {
    w.Int64(*i);
  } else if (auto* d = v.as<double>()) {
    w.Double(*d);
  } else if (auto* t = v.as<Value::Time>()) {
    w.String(t->rfc3339.c_str(), static_cast<rapidjson::SizeType>(t->rfc3339.size()));
  } else if (auto* s = v.as<std::string>()) {
    w.String(s->c_str(), static_cast<rapidjson::SizeType>(s->size()));
  } else if (auto* o = v.as<Value::Object>()) {
    // Go's encoder writes a map's keys in order, a struct's in field order.
    std::vector<const std::pair<std::string, Value>*> items;
    for (const auto& kv : *o) items.push_back(&kv);
    if (v.is_map()) std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->first < b->first; });
    w.StartObject();
    for (const auto* kv : items) {
      w.Key(kv->first.c_str(), static_cast<rapidjson::SizeType>(kv->first.size()));
      write_json(w, kv->second);
    }
    w.EndObject();
  } else if (auto* a = v.as<Value::Array>()) {
    w.StartArray();
    for (const auto& item : *a) write_json(w, item);
    w.EndArray();
  } else {
    w.Null();
  }
}

bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  if (s == "true" || s == "false" || s == "null" || s == "~") return true;
  if (s.find_first_of(":#{}[],&*!|>'\"%@`\n") != std::string::npos) return true;
  return s.front() == ' ' || s.back() == ' ' || s.front() == '-';
}

std::string scalar(const Value& v) {
  if (auto* b = v.as<bool>()) return *b ? "true" : "false";
  if (auto* i = v.as<int64_t>()) return std::to_string(*i);
  if (auto* d = v.as<double>()) return fmt::format("{}", *d);
  if (auto* t = v.as<Value::Time>()) return t->rfc3339;
  if (auto* s = v.as<std::string>()) return needs_quotes(*s) ? to_json(v) : *s;
  return "null";
}

void write_yaml(std::string& out, const Value& v, int indent) {
  std::string pad(static_cast<size_t>(indent), ' ');
  if (auto* o = v.as<Value::Object>()) {
    for (const auto& [k, item] : *o) {
      const auto* a = item.as<Value::Array>();
      const auto* obj = item.as<Value::Object>();
      if (obj && !obj->empty()) {
        out += fmt::format("{}{}:\n", pad, k);
        write_yaml(out, item, indent + 2);
      } else if (a && !a->empty()) {
        // go-yaml, which Podman uses, does not indent a list under its key.
        out += fmt::format("{}{}:\n", pad, k);
        write_yaml(out, item, indent);
      } else if (obj) {
        out += fmt::format("{}{}: {{}}\n", pad, k);
      } else if (a) {
        out += fmt::format("{}{}: []\n", pad, k);
      } else {
        out += fmt::format("{}{}: {}\n", pad, k, scalar(item));
      }
    }
  } else if (auto* a = v.as<Value::Array>()) {
    for (const auto& item : *a) out += fmt::format("{}- {}\n", pad, scalar(item));
  } else {
    out += pad + scalar(v) + "\n";
  }
}

}  // namespace

std::string to_json(const Value& v, unsigned indent) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', indent);
  write_json(w, v);
  return buf.GetString();
}

std::string to_json_compact(const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  write_json(w, v);
  return buf.GetString();
}

std::string to_yaml(const Value& v) {
  std::string out;
  write_yaml(out, v, 0);
  return out;
}

}  // namespace cli
