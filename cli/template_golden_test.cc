// SPDX-License-Identifier: GPL-2.0-or-later
// cli/template_golden_test.cc: the template engine against a golden
// table: what Go's text/template prints (or refuses) for each case, the
// facts of Go's own exec tests, over data shaped like theirs.
#include <catch2/catch.hpp>

#include "cli/template.h"

using cli::Template;
using cli::Value;

namespace {

Value data() {
  Value msi = Value::map();
  msi.set("one", 1).set("two", 2).set("three", 3);
  Value eleven = Value::map();
  eleven.set("eleven", 11).set("twelve", 12);
  Value one = Value::map();
  one.set("one", 1).set("two", 2);
  Value u;
  u.set("V", "v");
  Value mxi = Value::map();
  mxi.set("one", 1);
  Value msione = Value::map();
  msione.set("one", 1);
  Value v;
  v.set("True", true).set("False", false).set("I", 17).set("X", "x").set("S", "xyz").set("U", u)
      .set("SI", Value::Array{3, 4, 5}).set("SIEmpty", Value::Array{}).set("SB", Value::Array{true, false})
      .set("MSI", msi).set("MSIone", msione).set("MSIEmpty", Value::map()).set("MXI", mxi)
      .set("SMSI", Value::Array{one, eleven}).set("Nil", Value()).set("F", 1.5).set("Str", "It'd be nice.")
      .set("Labels", Value::map(Value::Object{{"tier", Value("web")}}));
  return v;
}

struct Case {
  const char* name;
  const char* input;
  const char* output;  // nullptr: an error
};

const Case cases[] = {
    // text, fields and maps
    {"empty", "", ""},
    {"text", "some text", "some text"},
    {".X", "-{{.X}}-", "-x-"},
    {".U.V", "-{{.U.V}}-", "-v-"},
    {"map .one", "{{.MSI.one}}", "1"},
    {"map .two", "{{.MSI.two}}", "2"},
    {"map .NO", "{{.MSI.NO}}", "<no value>"},
    {"map nested missing", "{{.MSI.NO.X}}", nullptr},
    {"struct missing field", "{{.Nope}}", nullptr},
    {"field of string", "{{.X.Y}}", nullptr},
    {"dot struct", "{{.U}}", "{v}"},
    {"dot map", "{{.MSI}}", "map[one:1 three:3 two:2]"},
    {"dot list", "{{.SI}}", "[3 4 5]"},
    {"list of maps", "{{.SMSI}}", "[map[one:1 two:2] map[eleven:11 twelve:12]]"},
    {"nil field", "{{.Nil}}", "<no value>"},
    {"float field", "{{.F}}", "1.5"},
    // variables
    {"$.I", "{{$.I}}", "17"},
    {"$.U.V", "{{$.U.V}}", "v"},
    {"declare in action", "{{$x := $.U.V}}{{$x}}", "v"},
    {"simple assignment", "{{$x := 2}}{{$x = 3}}{{$x}}", "3"},
    {"nested assignment", "{{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{$x}}", "3"},
    {"nested assignment changes the last declaration",
     "{{$x := 1}}{{if true}}{{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{end}}{{$x}}", "1"},
    {"variable with fields", "{{$u := .U}}{{$u.V}}", "v"},
    {"undefined variable", "{{$nope}}", nullptr},
    {"assign undefined", "{{$nope = 1}}", nullptr},
    {"declaration prints nothing", "{{$x := 5}}", ""},
    // if
    {"if true", "{{if true}}TRUE{{end}}", "TRUE"},
    {"if false", "{{if false}}TRUE{{else}}FALSE{{end}}", "FALSE"},
    {"if 1", "{{if 1}}NON-ZERO{{else}}ZERO{{end}}", "NON-ZERO"},
    {"if 0", "{{if 0}}NON-ZERO{{else}}ZERO{{end}}", "ZERO"},
    {"if 1.5", "{{if 1.5}}NON-ZERO{{else}}ZERO{{end}}", "NON-ZERO"},
    {"if 0.0", "{{if .MSI.NO}}NON-ZERO{{else}}ZERO{{end}}", "ZERO"},
    {"if emptystring", "{{if \"\"}}NON-EMPTY{{else}}EMPTY{{end}}", "EMPTY"},
    {"if string", "{{if \"notempty\"}}NON-EMPTY{{else}}EMPTY{{end}}", "NON-EMPTY"},
    {"if emptyslice", "{{if .SIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}", "EMPTY"},
    {"if slice", "{{if .SI}}NON-EMPTY{{else}}EMPTY{{end}}", "NON-EMPTY"},
    {"if emptymap", "{{if .MSIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}", "EMPTY"},
    {"if map", "{{if .MSI}}NON-EMPTY{{else}}EMPTY{{end}}", "NON-EMPTY"},
    {"if struct", "{{if .U}}TRUE{{end}}", "TRUE"},
    {"if map unset", "{{if .MXI.none}}NON-ZERO{{else}}ZERO{{end}}", "ZERO"},
    {"if map not unset", "{{if not .MXI.none}}ZERO{{else}}NON-ZERO{{end}}", "ZERO"},
    {"if $x with $y int", "{{if $x := true}}{{with $y := .I}}{{$x}},{{$y}}{{end}}{{end}}", "true,17"},
    {"if $x with $x int", "{{if $x := true}}{{with $x := .I}}{{$x}},{{end}}{{$x}}{{end}}", "17,true"},
    {"if else if", "{{if false}}FALSE{{else if true}}TRUE{{end}}", "TRUE"},
    {"if else chain", "{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}", "3"},
    {"if else chain with else", "{{if false}}1{{else if false}}2{{else}}3{{end}}", "3"},
    {"if without pipeline", "{{if}}x{{end}}", nullptr},
    {"if without end", "{{if true}}x", nullptr},
    // with
    {"with true", "{{with true}}{{.}}{{end}}", "true"},
    {"with false", "{{with false}}{{.}}{{else}}FALSE{{end}}", "FALSE"},
    {"with 1", "{{with 1}}{{.}}{{else}}ZERO{{end}}", "1"},
    {"with emptystring", "{{with \"\"}}{{.}}{{else}}EMPTY{{end}}", "EMPTY"},
    {"with $x int", "{{with $x := .I}}{{$x}}{{end}}", "17"},
    {"with struct", "{{with .U}}{{.V}}{{end}}", "v"},
    {"with map", "{{with .MSIone}}{{.one}}{{end}}", "1"},
    {"else with", "{{with 0}}{{.}}{{else with .X}}{{.}}{{end}}", "x"},
    {"else with else", "{{with 0}}a{{else with \"\"}}b{{else}}c{{end}}", "c"},
    // range
    {"range SI", "{{range .SI}}-{{.}}-{{end}}", "-3--4--5-"},
    {"range empty no else", "{{range .SIEmpty}}-{{.}}-{{end}}", ""},
    {"range empty else", "{{range .SIEmpty}}-{{.}}-{{else}}EMPTY{{end}}", "EMPTY"},
    {"range map", "{{range .MSI}}-{{.}}-{{end}}", "-1--3--2-"},
    {"range empty map else", "{{range .MSIEmpty}}-{{.}}-{{else}}EMPTY{{end}}", "EMPTY"},
    {"range missing", "{{range .MSI.NO}}x{{else}}none{{end}}", "none"},
    {"range $x SI", "{{range $x := .SI}}<{{$x}}>{{end}}", "<3><4><5>"},
    {"range $x $y SI", "{{range $x, $y := .SI}}<{{$x}}={{$y}}>{{end}}", "<0=3><1=4><2=5>"},
    {"range $x MSIone", "{{range $x := .MSIone}}<{{$x}}>{{end}}", "<1>"},
    {"range $x $y MSIone", "{{range $x, $y := .MSIone}}<{{$x}}={{$y}}>{{end}}", "<one=1>"},
    {"range $ keeps the root", "{{range .SI}}{{$.X}}{{end}}", "xxx"},
    {"range break", "{{range .SI}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}", "3"},
    {"range continue", "{{range .SI}}{{if eq . 4}}{{continue}}{{end}}{{.}}{{end}}", "35"},
    {"range nested maps", "{{range .SMSI}}{{.one}}{{end}}", "1<no value>"},
    {"range over int", "{{range 3}}x{{end}}", nullptr},
    {"range over string", "{{range .X}}x{{end}}", nullptr},
    {"break outside range", "{{break}}", nullptr},
    {"variables reset per iteration", "{{range .SI}}{{$y := .}}{{$y}}{{end}}", "345"},
    // print, printf, println
    {"print", "{{print \"hello, print\"}}", "hello, print"},
    {"print 123", "{{print 1 2 3}}", "1 2 3"},
    {"print strings", "{{print \"a\" \"b\" 1 \"c\"}}", "ab1c"},
    {"print nil", "{{print nil}}", "<nil>"},
    {"println", "{{println 1 2 3}}", "1 2 3\n"},
    {"printf int", "{{printf \"%04x\" 127}}", "007f"},
    {"printf float", "{{printf \"%g\" 3.5}}", "3.5"},
    {"printf complex-ish", "{{printf \"%5.2f|%-6.1f|\" 3.14159 2.0}}", " 3.14|2.0   |"},
    {"printf string", "{{printf \"%s\" \"hello\"}}", "hello"},
    {"printf function", "{{printf \"%#q\" \"abc\"}}", "\"abc\""},
    {"printf field", "{{printf \"%s\" .U.V}}", "v"},
    {"printf dot", "{{with .I}}{{printf \"%d\" .}}{{end}}", "17"},
    {"printf var", "{{with $x := .I}}{{printf \"%d\" $x}}{{end}}", "17"},
    {"printf lots", "{{printf \"%d %s %g %s\" 127 \"hello\" 7.5 .U.V}}", "127 hello 7.5 v"},
    {"printf list", "{{printf \"%v\" .SI}}", "[3 4 5]"},
    {"printf list %d", "{{printf \"%d\" .SI}}", "[3 4 5]"},
    {"printf list %q", "{{printf \"%q\" (split \"a,b\" \",\")}}", "[\"a\" \"b\"]"},
    {"printf map", "{{printf \"%v\" .MSIone}}", "map[one:1]"},
    {"printf struct +v", "{{printf \"%+v\" .U}}", "{V:v}"},
    {"printf wrong verb", "{{printf \"%d\" \"x\"}}", "%!d(string=x)"},
    {"printf missing", "{{printf \"%d %d\" 1}}", "1 %!d(MISSING)"},
    {"printf extra", "{{printf \"%d\" 1 \"a\"}}", "1%!(EXTRA string=a)"},
    {"printf nil", "{{printf \"%s\" nil}}", "%!s(<nil>)"},
    {"printf width", "{{printf \"%5s|%-5s|\" \"a\" \"b\"}}", "    a|b    |"},
    {"printf star width", "{{printf \"%*d|\" 4 7}}", "   7|"},
    {"printf plus", "{{printf \"%+d %+d\" 5 -5}}", "+5 -5"},
    {"printf hex", "{{printf \"%x %X %#x\" 255 255 255}}", "ff FF 0xff"},
    {"printf string hex", "{{printf \"%x % x\" \"hi\" \"hi\"}}", "6869 68 69"},
    {"printf zero pad float", "{{printf \"%08.3f\" -3.14159}}", "-003.142"},
    {"printf e", "{{printf \"%e\" 1234.5678}}", "1.234568e+03"},
    {"printf g shortest", "{{printf \"%g %g %v\" 1e6 100000.0 0.00001}}", "1e+06 100000 1e-05"},
    {"printf precision string", "{{printf \"%.2s\" \"abc\"}}", "ab"},
    {"printf char", "{{printf \"%c %q %U\" 65 65 0x1F600}}", "A 'A' U+1F600"},
    {"printf bool", "{{printf \"%t %v\" true false}}", "true false"},
    {"printf percent", "{{printf \"100%%\"}}", "100%"},
    {"printf octal binary", "{{printf \"%o %b %O\" 8 5 8}}", "10 101 0o10"},
    {"printf type", "{{printf \"%T %T %T %T\" 1 1.5 \"s\" true}}", "int float64 string bool"},
    {"printf index", "{{printf \"%[2]d %[1]d\" 1 2}}", "2 1"},
    {"printf quote escapes", "{{printf \"%q\" \"a\\tb\\\"c\"}}", "\"a\\tb\\\"c\""},
    {"printf no verb", "{{printf \"%\"}}", "%!(NOVERB)"},
    {"printf bad width", "{{printf \"%99999999d\" 1}}", "%!(NOVERB)%!(EXTRA int=1)"},
    {"printf bad star width", "{{printf \"%*d|\" 10000000 7}}", "%!(BADWIDTH)7|"},
    {"printf non-string format", "{{printf 1}}", nullptr},
    // html, js, urlquery
    {"html", "{{html \"<script>alert(\\\"XSS\\\");</script>\"}}", "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;"},
    {"html pipeline", "{{printf \"<script>alert(\\\"XSS\\\");</script>\" | html}}", "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;"},
    {"html several", "{{html 1 \"<\"}}", "1&lt;"},
    {"js", "{{js .Str}}", "It\\'d be nice."},
    {"js specials", "{{js \"<a=b&c>\"}}", "\\u003Ca\\u003Db\\u0026c\\u003E"},
    {"urlquery", "{{\"http://www.example.org/\"|urlquery}}", "http%3A%2F%2Fwww.example.org%2F"},
    {"urlquery space", "{{urlquery \"a b\"}}", "a+b"},
    // booleans
    {"not", "{{not true}} {{not false}}", "false true"},
    {"and", "{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}", "false 0 0 1"},
    {"or", "{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}", "0 1 true 1"},
    {"or short-circuit", "{{or 0 1 (index nil 0)}}", "1"},
    {"and short-circuit", "{{and 1 0 (index nil 0)}}", "0"},
    {"or short-circuit2", "{{or 0 0 (index nil 0)}}", nullptr},
    {"and pipe-true", "{{1 | and 1}}", "1"},
    {"and pipe-false", "{{0 | and 1}}", "0"},
    {"or pipe-true", "{{1 | or 0}}", "1"},
    {"or pipe-false", "{{0 | or 0}}", "0"},
    {"and undef", "{{and 1 .MSI.NO}}", "<no value>"},
    {"or undef", "{{or 0 .MSI.NO}}", "<no value>"},
    {"boolean if", "{{if and true 1 `hi`}}TRUE{{else}}FALSE{{end}}", "TRUE"},
    {"boolean if not", "{{if and true 1 `hi` | not}}TRUE{{else}}FALSE{{end}}", "FALSE"},
    {"not with two args", "{{not 1 2}}", nullptr},
    // index, slice, len
    {"index slice", "{{index .SI 0}}", "3"},
    {"index slice 2", "{{index .SI 2}}", "5"},
    {"index map", "{{index .MSI `one`}}", "1"},
    {"index map missing int", "{{index .MSI `XXX`}}", "0"},
    {"index map missing string", "{{index .Labels `nope`}}", ""},
    {"index of nil", "{{index nil 1}}", nullptr},
    {"index out of range", "{{index .SI 10}}", nullptr},
    {"index with string on list", "{{index .SI `a`}}", nullptr},
    {"nested index", "{{index .SMSI 1 `eleven`}}", "11"},
    {"index of string", "{{index .X 0}}", "120"},
    {"index alone", "{{index .SI}}", "[3 4 5]"},
    {"parenthesised index field", "{{(index .SMSI 1).eleven}}", "11"},
    {"parenthesised index struct", "{{(index .SMSI 0).one}}", "1"},
    {"slice[:]", "{{slice .SI}}", "[3 4 5]"},
    {"slice[1:]", "{{slice .SI 1}}", "[4 5]"},
    {"slice[1:2]", "{{slice .SI 1 2}}", "[4]"},
    {"slice[1:2:3]", "{{slice .SI 1 2 3}}", "[4]"},
    {"slice string", "{{slice .S 1 2}}", "y"},
    {"slice string all", "{{slice .S}}", "xyz"},
    {"slice out of range", "{{slice .SI 1 5}}", nullptr},
    {"slice backwards", "{{slice .SI 2 1}}", nullptr},
    {"slice 3 of string", "{{slice .S 1 2 3}}", nullptr},
    {"len list", "{{len .SI}}", "3"},
    {"len map", "{{len .MSI}}", "3"},
    {"len string", "{{len .S}}", "3"},
    {"len of int", "{{len 3}}", nullptr},
    {"len of nothing", "{{len .Nil}}", nullptr},
    {"len of struct", "{{len .U}}", nullptr},
    // comparisons
    {"eq true", "{{eq 1 1}}", "true"},
    {"eq false", "{{eq 1 2}}", "false"},
    {"eq strings", "{{eq \"a\" \"a\"}} {{eq .X \"y\"}}", "true false"},
    {"eq several", "{{eq 3 1 2 3}} {{eq 4 1 2 3}}", "true false"},
    {"eq bools", "{{eq .True true}}", "true"},
    {"eq floats", "{{eq 1.5 .F}}", "true"},
    {"eq missing", "{{eq .MSI.NO 1}}", "false"},
    {"eq int and string", "{{eq 1 \"a\"}}", nullptr},
    {"eq int and float", "{{eq 1 1.0}}", nullptr},
    {"eq one arg", "{{eq 1}}", nullptr},
    {"eq lists", "{{eq .SI .SI}}", nullptr},
    {"ne", "{{ne 1 2}} {{ne \"a\" \"a\"}}", "true false"},
    {"lt", "{{lt 1 2}} {{lt 2 1}} {{lt 1.5 2.5}} {{lt \"a\" \"b\"}}", "true false true true"},
    {"le", "{{le 2 2}} {{le 3 2}}", "true false"},
    {"gt", "{{gt 3 2}} {{gt \"a\" \"b\"}}", "true false"},
    {"ge", "{{ge 2 3}} {{ge 3 3}}", "false true"},
    {"lt bools", "{{lt true false}}", nullptr},
    {"lt mixed", "{{lt 1 \"a\"}}", nullptr},
    // literals
    {"int", "{{17}}", "17"},
    {"negative", "{{-3}}", "-3"},
    {"float", "{{1.5}}", "1.5"},
    {"float exponent", "{{1e3}}", "1000"},
    {"hex", "{{0x10}}", "16"},
    {"octal", "{{0o17}} {{017}}", "15 15"},
    {"binary", "{{0b101}}", "5"},
    {"underscores", "{{1_000}}", "1000"},
    {"char", "{{'a'}} {{'\\n'}}", "97 10"},
    {"string escapes", "{{\"\\u00e9\\x41\\t\"}}", "\xC3\xA9" "A\t"},
    {"raw string", "{{`raw\\n`}}", "raw\\n"},
    {"bool", "{{true}} {{false}}", "true false"},
    {"nil command", "{{nil}}", nullptr},
    {"bad number", "{{3k}}", nullptr},
    {"unterminated string", "{{\"abc}}", nullptr},
    {"dot after literal", "{{\"a\".X}}", nullptr},
    // parentheses and pipelines
    {"parens", "{{(1)}}", "1"},
    {"parens field", "{{(.U).V}}", "v"},
    {"parens pipeline", "{{(print 1 2) | printf \"%s!\"}}", "1 2!"},
    {"parens nested", "{{print (print (print \"a\"))}}", "a"},
    {"pipeline", "{{\"output\" | printf \"%s\"}}", "output"},
    {"pipeline chain", "{{\"output\" | printf \"%s\" | printf \"%q\"}}", "\"output\""},
    {"pipe into field", "{{1 | .X}}", nullptr},
    {"pipe into literal", "{{1 | 2}}", nullptr},
    {"argument to non-function", "{{.X 1}}", nullptr},
    {"missing command", "{{| print}}", nullptr},
    {"empty action", "{{}}", nullptr},
    {"unclosed paren", "{{(1}}", nullptr},
    {"unknown function", "{{frob 1}}", nullptr},
    {"operands not spaced", "{{print .X\"a\"}}", nullptr},
    {"multi-line action", "{{print\n  1\n  2}}", "1 2"},
    // trim markers and comments
    {"trim", "{{23 -}} < {{- 45}}", "23<45"},
    {"trim newlines", "a\n  {{- .X -}}\n  b", "axb"},
    {"minus number is not trim", "{{-3}}", "-3"},
    {"comment", "{{/* a comment */}}x", "x"},
    {"comment trimmed", "x  {{- /* c */ -}}  y", "xy"},
    {"comment unclosed", "{{/* c }}", nullptr},
    {"comment with text after", "{{/* c */ 1}}", nullptr},
    {"delimiters in strings", "{{\"}}\"}}", "}}"},
    {"unclosed action", "{{.X", nullptr},
    {"unexpected end", "{{end}}", nullptr},
    {"unexpected else", "{{else}}", nullptr},
    {"two elses", "{{if true}}a{{else}}b{{else}}c{{end}}", nullptr},
    // define, template, block
    {"define and call", "{{define \"x\"}}X{{.}}{{end}}{{template \"x\" 1}}", "X1"},
    {"template without data", "{{define \"x\"}}[{{.}}]{{end}}{{template \"x\"}}", "[<no value>]"},
    {"template gets its own $", "{{define \"x\"}}{{$}}{{end}}{{template \"x\" .X}}", "x"},
    {"block", "{{block \"b\" .X}}[{{.}}]{{end}}", "[x]"},
    {"no such template", "{{template \"nope\"}}", nullptr},
    {"recursion bounded", "{{define \"r\"}}{{template \"r\"}}{{end}}{{template \"r\"}}", nullptr},
    // Podman's functions
    {"json", "{{json .MSIone}} {{json .SI}} {{json .X}}", "{\"one\":1} [3,4,5] \"x\""},
    {"json map in key order", "{{json .MSI}}", "{\"one\":1,\"three\":3,\"two\":2}"},
    {"join", "{{join (split \"a,b,c\" \",\") \"-\"}}", "a-b-c"},
    {"join of ints", "{{join .SI \",\"}}", nullptr},
    {"split", "{{split \"a,b\" \",\"}} {{len (split \"\" \",\")}}", "[a b] 1"},
    {"lower upper", "{{lower \"ABC\"}} {{upper \"abc\"}}", "abc ABC"},
    {"lower of int", "{{lower 1}}", nullptr},
    {"title", "{{title \"hello world-wide\"}}", "Hello World-Wide"},
    {"truncate", "{{truncate \"abcdef\" 3}} {{truncate \"ab\" 3}}", "abc ab"},
    {"pad", "[{{pad \"x\" 2 1}}][{{pad \"\" 2 1}}]", "[  x ][]"},
    {"contains", "{{contains \"abc\" \"b\"}} {{contains \"abc\" \"d\"}}", "true false"},
    {"hasPrefix hasSuffix", "{{hasPrefix \"abc\" \"ab\"}} {{hasSuffix \"abc\" \"ab\"}}", "true false"},
    {"replace", "{{replace \"aaa\" \"a\" \"b\" 2}} {{replace \"aaa\" \"a\" \"b\" -1}}", "bba bbb"},
    {"wrong number of args", "{{join \"a\"}}", nullptr},
};

}  // namespace

