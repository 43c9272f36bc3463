// SPDX-License-Identifier: GPL-2.0-or-later
// cli/template_tree.h: the parsed form of a Go text/template, shared by
// the parser (template_parse.cc), the evaluator (template_exec.cc) and the
// functions (template_funcs.cc). Internal to cli/.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/output.h"

namespace cli::tmpl {

struct Pipe;

// One operand of a command: a term, and the fields read from its result
// ((index .A "k").B, $x.B, .A.B).
struct Arg {
  enum Kind { dot, field, variable, function, constant, nil, pipe } kind = dot;
  std::string name;                 // the function or the variable ("$x", "$")
  std::vector<std::string> fields;  // the chain after the term
  Value literal;
  std::shared_ptr<Pipe> sub;        // a parenthesised pipeline
  std::string text;                 // as written, for errors
};

// A function and its arguments, or one operand.
struct Cmd {
  std::vector<Arg> args;
  std::string text;
};

struct Pipe {
  std::vector<std::string> decl;  // $x := or $i, $v :=
  bool assign = false;            // $x = (to a variable declared before)
  std::vector<Cmd> cmds;
  std::string text;
};

struct Node {
  enum Kind { text_node, action, if_, range, with, call, break_, continue_ } kind = text_node;
  std::string text;                // text; the template a call names
  Pipe pipe;                       // action, if, range, with, call (may be empty)
  bool has_pipe = false;           // call: a pipeline given
  std::vector<Node> list;          // the body
  std::vector<Node> else_list;     // else, and else-if / else-with chains
};

// A parsed template and the ones it defines ({{define}}, {{block}}).
struct Tree {
  std::vector<Node> root;
  std::map<std::string, std::vector<Node>> defined;
};

// Parsing, throwing base::Error in Go's words.
Tree parse(const std::string& text);
// Executing against `dot`, appending to `out`.
void execute(const Tree& tree, const Value& dot, std::string& out);
// The names of every function a template may call.
bool is_function(const std::string& name);

// Go's fmt for template values.
// `{{.X}}`: <no value> for nothing, strings as they are, [a b], map[k:v], {a b}.
std::string print_value(const Value& v);
// fmt.Sprint, fmt.Sprintln and fmt.Sprintf over template values.
std::string sprint(const std::vector<Value>& args);
std::string sprintln(const std::vector<Value>& args);
std::string sprintf(const std::string& format, const std::vector<Value>& args);
// The Go type a value stands for, as errors and %T name it.
std::string type_name(const Value& v);
// strconv.Quote.
std::string go_quote(const std::string& s);

// Go's truth: false, 0, "", empty lists and maps and nothing are false; a
// struct is always true.
bool truth(const Value& v);

// A builtin or Podman function, given evaluated arguments. and/or are
// evaluated lazily by the evaluator and not here. Throws base::Error
// with Go's message ("error calling index: ...").
Value call_function(const std::string& name, const std::vector<Value>& args);

}  // namespace cli::tmpl
