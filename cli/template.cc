// SPDX-License-Identifier: GPL-2.0-or-later
// cli/template.cc: parsing into a small tree of text, actions, if and
// range, and evaluating pipelines against a Value.
#include "cli/template.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"

namespace cli {

namespace {

// One term of a pipeline command: a field path from dot, a string or
// number literal, or a function name.
struct Term {
  enum Kind { field, string_lit, number_lit, func } kind;
  std::string text;
  std::vector<std::string> path;  // for fields: ".A.B" -> {A, B}; "." -> {}
};

using Command = std::vector<Term>;  // a function and its arguments, or one operand
using Pipeline = std::vector<Command>;

std::vector<std::string> split_path(const std::string& t) {
  std::vector<std::string> out;
  size_t i = 1;
  while (i < t.size()) {
    size_t dot = t.find('.', i);
    if (dot == std::string::npos) dot = t.size();
    out.push_back(t.substr(i, dot - i));
    i = dot + 1;
  }
  return out;
}

Pipeline parse_pipeline(const std::string& src) {
  Pipeline p;
  Command cur;
  size_t i = 0;
  auto push = [&] {
    if (!cur.empty()) p.push_back(cur);
    cur.clear();
  };
  while (i < src.size()) {
    char c = src[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '|') {
      if (cur.empty()) throw base::error("template: missing command before |");
      push();
      ++i;
    } else if (c == '"' || c == '`') {
      std::string s;
      ++i;
      while (i < src.size() && src[i] != c) {
        if (c == '"' && src[i] == '\\' && i + 1 < src.size()) {
          ++i;
          s += src[i] == 'n' ? '\n' : src[i] == 't' ? '\t' : src[i];
        } else {
          s += src[i];
        }
        ++i;
      }
      if (i >= src.size()) throw base::error("template: unterminated quoted string in \"{}\"", src);
      ++i;
      cur.push_back({Term::string_lit, s, {}});
    } else {
      size_t j = i;
      while (j < src.size() && !std::isspace(static_cast<unsigned char>(src[j])) && src[j] != '|') ++j;
      std::string w = src.substr(i, j - i);
      i = j;
      if (w[0] == '.') cur.push_back({Term::field, w, w == "." ? std::vector<std::string>{} : split_path(w)});
      else if (std::isdigit(static_cast<unsigned char>(w[0])) || w[0] == '-') cur.push_back({Term::number_lit, w, {}});
      else cur.push_back({Term::func, w, {}});
    }
  }
  push();
  if (p.empty()) throw base::error("template: missing value for command");
  return p;
}

}  // namespace

struct Template::Node {
  enum Kind { list, text_node, action, if_, range } kind = list;
  std::string text;
  Pipeline pipe;
  std::vector<std::unique_ptr<Node>> children;       // list / if-then / range body
  std::vector<std::unique_ptr<Node>> else_children;  // if-else / range-else
};

namespace {

using Node = Template::Node;

struct Parser {
  const std::string& src;
  size_t pos = 0;

  // Parse until {{end}} / {{else}} (when nested) or the end of the text.
  // Returns the keyword that stopped it.
  std::string parse_into(std::vector<std::unique_ptr<Node>>& out, bool nested) {
    std::string pending;
    while (pos < src.size()) {
      size_t open = src.find("{{", pos);
      std::string chunk = src.substr(pos, open == std::string::npos ? std::string::npos : open - pos);
      if (open == std::string::npos) {
        add_text(out, chunk);
        pos = src.size();
        break;
      }
      size_t close = src.find("}}", open + 2);
      if (close == std::string::npos) throw base::error("template: unclosed action");
      std::string body = src.substr(open + 2, close - open - 2);
      bool trim_left = body.starts_with("-") && (body.size() == 1 || body[1] == ' ');
      bool trim_right = body.ends_with("-") && body.size() >= 2 && body[body.size() - 2] == ' ';
      if (trim_left) {
        body = body.substr(1);
        while (!chunk.empty() && std::isspace(static_cast<unsigned char>(chunk.back()))) chunk.pop_back();
      }
      if (trim_right) body = body.substr(0, body.size() - 1);
      add_text(out, chunk);
      pos = close + 2;
      if (trim_right) {
        while (pos < src.size() && std::isspace(static_cast<unsigned char>(src[pos]))) ++pos;
      }
      size_t a = body.find_first_not_of(" \t\n"), b = body.find_last_not_of(" \t\n");
      body = a == std::string::npos ? "" : body.substr(a, b - a + 1);
      if (body.starts_with("/*")) continue;  // a comment
      if (body == "end" || body == "else") {
        if (!nested) throw base::error("template: unexpected {{{{{}}}}}", body);
        return body;
      }
      if (body.starts_with("if ") || body.starts_with("range ")) {
        auto n = std::make_unique<Node>();
        bool is_if = body.starts_with("if ");
        n->kind = is_if ? Node::if_ : Node::range;
        n->pipe = parse_pipeline(body.substr(is_if ? 3 : 6));
        std::string stop = parse_into(n->children, true);
        if (stop == "else") stop = parse_into(n->else_children, true);
        if (stop != "end") throw base::error("template: unexpected EOF, missing {{{{end}}}}");
        out.push_back(std::move(n));
        continue;
      }
      auto n = std::make_unique<Node>();
      n->kind = Node::action;
      n->pipe = parse_pipeline(body);
      out.push_back(std::move(n));
    }
    if (nested) throw base::error("template: unexpected EOF, missing {{{{end}}}}");
    return {};
  }

