// SPDX-License-Identifier: GPL-2.0-or-later
// cli/template_print.cc: Go's fmt over template values, as text/template
// prints them and as print, println and printf format them: %v of
// lists, maps and structs, floats in strconv's shortest form, and
// Printf's verbs, flags, widths, precisions and %!verb(type=value) errors.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "cli/table.h"
#include "cli/template_tree.h"

namespace cli::tmpl {

namespace {

constexpr int max_width = 1000000;  // Go's fmt refuses wider (%!(BADWIDTH))

struct Spec {
  bool plus = false, minus = false, sharp = false, space = false, zero = false;
  int width = -1, prec = -1;
};

size_t runes(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string pad(std::string s, const Spec& sp, bool numeric) {
  if (sp.width < 0 || runes(s) >= static_cast<size_t>(sp.width)) return s;
  size_t fill = static_cast<size_t>(sp.width) - runes(s);
  if (sp.minus) return s + std::string(fill, ' ');
  if (sp.zero && numeric) {
    size_t at = !s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ') ? 1 : 0;
    if (s.compare(at, 2, "0x") == 0 || s.compare(at, 2, "0X") == 0 || s.compare(at, 2, "0b") == 0) at += 2;
    return s.insert(at, fill, '0');
  }
  return std::string(fill, ' ') + s;
}

// strconv.FormatFloat(d, 'g', -1, 64): the shortest digits that read back,
// with an exponent below 1e-4 and from 1e6 on, as fmt's %v.
std::string shortest(double d, bool upper) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  bool neg = sci[0] == '-';
  if (neg) sci.erase(0, 1);
  size_t e = sci.find('e');
  std::string digits;
  for (size_t i = 0; i < e; ++i) {
    if (sci[i] != '.') digits += sci[i];
  }
  int exp = std::atoi(sci.c_str() + e + 1);
  std::string out = neg ? "-" : "";
  if (exp < -4 || exp >= 6) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    return out + fmt::format("{}{}{:02d}", upper ? 'E' : 'e', exp < 0 ? '-' : '+', std::abs(exp));
  }
  int dp = exp + 1;
  if (dp <= 0) return out + "0." + std::string(static_cast<size_t>(-dp), '0') + digits;
  if (static_cast<size_t>(dp) >= digits.size()) return out + digits + std::string(static_cast<size_t>(dp) - digits.size(), '0');
  return out + digits.substr(0, static_cast<size_t>(dp)) + "." + digits.substr(static_cast<size_t>(dp));
}

std::string go_float(double d, char verb, const Spec& sp) {
  std::string s;
  if (std::isnan(d) || std::isinf(d)) {
    s = std::isnan(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
    if (sp.plus && s == "NaN") s = "+NaN";
    if (!sp.plus && s == "+Inf") s = sp.space ? " Inf" : "Inf";
    Spec no_zero = sp;
    no_zero.zero = false;
    return pad(s, no_zero, false);
  }
  if ((verb == 'g' || verb == 'G' || verb == 'v') && sp.prec < 0) {
    s = shortest(d, verb == 'G');
  } else {
    char c = verb == 'v' ? 'g' : verb == 'F' ? 'f' : verb;
    int prec = sp.prec >= 0 ? sp.prec : 6;
    char f[16];
    std::snprintf(f, sizeof f, "%%%s.*%c", sp.sharp ? "#" : "", c);
    char buf[512];
    int n = std::snprintf(buf, sizeof buf, f, std::min(prec, 400), d);
    s.assign(buf, static_cast<size_t>(std::clamp(n, 0, static_cast<int>(sizeof buf) - 1)));
  }
  if (s[0] != '-' && sp.plus) s = "+" + s;
  else if (s[0] != '-' && sp.space) s = " " + s;
  return pad(s, sp, true);
}

std::string go_int(int64_t i, char verb, const Spec& sp) {
  bool neg = i < 0;
  uint64_t u = neg ? 0 - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
  std::string digits;
  switch (verb) {
    case 'x': digits = fmt::format("{:x}", u); break;
    case 'X': digits = fmt::format("{:X}", u); break;
    case 'o': case 'O': digits = fmt::format("{:o}", u); break;
    case 'b': digits = fmt::format("{:b}", u); break;
    default: digits = std::to_string(u); break;
  }
  if (sp.prec >= 0 && digits.size() < static_cast<size_t>(sp.prec)) digits.insert(0, static_cast<size_t>(sp.prec) - digits.size(), '0');
  if (sp.prec == 0 && u == 0) digits.clear();
  std::string prefix;
  if (verb == 'O') prefix = "0o";
  if (sp.sharp) {
    if (verb == 'x') prefix = "0x";
    if (verb == 'X') prefix = "0X";
    if (verb == 'b') prefix = "0b";
    if (verb == 'o' && (digits.empty() || digits[0] != '0')) prefix = "0";
  }
  std::string sign = neg ? "-" : sp.plus ? "+" : sp.space ? " " : "";
  Spec z = sp;
  if (sp.prec >= 0) z.zero = false;
  return pad(sign + prefix + digits, z, true);
}

std::string rune_utf8(int64_t r) {
  if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  std::string out;
  auto u = static_cast<uint32_t>(r);
  if (u < 0x80) return std::string(1, static_cast<char>(u));
  if (u < 0x800) return {static_cast<char>(0xC0 | (u >> 6)), static_cast<char>(0x80 | (u & 0x3F))};
  if (u < 0x10000) {
    return {static_cast<char>(0xE0 | (u >> 12)), static_cast<char>(0x80 | ((u >> 6) & 0x3F)), static_cast<char>(0x80 | (u & 0x3F))};
  }
  return {static_cast<char>(0xF0 | (u >> 18)), static_cast<char>(0x80 | ((u >> 12) & 0x3F)),
          static_cast<char>(0x80 | ((u >> 6) & 0x3F)), static_cast<char>(0x80 | (u & 0x3F))};
}


std::string format_value(const Value& v, char verb, const Spec& sp);

std::string bad_verb(const Value& v, char verb) {
  if (v.as<std::nullptr_t>()) return fmt::format("%!{}(<nil>)", verb);
  return fmt::format("%!{}({}={})", verb, type_name(v), format_value(v, 'v', Spec{}));
}

std::string format_string(const std::string& raw, char verb, const Spec& sp) {
  std::string s = raw;
  if (sp.prec >= 0 && (verb == 's' || verb == 'q' || verb == 'v')) {
    size_t n = 0, i = 0;
    for (; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n++ == static_cast<size_t>(sp.prec)) break;
    }
    s.resize(i);
  }
  if (verb == 'q') return pad(go_quote(s), sp, false);
  if (verb == 'x' || verb == 'X') {
    std::string out;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (sp.space && i) out += ' ';
      if (sp.sharp && (sp.space || i == 0)) out += verb == 'x' ? "0x" : "0X";
      auto byte = static_cast<unsigned char>(raw[i]);
      out += verb == 'x' ? fmt::format("{:02x}", byte) : fmt::format("{:02X}", byte);
    }
    return pad(out, sp, false);
  }
  return pad(s, sp, false);
}

