// SPDX-License-Identifier: GPL-2.0-or-later
// cli/template_funcs.cc: the functions a template may call: Go's builtins
// (not, len, index, slice, print, printf, println, eq, ne, lt, le, gt, ge,
// html, js, urlquery, call; and/or are the evaluator's, being lazy) and
// the ones Podman adds (json, lower, upper, title, join, split, truncate,
// pad, contains, hasPrefix, hasSuffix, replace). Errors are Go's words.
#include <algorithm>
#include <cctype>
#include <functional>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "base/error.h"
#include "cli/template_tree.h"

namespace cli::tmpl {

namespace {

using Args = std::vector<Value>;

constexpr int64_t max_pad = 1 << 20;  // pad and truncate never grow a line beyond this

[[noreturn]] void fail(const std::string& fn, const std::string& msg) {
  throw base::error("error calling {}: {}", fn, msg);
}

void want(const std::string& fn, const Args& a, size_t n) {
  if (a.size() != n) throw base::error("wrong number of args for {}: want {} got {}", fn, n, a.size());
}

void want_at_least(const std::string& fn, const Args& a, size_t n) {
  if (a.size() < n) throw base::error("wrong number of args for {}: want at least {} got {}", fn, n, a.size());
}


const std::string& str(const Value& v) {
  if (auto* s = v.as<std::string>()) return *s;
  throw base::error("wrong type for value; expected string; got {}", type_name(v));
}

int64_t integer(const Value& v) {
  if (auto* i = v.as<int64_t>()) return *i;
  if (auto* d = v.as<double>(); d && *d == static_cast<double>(static_cast<int64_t>(*d))) return static_cast<int64_t>(*d);
  throw base::error("wrong type for value; expected int; got {}", type_name(v));
}

// Go's basic kinds for comparison; 0 for the others.
enum Kind { none, boolean, integral, floating, string };
Kind kind(const Value& v) {
  if (v.as<bool>()) return boolean;
  if (v.as<int64_t>()) return integral;
  if (v.as<double>()) return floating;
  if (v.as<std::string>()) return string;
  return none;
}

bool equal(const Value& a, const Value& b) {
  Kind ka = kind(a), kb = kind(b);
  if (ka != kb) {
    if (a.as<std::nullptr_t>() || b.as<std::nullptr_t>()) return false;
    throw base::error("error calling eq: incompatible types for comparison");
  }
  switch (ka) {
    case boolean: return *a.as<bool>() == *b.as<bool>();
    case integral: return *a.as<int64_t>() == *b.as<int64_t>();
    case floating: return *a.as<double>() == *b.as<double>();
    case string: return *a.as<std::string>() == *b.as<std::string>();
    case none: break;
  }
  if (a.as<std::nullptr_t>() && b.as<std::nullptr_t>()) return true;
  throw base::error("error calling eq: non-comparable type {}", type_name(a));
}

bool less(const std::string& fn, const Value& a, const Value& b) {
  Kind ka = kind(a), kb = kind(b);
  if (ka == none || kb == none || ka == boolean || kb == boolean) fail(fn, "invalid type for comparison");
  if (ka != kb) fail(fn, "incompatible types for comparison");
  switch (ka) {
    case integral: return *a.as<int64_t>() < *b.as<int64_t>();
    case floating: return *a.as<double>() < *b.as<double>();
    default: return *a.as<std::string>() < *b.as<std::string>();
  }
}

Value index_one(const Value& item, const Value& key) {
  if (item.as<std::nullptr_t>()) fail("index", "index of untyped nil");
  if (auto* a = item.as<Value::Array>()) {
    if (kind(key) != integral) fail("index", fmt::format("cannot index slice/array with type {}", type_name(key)));
    int64_t i = *key.as<int64_t>();
    if (i < 0 || static_cast<size_t>(i) >= a->size()) fail("index", fmt::format("index out of range: {}", i));
    return (*a)[static_cast<size_t>(i)];
  }
  if (auto* s = item.as<std::string>()) {
    if (kind(key) != integral) fail("index", fmt::format("cannot index slice/array with type {}", type_name(key)));
    int64_t i = *key.as<int64_t>();
    if (i < 0 || static_cast<size_t>(i) >= s->size()) fail("index", fmt::format("index out of range: {}", i));
    return Value(static_cast<int64_t>(static_cast<unsigned char>((*s)[static_cast<size_t>(i)])));
  }
  auto* o = item.as<Value::Object>();
  if (!o || !item.is_map()) fail("index", fmt::format("can't index item of type {}", type_name(item)));
  if (!key.as<std::string>()) fail("index", fmt::format("value has type {}; should be string", type_name(key)));
  for (const auto& [k, v] : *o) {
    if (k == *key.as<std::string>()) return v;
  }
  // A missing key gives the element type's zero, judged by the first
  // element: "" for Podman's string maps (and for an empty map, mostly labels).
  if (o->empty() || o->front().second.as<std::string>()) return Value("");
  const Value& e = o->front().second;
  if (e.as<int64_t>()) return Value(int64_t{0});
  if (e.as<double>()) return Value(0.0);
  if (e.as<bool>()) return Value(false);
  return Value();
}

Value slice(const Args& a) {
  want_at_least("slice", a, 1);
  const Value& item = a[0];
  if (item.as<std::nullptr_t>()) fail("slice", "slice of untyped nil");
  if (a.size() > 4) fail("slice", fmt::format("too many slice indexes: {}", a.size() - 1));
  auto* s = item.as<std::string>();
  auto* arr = item.as<Value::Array>();
  if (!s && !arr) fail("slice", fmt::format("can't slice item of type {}", type_name(item)));
  if (s && a.size() == 4) fail("slice", "cannot 3-index slice a string");
  int64_t len = s ? static_cast<int64_t>(s->size()) : static_cast<int64_t>(arr->size());
  int64_t idx[3] = {0, len, len};
  for (size_t i = 1; i < a.size(); ++i) {
    if (kind(a[i]) != integral) fail("slice", fmt::format("cannot index slice/array with type {}", type_name(a[i])));
    idx[i - 1] = *a[i].as<int64_t>();
    if (idx[i - 1] < 0 || idx[i - 1] > len) fail("slice", fmt::format("index out of range: {}", idx[i - 1]));
  }
  if (idx[0] > idx[1]) fail("slice", fmt::format("invalid slice index: {} > {}", idx[0], idx[1]));
  if (a.size() == 4 && idx[1] > idx[2]) fail("slice", fmt::format("invalid slice index: {} > {}", idx[1], idx[2]));
  if (s) return Value(s->substr(static_cast<size_t>(idx[0]), static_cast<size_t>(idx[1] - idx[0])));
  return Value(Value::Array(arr->begin() + idx[0], arr->begin() + idx[1]));
}

// html, js and urlquery escape their one string, or else Sprint of all.
std::string escaped_arg(const Args& a) {
  if (a.size() == 1 && a[0].as<std::string>()) return *a[0].as<std::string>();
  return sprint(a);
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\0': out += "\xEF\xBF\xBD"; break;
      default: out += c;
    }
  }
  return out;
}

