// SPDX-License-Identifier: GPL-2.0-or-later
// cli/template_exec.cc: executing a parsed template against a Value, as
// Go's text/template does: fields of structs and maps, variables and their
// scopes, if/with/range (maps in key order) with break and continue,
// lazy and/or, calls of defined templates. Errors name the command, as
// Go's "executing at <...>".
#include <algorithm>
#include <cctype>

#include "base/error.h"
#include "cli/template_tree.h"

namespace cli::tmpl {

namespace {

constexpr int max_calls = 1000;             // {{template}} nesting
constexpr size_t max_output = 64u << 20;    // a runaway range over a runaway template

// A key as written, or else ignoring case, or else case and underscores:
// Podman's templates name Go fields ({{.Host.Kernel}}, {{.InfraConfig.PidNS}})
// where its JSON says "host", "kernel" and "pid_ns".
// Whether `a` and `b` are equal ignoring case (and, with `skip`,
// underscores), without making either anew.
bool same_folded(const std::string& a, const std::string& b, bool skip) {
  size_t i = 0, j = 0;
  for (;;) {
    while (skip && i < a.size() && a[i] == '_') ++i;
    while (skip && j < b.size() && b[j] == '_') ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (std::tolower(static_cast<unsigned char>(a[i++])) != std::tolower(static_cast<unsigned char>(b[j++]))) return false;
  }
}

const Value* member(const Value::Object& o, const std::string& key) {
  for (const auto& [k, item] : o) {
    if (k == key) return &item;
  }
  for (bool skip : {false, true}) {
    for (const auto& [k, item] : o) {
      if (same_folded(k, key, skip)) return &item;
    }
  }
  return nullptr;
}

enum class Flow { normal, break_, continue_ };

class Exec {
 public:
  Exec(const Tree& t, std::string& out) : tree_(t), out_(out) {}

  void run(const Value& root) {
    vars_.emplace_back("$", root);
    walk(tree_.root, root);
  }

 private:
  Flow walk(const std::vector<Node>& nodes, const Value& dot) {
    for (const auto& n : nodes) {
      Flow f = node(n, dot);
      if (f != Flow::normal) return f;
    }
    return Flow::normal;
  }

  Flow node(const Node& n, const Value& dot) {
    switch (n.kind) {
      case Node::text_node: emit(n.text); return Flow::normal;
      case Node::action: {
        Value v = pipe(dot, n.pipe);
        if (n.pipe.decl.empty()) emit(print_value(v));
        return Flow::normal;
      }
      case Node::if_:
      case Node::with: return branch(n, dot);
      case Node::range: return range(n, dot);
      case Node::call: return call(n, dot);
      case Node::break_: return Flow::break_;
      case Node::continue_: return Flow::continue_;
    }
    return Flow::normal;
  }

  void emit(const std::string& s) {
    if (out_.size() + s.size() > max_output) throw base::error("template: output too large");
    out_ += s;
  }

  Flow branch(const Node& n, const Value& dot) {
    size_t mark = vars_.size();
    Value v = pipe(dot, n.pipe);
    Flow f;
    if (truth(v)) f = walk(n.list, n.kind == Node::with ? v : dot);
    else f = walk(n.else_list, dot);
    vars_.resize(mark);
    return f;
  }

  Flow range(const Node& n, const Value& dot) {
    size_t mark = vars_.size();
    const std::vector<std::string>& decl = n.pipe.decl;
    Value v = pipe(dot, n.pipe, false);  // the variables take each element, not the whole
    bool any = false;
    auto each = [&](const Value& key, const Value& item) {
      any = true;
      vars_.resize(mark);
      if (decl.size() == 1) vars_.emplace_back(decl[0], item);
      if (decl.size() == 2) vars_.emplace_back(decl[0], key), vars_.emplace_back(decl[1], item);
      return walk(n.list, item);
    };
    if (auto* a = v.as<Value::Array>()) {
      for (size_t i = 0; i < a->size(); ++i) {
        if (each(Value(static_cast<int64_t>(i)), (*a)[i]) == Flow::break_) break;
      }
    } else if (auto* o = v.as<Value::Object>(); o && v.is_map()) {
      std::vector<const std::pair<std::string, Value>*> sorted;
      for (const auto& kv : *o) sorted.push_back(&kv);
      std::sort(sorted.begin(), sorted.end(), [](auto* x, auto* y) { return x->first < y->first; });
      for (const auto* kv : sorted) {
        if (each(Value(kv->first), kv->second) == Flow::break_) break;
      }
    } else if (!v.as<std::nullptr_t>()) {
      throw base::error("template: executing at <{}>: range can't iterate over {}", n.pipe.text, print_value(v));
    }
    vars_.resize(mark);
    if (!any) return walk(n.else_list, dot);
    return Flow::normal;
  }