std::string format_value(const Value& v, char verb, const Spec& sp) {
  if (verb == 'T') return pad(type_name(v), sp, false);
  if (v.as<std::nullptr_t>()) return verb == 'v' ? pad("<nil>", sp, false) : bad_verb(v, verb);
  if (auto* b = v.as<bool>()) {
    if (verb != 'v' && verb != 't') return bad_verb(v, verb);
    return pad(*b ? "true" : "false", sp, false);
  }
  if (auto* i = v.as<int64_t>()) {
    switch (verb) {
      case 'v': case 'd': case 'x': case 'X': case 'o': case 'O': case 'b': return go_int(*i, verb == 'v' ? 'd' : verb, sp);
      case 'c': return pad(rune_utf8(*i), sp, false);
      case 'q': return pad("'" + go_quote(rune_utf8(*i)).substr(1, go_quote(rune_utf8(*i)).size() - 2) + "'", sp, false);
      case 'U': return pad(fmt::format("U+{:04X}", *i), sp, false);
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': return bad_verb(v, verb);
      default: return bad_verb(v, verb);
    }
  }
  if (auto* d = v.as<double>()) {
    if (std::string_view("veEfFgG").find(verb) == std::string_view::npos) return bad_verb(v, verb);
    return go_float(*d, verb, sp);
  }
  if (auto* s = v.as<std::string>()) {
    if (std::string_view("vsqxX").find(verb) == std::string_view::npos) return bad_verb(v, verb);
    return format_string(*s, verb, sp);
  }
  if (auto* t = v.as<Value::Time>()) {
    if (verb != 'v' && verb != 's' && verb != 'q') return bad_verb(v, verb);
    return format_string(go_time(t->rfc3339), verb, sp);
  }
  auto join = [&](const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? " " : "") + items[i];
    return out;
  };
  if (auto* a = v.as<Value::Array>()) {
    std::vector<std::string> items;
    for (const auto& item : *a) items.push_back(format_value(item, verb, sp));
    return "[" + join(items) + "]";
  }
  auto* o = v.as<Value::Object>();
  std::vector<std::string> items;
  if (v.is_map()) {
    std::vector<std::pair<std::string, const Value*>> sorted;
    for (const auto& [k, item] : *o) sorted.emplace_back(k, &item);
    std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& [k, item] : sorted) items.push_back(format_string(k, verb == 'v' ? 's' : verb, sp) + ":" + format_value(*item, verb, sp));
    return "map[" + join(items) + "]";
  }
  for (const auto& [k, item] : *o) items.push_back((sp.plus ? k + ":" : "") + format_value(item, verb, sp));
  return "{" + join(items) + "}";
}

}  // namespace