std::string js_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '"': out += "\\\""; break;
      case '<': out += "\\u003C"; break;
      case '>': out += "\\u003E"; break;
      case '&': out += "\\u0026"; break;
      case '=': out += "\\u003D"; break;
      default:
        if (static_cast<unsigned char>(c) < ' ') out += fmt::format("\\u00{:02X}", static_cast<unsigned char>(c));
        else out += c;
    }
  }
  return out;
}

std::string query_escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else if (c == ' ') out += '+';
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

// strings.Title: the first letter of each word upper-cased.
std::string title(const std::string& s) {
  std::string out = s;
  bool start = true;
  for (char& c : out) {
    auto u = static_cast<unsigned char>(c);
    bool word = std::isalnum(u) || c == '_' || c == '\'' || u >= 0x80;
    if (word && start) c = static_cast<char>(std::toupper(u));
    start = !word;
  }
  return out;
}

Value split(const std::string& s, const std::string& sep) {
  Value::Array out;
  if (sep.empty()) {
    for (size_t i = 0; i < s.size();) {
      size_t n = 1;
      while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
      out.emplace_back(s.substr(i, n));
      i += n;
    }
    return Value(std::move(out));
  }
  size_t from = 0;
  for (size_t at; (at = s.find(sep, from)) != std::string::npos; from = at + sep.size()) out.emplace_back(s.substr(from, at - from));
  out.emplace_back(s.substr(from));
  return Value(std::move(out));
}