  static void add_text(std::vector<std::unique_ptr<Node>>& out, const std::string& t) {
    if (t.empty()) return;
    auto n = std::make_unique<Node>();
    n->kind = Node::text_node;
    n->text = t;
    out.push_back(std::move(n));
  }
};

bool truthy(const Value& v) {
  if (v.as<std::nullptr_t>()) return false;
  if (auto* b = v.as<bool>()) return *b;
  if (auto* i = v.as<int64_t>()) return *i != 0;
  if (auto* s = v.as<std::string>()) return !s->empty();
  if (auto* a = v.as<Value::Array>()) return !a->empty();
  if (auto* o = v.as<Value::Object>()) return !o->empty();
  return false;
}

// A key as written, or else ignoring case: Podman's templates name Go
// fields ({{.Host.Kernel}}) where its JSON says "host" and "kernel".
const Value* member(const Value& v, const std::string& key) {
  auto* o = v.as<Value::Object>();
  if (!o) return nullptr;
  for (const auto& [k, item] : *o) {
    if (k == key) return &item;
  }
  auto same = [](const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  };
  for (const auto& [k, item] : *o) {
    if (same(k, key)) return &item;
  }
  return nullptr;
}

struct Eval {
  Value field(const Value& dot, const Term& t) const {
    const Value* cur = &dot;
    for (const auto& p : t.path) {
      const Value* next = member(*cur, p);
      if (!next) throw base::error("template: executing at <{}>: can't evaluate field {}", t.text, p);
      cur = next;
    }
    return *cur;
  }

  Value operand(const Value& dot, const Term& t) const {
    switch (t.kind) {
      case Term::field: return field(dot, t);
      case Term::string_lit: return Value(t.text);
      case Term::number_lit: return Value(static_cast<int64_t>(std::stoll(t.text)));
      case Term::func: return call(t.text, {}, nullptr);
    }
    return Value();
  }

  Value call(const std::string& fn, const std::vector<Value>& args, const Value* piped) const {
    std::vector<Value> a = args;
    if (piped) a.push_back(*piped);
    auto need = [&](size_t n) {
      if (a.size() != n) throw base::error("template: wrong number of args for {}: want {} got {}", fn, n, a.size());
    };
    if (fn == "json") {
      need(1);
      return Value(to_json_compact(a[0]));
    }
    if (fn == "len") {
      need(1);
      if (auto* s = a[0].as<std::string>()) return Value(static_cast<int64_t>(s->size()));
      if (auto* arr = a[0].as<Value::Array>()) return Value(static_cast<int64_t>(arr->size()));
      if (auto* o = a[0].as<Value::Object>()) return Value(static_cast<int64_t>(o->size()));
      throw base::error("template: len of {}", text_of(a[0]));
    }
    if (fn == "index") {
      if (a.size() != 2) throw base::error("template: wrong number of args for index: want 2 got {}", a.size());
      if (auto* s = a[1].as<std::string>()) {
        const Value* m = member(a[0], *s);
        return m ? *m : Value();
      }
      if (auto* i = a[1].as<int64_t>()) {
        auto* arr = a[0].as<Value::Array>();
        if (!arr || *i < 0 || static_cast<size_t>(*i) >= arr->size()) throw base::error("template: index out of range: {}", *i);
        return (*arr)[static_cast<size_t>(*i)];
      }
      throw base::error("template: cannot index with {}", text_of(a[1]));
    }
    if (fn == "join") {
      need(2);
      auto* arr = a[0].as<Value::Array>();
      if (!arr) throw base::error("template: join needs a list");
      std::string out;
      for (size_t i = 0; i < arr->size(); ++i) out += (i ? text_of(a[1]) : "") + text_of((*arr)[i]);
      return Value(out);
    }
    if (fn == "lower" || fn == "upper") {
      need(1);
      std::string s = text_of(a[0]);
      std::transform(s.begin(), s.end(), s.begin(), [&](unsigned char c) { return fn == "lower" ? std::tolower(c) : std::toupper(c); });
      return Value(s);
    }
    if (fn == "println" || fn == "print") {
      std::string out;
      for (size_t i = 0; i < a.size(); ++i) out += (i ? " " : "") + text_of(a[i]);
      return Value(fn == "println" ? out + "\n" : out);
    }
    if (fn == "eq" || fn == "ne") {
      need(2);
      bool same = text_of(a[0]) == text_of(a[1]);
      return Value(fn == "eq" ? same : !same);
    }
    if (fn == "not") {
      need(1);
      return Value(!truthy(a[0]));
    }
    throw base::error("template: function \"{}\" not defined", fn);
  }