  Flow call(const Node& n, const Value& dot) {
    auto it = tree_.defined.find(n.text);
    if (it == tree_.defined.end()) throw base::error("template: no such template \"{}\"", n.text);
    if (++calls_ > max_calls) throw base::error("template: exceeded maximum template depth ({})", max_calls);
    Value arg = n.has_pipe ? pipe(dot, n.pipe) : Value();
    std::vector<std::pair<std::string, Value>> saved;
    saved.swap(vars_);
    vars_.emplace_back("$", arg);
    walk(it->second, arg);
    vars_.swap(saved);
    --calls_;
    return Flow::normal;
  }

  // `declare`: set the pipeline's variables to its value (range sets them per element).
  Value pipe(const Value& dot, const Pipe& p, bool declare = true) {
    Value v;
    bool have = false;
    for (const auto& c : p.cmds) {
      v = command(dot, c, have ? &v : nullptr);
      have = true;
    }
    if (!declare) return v;
    for (const auto& name : p.decl) {
      if (!p.assign) {
        vars_.emplace_back(name, v);
        continue;
      }
      for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
        if (it->first == name) {
          it->second = v;
          break;
        }
      }
    }
    return v;
  }

  Value command(const Value& dot, const Cmd& c, const Value* final) {
    const Arg& first = c.args.front();
    if (first.kind == Arg::function) {
      if (first.name == "and" || first.name == "or") return logic(dot, c, final);
      std::vector<Value> args;
      for (size_t i = 1; i < c.args.size(); ++i) args.push_back(arg(dot, c.args[i]));
      if (final) args.push_back(*final);
      try {
        return fields(call_function(first.name, args), first);
      } catch (base::Error& e) {
        if (std::string(e.what()).starts_with("template:")) throw;
        throw base::error("template: executing at <{}>: {}", c.text, e.what());
      }
    }
    if (c.args.size() > 1 || final) throw base::error("template: executing at <{}>: can't give argument to non-function {}", c.text, first.text);
    if (first.kind == Arg::nil) throw base::error("template: executing at <{}>: nil is not a command", c.text);
    return arg(dot, first);
  }

  // and/or evaluate their arguments one at a time and stop at the first
  // that decides: false for and, true for or.
  Value logic(const Value& dot, const Cmd& c, const Value* final) {
    bool is_and = c.args.front().name == "and";
    size_t n = c.args.size() - 1 + (final ? 1 : 0);
    if (n == 0) throw base::error("template: executing at <{}>: wrong number of args for {}: want at least 1 got 0", c.text, c.args.front().name);
    Value v;
    for (size_t i = 1; i <= n; ++i) {
      v = i < c.args.size() ? arg(dot, c.args[i]) : *final;
      if (truth(v) != is_and) return v;
    }
    return v;
  }

  Value arg(const Value& dot, const Arg& a) {
    switch (a.kind) {
      case Arg::dot: return dot;
      case Arg::field: return fields(dot, a);
      case Arg::variable:
        for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
          if (it->first == a.name) return fields(it->second, a);
        }
        throw base::error("template: undefined variable: {}", a.name);
      case Arg::constant: return a.literal;
      case Arg::nil: return Value();
      case Arg::pipe: {
        size_t mark = vars_.size();
        Value v = pipe(dot, *a.sub);
        vars_.resize(mark);
        return fields(v, a);
      }
      case Arg::function: {
        Cmd c;
        c.args.push_back(a);
        c.text = a.text;
        return command(dot, c, nullptr);
      }
    }
    return Value();
  }

  // The chain of fields after a term.
  Value fields(Value v, const Arg& a) {
    for (const auto& f : a.fields) {
      if (v.as<std::nullptr_t>()) throw base::error("template: executing at <{}>: nil pointer evaluating interface {{}}.{}", a.text, f);
      auto* o = v.as<Value::Object>();
      if (!o) throw base::error("template: executing at <{}>: can't evaluate field {} in type {}", a.text, f, type_name(v));
      const Value* m = member(*o, f);
      if (!m && !v.is_map()) throw base::error("template: executing at <{}>: can't evaluate field {}", a.text, f);
      Value next = m ? *m : Value();
      v = std::move(next);
    }
    return v;
  }


  const Tree& tree_;
  std::string& out_;
  std::vector<std::pair<std::string, Value>> vars_;
  int calls_ = 0;
};

}  // namespace

void execute(const Tree& tree, const Value& dot, std::string& out) { Exec(tree, out).run(dot); }

}  // namespace cli::tmpl