std::string replace(const std::string& s, const std::string& from, const std::string& to, int64_t n) {
  if (from.empty()) return s;  // Go inserts at every rune; no script asks for that
  std::string out;
  size_t pos = 0;
  for (size_t at; n != 0 && (at = s.find(from, pos)) != std::string::npos; --n) {
    out += s.substr(pos, at - pos) + to;
    pos = at + from.size();
  }
  return out + s.substr(pos);
}

std::string case_map(const std::string& s, int (*f)(int)) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(f(static_cast<unsigned char>(c)));
  return out;
}

using Fn = std::function<Value(const Args&)>;

const std::unordered_map<std::string, Fn>& functions() {
  static const std::unordered_map<std::string, Fn> table = {
      {"and", nullptr},
      {"or", nullptr},
      {"not", [](const Args& a) { want("not", a, 1); return Value(!truth(a[0])); }},
      {"len", [](const Args& a) {
         want("len", a, 1);
         if (auto* s = a[0].as<std::string>()) return Value(static_cast<int64_t>(s->size()));
         if (auto* l = a[0].as<Value::Array>()) return Value(static_cast<int64_t>(l->size()));
         if (auto* o = a[0].as<Value::Object>(); o && a[0].is_map()) return Value(static_cast<int64_t>(o->size()));
         if (a[0].as<std::nullptr_t>()) fail("len", "len of nil pointer");
         fail("len", fmt::format("len of type {}", type_name(a[0])));
       }},
      {"index", [](const Args& a) {
         want_at_least("index", a, 1);
         Value v = a[0];
         for (size_t i = 1; i < a.size(); ++i) v = index_one(v, a[i]);
         return v;
       }},
      {"slice", slice},
      {"print", [](const Args& a) { return Value(sprint(a)); }},
      {"println", [](const Args& a) { return Value(sprintln(a)); }},
      {"printf", [](const Args& a) {
         want_at_least("printf", a, 1);
         return Value(sprintf(str(a[0]), Args(a.begin() + 1, a.end())));
       }},
      {"eq", [](const Args& a) {
         want_at_least("eq", a, 1);
         if (a.size() == 1) fail("eq", "missing argument for comparison");
         for (size_t i = 1; i < a.size(); ++i) {
           if (equal(a[0], a[i])) return Value(true);
         }
         return Value(false);
       }},
      {"ne", [](const Args& a) { want("ne", a, 2); return Value(!equal(a[0], a[1])); }},
      {"lt", [](const Args& a) { want("lt", a, 2); return Value(less("lt", a[0], a[1])); }},
      {"le", [](const Args& a) { want("le", a, 2); return Value(!less("le", a[1], a[0])); }},
      {"gt", [](const Args& a) { want("gt", a, 2); return Value(less("gt", a[1], a[0])); }},
      {"ge", [](const Args& a) { want("ge", a, 2); return Value(!less("ge", a[0], a[1])); }},
      {"html", [](const Args& a) { return Value(html_escape(escaped_arg(a))); }},
      {"js", [](const Args& a) { return Value(js_escape(escaped_arg(a))); }},
      {"urlquery", [](const Args& a) { return Value(query_escape(escaped_arg(a))); }},
      {"call", [](const Args& a) -> Value {
         want_at_least("call", a, 1);
         if (a[0].as<std::nullptr_t>()) fail("call", "call of nil");
         fail("call", fmt::format("non-function of type {}", type_name(a[0])));
       }},
      {"json", [](const Args& a) { want("json", a, 1); return Value(to_json_compact(a[0])); }},
      {"lower", [](const Args& a) { want("lower", a, 1); return Value(case_map(str(a[0]), ::tolower)); }},
      {"upper", [](const Args& a) { want("upper", a, 1); return Value(case_map(str(a[0]), ::toupper)); }},
      {"title", [](const Args& a) { want("title", a, 1); return Value(title(str(a[0]))); }},
      {"join", [](const Args& a) {
         want("join", a, 2);
         auto* l = a[0].as<Value::Array>();
         if (!l && !a[0].as<std::nullptr_t>()) throw base::error("wrong type for value; expected []string; got {}", type_name(a[0]));
         std::string out;
         for (size_t i = 0; l && i < l->size(); ++i) out += (i ? str(a[1]) : "") + str((*l)[i]);
         return Value(out);
       }},
      {"split", [](const Args& a) { want("split", a, 2); return split(str(a[0]), str(a[1])); }},
      {"truncate", [](const Args& a) {
         want("truncate", a, 2);
         const std::string& s = str(a[0]);
         int64_t n = integer(a[1]);
         if (n < 0) fail("truncate", fmt::format("slice bounds out of range [:{}]", n));
         return Value(static_cast<size_t>(n) >= s.size() ? s : s.substr(0, static_cast<size_t>(n)));
       }},
      {"pad", [](const Args& a) {
         want("pad", a, 3);
         const std::string& s = str(a[0]);
         int64_t pre = integer(a[1]), post = integer(a[2]);
         if (pre < 0 || post < 0) fail("pad", "negative Repeat count");
         if (s.empty()) return Value(s);
         pre = std::min(pre, max_pad);
         post = std::min(post, max_pad);
         return Value(std::string(static_cast<size_t>(pre), ' ') + s + std::string(static_cast<size_t>(post), ' '));
       }},
      {"contains", [](const Args& a) { want("contains", a, 2); return Value(str(a[0]).find(str(a[1])) != std::string::npos); }},
      {"hasPrefix", [](const Args& a) { want("hasPrefix", a, 2); return Value(str(a[0]).starts_with(str(a[1]))); }},
      {"hasSuffix", [](const Args& a) { want("hasSuffix", a, 2); return Value(str(a[0]).ends_with(str(a[1]))); }},
      {"replace", [](const Args& a) {
         if (a.size() != 3 && a.size() != 4) throw base::error("wrong number of args for replace: want 4 got {}", a.size());
         return Value(replace(str(a[0]), str(a[1]), str(a[2]), a.size() == 4 ? integer(a[3]) : -1));
       }},
  };
  return table;
}

}  // namespace

bool truth(const Value& v) {
  if (auto* b = v.as<bool>()) return *b;
  if (auto* i = v.as<int64_t>()) return *i != 0;
  if (auto* d = v.as<double>()) return *d != 0;
  if (auto* s = v.as<std::string>()) return !s->empty();
  if (auto* a = v.as<Value::Array>()) return !a->empty();
  if (auto* o = v.as<Value::Object>()) return !v.is_map() || !o->empty();
  return v.as<Value::Time>() != nullptr;  // a struct
}

bool is_function(const std::string& name) { return functions().count(name) != 0; }

Value call_function(const std::string& name, const std::vector<Value>& args) {
  const auto& table = functions();
  auto it = table.find(name);
  if (it == table.end() || !it->second) throw base::error("function \"{}\" not defined", name);
  try {
    return it->second(args);
  } catch (base::Error& e) {
    std::string msg = e.what();
    if (msg.starts_with("error calling") || msg.starts_with("wrong number")) throw;
    throw base::error("error calling {}: {}", name, msg);
  }
}

}  // namespace cli::tmpl