  Value pipeline(const Value& dot, const Pipeline& p) const {
    Value result;
    bool have = false;
    for (const auto& cmd : p) {
      if (cmd.front().kind == Term::func) {
        std::vector<Value> args;
        for (size_t i = 1; i < cmd.size(); ++i) args.push_back(operand(dot, cmd[i]));
        result = call(cmd.front().text, args, have ? &result : nullptr);
      } else {
        if (cmd.size() != 1) throw base::error("template: can't give argument to non-function {}", cmd.front().text);
        if (have) throw base::error("template: can't pipe into non-function {}", cmd.front().text);
        result = operand(dot, cmd.front());
      }
      have = true;
    }
    return result;
  }

  void run(const std::vector<std::unique_ptr<Node>>& nodes, const Value& dot, std::string& out) const {
    for (const auto& n : nodes) {
      switch (n->kind) {
        case Node::text_node: out += n->text; break;
        case Node::action: out += text_of(pipeline(dot, n->pipe)); break;
        case Node::if_: run(truthy(pipeline(dot, n->pipe)) ? n->children : n->else_children, dot, out); break;
        case Node::range: {
          Value v = pipeline(dot, n->pipe);
          bool any = false;
          if (auto* arr = v.as<Value::Array>()) {
            for (const auto& item : *arr) {
              any = true;
              run(n->children, item, out);
            }
          } else if (auto* o = v.as<Value::Object>()) {
            for (const auto& [k, item] : *o) {
              any = true;
              run(n->children, item, out);
            }
          } else if (!v.as<std::nullptr_t>()) {
            throw base::error("template: range can't iterate over {}", text_of(v));
          }
          if (!any) run(n->else_children, dot, out);
          break;
        }
        case Node::list: run(n->children, dot, out); break;
      }
    }
  }

};

}  // namespace

Template::Template(const std::string& text) : root_(std::make_unique<Node>()) {
  Parser p{text};
  p.parse_into(root_->children, false);
}

Template::~Template() = default;
Template::Template(Template&&) noexcept = default;

std::string Template::render(const Value& dot) const {
  std::string out;
  Eval{}.run(root_->children, dot, out);
  return out;
}

bool is_template(const std::string& format) { return format.find("{{") != std::string::npos; }

bool is_json_format(const std::string& format) {
  auto trim = [](std::string_view v) {
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
    return v;
  };
  std::string_view f = trim(format);
  if (f == "json") return true;
  // {{ json . }}, as Podman's ^\s*{{\s*json\s*\.\s*}}\s*$
  if (!f.starts_with("{{") || !f.ends_with("}}")) return false;
  std::string_view inner = trim(f.substr(2, f.size() - 4));
  return inner.starts_with("json") && trim(inner.substr(4)) == ".";
}

void check_format(const std::string& format) {
  if (is_json_format(format)) return;
  if (!is_template(format)) throw base::error("unsupported format \"{}\": use json or a Go template", format);
  Template t(format);
}

std::string render_format(const std::string& format, const Value& v) {
  if (is_json_format(format)) return to_json(v) + "\n";
  if (!is_template(format)) throw base::error("unsupported format \"{}\": use json or a Go template", format);
  std::string out = Template(format).render(v);
  // Podman ends each rendered item with a newline unless the template did.
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

std::string text_of(const Value& v) {
  if (v.as<std::nullptr_t>()) return "<no value>";
  if (auto* s = v.as<std::string>()) return *s;
  if (auto* b = v.as<bool>()) return *b ? "true" : "false";
  if (auto* i = v.as<int64_t>()) return std::to_string(*i);
  if (auto* a = v.as<Value::Array>()) {
    std::string out = "[";
    for (size_t i = 0; i < a->size(); ++i) out += (i ? " " : "") + text_of((*a)[i]);
    return out + "]";
  }
  if (auto* o = v.as<Value::Object>()) {
    std::vector<std::pair<std::string, std::string>> items;
    for (const auto& [k, item] : *o) items.emplace_back(k, text_of(item));
    std::sort(items.begin(), items.end());  // Go prints maps sorted by key
    std::string out = "map[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? " " : "") + items[i].first + ":" + items[i].second;
    return out + "]";
  }
  return "";
}

}  // namespace cli