TEST_CASE("Go's text/template, case by case", "[cli][template]") {
  const Value dot = data();
  for (const auto& c : cases) {
    INFO(c.name << ": " << c.input);
    if (c.output) {
      std::string got;
      REQUIRE_NOTHROW(got = Template(c.input).render(dot));
      CHECK(got == c.output);
    } else {
      CHECK_THROWS_AS(Template(c.input).render(dot), std::exception);
    }
  }
}

TEST_CASE("js, with its data as dot", "[cli][template]") {
  CHECK(Template("{{js .}}").render(Value("It'd be nice.")) == "It\\'d be nice.");
  CHECK(Template("<{{.}}>").render(Value(17)) == "<17>");
  CHECK(Template("{{$}}").render(Value(123)) == "123");
}

TEST_CASE("errors say where and what", "[cli][template]") {
  const Value dot = data();
  auto err = [&](const char* t) {
    try {
      Template(t).render(dot);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(err("{{.Nope}}") == "template: executing at <.Nope>: can't evaluate field Nope");
  CHECK(err("{{.X.Y}}") == "template: executing at <.X.Y>: can't evaluate field Y in type string");
  CHECK(err("{{index .SI 10}}") == "template: executing at <index .SI 10>: error calling index: index out of range: 10");
  CHECK(err("{{eq 1 \"a\"}}") == "template: executing at <eq 1 \"a\">: error calling eq: incompatible types for comparison");
  CHECK(err("{{frob}}") == "template: function \"frob\" not defined");
  CHECK(err("{{$x}}") == "template: undefined variable \"$x\"");
  CHECK(err("{{if true}}") == "template: unexpected EOF, missing {{end}}");
  CHECK(err("{{len 3}}") == "template: executing at <len 3>: error calling len: len of type int");
  CHECK(err("{{.X 1}}") == "template: executing at <.X 1>: can't give argument to non-function .X");
  CHECK(err("{{1 | 2}}") == "template: non executable command in pipeline stage 2");
}