std::string type_name(const Value& v) {
  if (v.as<std::nullptr_t>()) return "<nil>";
  if (v.as<bool>()) return "bool";
  if (v.as<int64_t>()) return "int";
  if (v.as<double>()) return "float64";
  if (v.as<std::string>()) return "string";
  if (v.as<Value::Time>()) return "time.Time";
  if (v.as<Value::Array>()) return "[]interface {}";
  return v.is_map() ? "map[string]interface {}" : "struct";
}

std::string go_quote(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\a': out += "\\a"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\v': out += "\\v"; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      size_t n = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
      bool ok = n && n <= 4 && i + n <= s.size();
      for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
      if (!ok) {
        out += fmt::format("\\x{:02x}", c);
        continue;
      }
      out += s.substr(i, n);
      i += n - 1;
    }
  }
  return out + "\"";
}

std::string print_value(const Value& v) {
  if (v.as<std::nullptr_t>()) return "<no value>";
  return format_value(v, 'v', Spec{});
}

std::string sprint(const std::vector<Value>& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i && !args[i].as<std::string>() && !args[i - 1].as<std::string>()) out += ' ';
    out += format_value(args[i], 'v', Spec{});
  }
  return out;
}

std::string sprintln(const std::vector<Value>& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) out += (i ? " " : "") + format_value(args[i], 'v', Spec{});
  return out + "\n";
}

std::string sprintf(const std::string& f, const std::vector<Value>& args) {
  std::string out;
  size_t next = 0;
  bool reordered = false;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') {
      out += f[i];
      continue;
    }
    Spec sp;
    size_t j = i + 1;
    for (; j < f.size(); ++j) {
      char c = f[j];
      if (c == '+') sp.plus = true;
      else if (c == '-') sp.minus = true;
      else if (c == '#') sp.sharp = true;
      else if (c == ' ') sp.space = true;
      else if (c == '0') sp.zero = !sp.minus;
      else break;
    }
    auto arg_index = [&] {
      if (j < f.size() && f[j] == '[') {
        size_t close = f.find(']', j);
        int n = close == std::string::npos ? 0 : std::atoi(f.c_str() + j + 1);
        if (n >= 1 && static_cast<size_t>(n) <= args.size()) next = static_cast<size_t>(n) - 1;
        reordered = true;
        j = close == std::string::npos ? f.size() : close + 1;
      }
    };
    // Go's width and precision: digits (beyond 1e6 the verb is lost) or
    // * taking an int argument (beyond 1e6: BADWIDTH, BADPREC).
    auto number = [&](int& into, const char* bad) {
      arg_index();
      if (j < f.size() && f[j] == '*') {
        ++j;
        auto* n = next < args.size() ? args[next].as<int64_t>() : nullptr;
        ++next;
        if (!n || *n > max_width || *n < -max_width) {
          out += bad;
          return true;
        }
        into = static_cast<int>(*n);
        if (into < 0 && &into == &sp.width) sp.minus = true, into = -into;
        if (into < 0) into = -1;
        return true;
      }
      size_t start = j;
      while (j < f.size() && std::isdigit(static_cast<unsigned char>(f[j]))) ++j;
      if (j - start > 7 || (j > start && std::stol(f.substr(start, j - start)) > max_width)) return false;
      if (j > start) into = std::stoi(f.substr(start, j - start));
      return true;
    };
    bool ok = number(sp.width, "%!(BADWIDTH)");
    if (ok && j < f.size() && f[j] == '.') {
      ++j;
      sp.prec = 0;
      ok = number(sp.prec, "%!(BADPREC)");
    }
    if (!ok) {
      out += "%!(NOVERB)";
      break;
    }
    arg_index();
    if (j >= f.size()) {
      out += "%!(NOVERB)";
      break;
    }
    char verb = f[j];
    i = j;
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (next >= args.size()) {
      out += fmt::format("%!{}(MISSING)", verb);
      continue;
    }
    if (std::string_view("vTtdbcoOqxXUeEfFgGs").find(verb) == std::string_view::npos) {
      out += bad_verb(args[next++], verb);
      continue;
    }
    out += format_value(args[next++], verb, sp);
  }
  if (!reordered && next < args.size()) {
    out += "%!(EXTRA ";
    for (size_t k = next; k < args.size(); ++k) {
      out += (k > next ? ", " : "") + type_name(args[k]) + "=" + format_value(args[k], 'v', Spec{});
    }
    out += ")";
  }
  return out;
}

}  // namespace cli::tmpl
