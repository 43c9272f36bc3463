// SPDX-License-Identifier: GPL-2.0-or-later
// cli/template_parse.cc: Go's text/template lexer and parser. Text and
// {{actions}} with trim markers and comments; in an action, pipelines of
// commands over literals, fields, variables, functions and parenthesised
// pipelines; if/else if, range (with $i, $v := and break/continue),
// with/else with, define, template and block. Errors are Go's words.
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>

#include "base/error.h"
#include "cli/template_tree.h"

namespace cli::tmpl {

namespace {

constexpr int max_depth = 500;  // nesting of parentheses and blocks

struct Token {
  enum Type { ident, field, var, dot, literal, nil, pipe, lparen, rparen, declare, assign, comma, right } type;
  std::string text;
  Value value;                // literals
  bool space_before = false;  // operands are separated by spaces
  bool trim = false;          // right: " -}}"
  size_t begin = 0;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void put_utf8(std::string& out, uint32_t r) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xE0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

// Go's escapes inside "..." and '...': returns the decoded text.
std::string unquote(std::string_view body, char quote) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= body.size()) throw base::error("template: invalid syntax");
    char e = body[i];
    auto digits = [&](size_t n, int base) {
      uint32_t v = 0;
      for (size_t k = 0; k < n; ++k) {
        int d = i + 1 + k < body.size() ? hex_digit(body[i + 1 + k]) : -1;
        if (d < 0 || d >= base) throw base::error("template: invalid syntax");
        v = v * static_cast<uint32_t>(base) + static_cast<uint32_t>(d);
      }
      i += n;
      return v;
    };
    switch (e) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case 'x': out += static_cast<char>(digits(2, 16)); break;
      case 'u': put_utf8(out, digits(4, 16)); break;
      case 'U': put_utf8(out, digits(8, 16)); break;
      default:
        if (e == quote) {
          out += e;
        } else if (e >= '0' && e <= '7') {
          --i;
          uint32_t v = digits(3, 8);
          if (v > 255) throw base::error("template: invalid syntax");
          out += static_cast<char>(v);
        } else {
          throw base::error("template: invalid syntax");
        }
    }
  }
  return out;
}

// A number as Go's parser reads it: an int unless it has a fraction or an
// exponent; 0x, 0o, 0b and a leading 0 for octal; underscores between digits.
Value number(const std::string& written) {
  std::string t;
  for (char c : written) {
    if (c != '_') t += c;
  }
  bool neg = !t.empty() && (t[0] == '-' || t[0] == '+');
  std::string body = neg ? t.substr(1) : t;
  bool hex = body.size() > 1 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X');
  bool is_float = hex ? body.find_first_of("pP.") != std::string::npos : body.find_first_of(".eE") != std::string::npos;
  auto bad = [&] { return base::error("template: bad number syntax: \"{}\"", written); };
  if (body.empty() || (body.size() > 1 && body[0] == '0' && body[1] == '0' && !is_float)) throw bad();
  errno = 0;
  char* end = nullptr;
  if (is_float) {
    double d = std::strtod(t.c_str(), &end);
    if (*end || errno == ERANGE) throw bad();
    return Value(d);
  }
  int base = 10;
  size_t skip = 0;
  if (body.size() > 1 && body[0] == '0') {
    char k = static_cast<char>(std::tolower(static_cast<unsigned char>(body[1])));
    base = k == 'x' ? 16 : k == 'b' ? 2 : 8;
    skip = k == 'x' || k == 'b' || k == 'o' ? 2 : 1;
  }
  std::string digits = body.substr(skip);
  if (digits.empty() || digits[0] == '-' || digits[0] == '+') throw bad();
  unsigned long long u = std::strtoull(digits.c_str(), &end, base);
  if (*end) throw bad();
  if (errno == ERANGE || u > (neg ? 0x8000000000000000ULL : 0x7fffffffffffffffULL)) {
    throw base::error("template: integer overflow: \"{}\"", written);
  }
  return Value(neg ? static_cast<int64_t>(0 - u) : static_cast<int64_t>(u));
}

class Lexer {
 public:
  explicit Lexer(const std::string& s) : src_(s) {}
  size_t pos() const { return pos_; }
  void seek(size_t p) { pos_ = p; }
  const std::string& src() const { return src_; }

  Token next() {
    Token t{};
    size_t start = pos_;
    while (pos_ < src_.size() && is_space(src_[pos_])) ++pos_;
    t.space_before = pos_ > start;
    t.begin = pos_;
    if (pos_ >= src_.size()) throw base::error("template: unclosed action");
    char c = src_[pos_];
    if (t.space_before && src_.compare(pos_, 3, "-}}") == 0) {
      pos_ += 3;
      t.type = Token::right;
      t.trim = true;
      return t;
    }
    if (src_.compare(pos_, 2, "}}") == 0) {
      pos_ += 2;
      t.type = Token::right;
      return t;
    }
    switch (c) {
      case '|': return simple(t, Token::pipe, 1);
      case '(': return simple(t, Token::lparen, 1);
      case ')': return simple(t, Token::rparen, 1);
      case ',': return simple(t, Token::comma, 1);
      case '=': return simple(t, Token::assign, 1);
      case ':':
        if (src_.compare(pos_, 2, ":=") != 0) throw base::error("template: expected :=");
        return simple(t, Token::declare, 2);
      case '"': return quoted(t, '"');
      case '`': return raw(t);
      case '\'': return quoted(t, '\'');
      case '$': return word(t, Token::var, 1);
      case '.':
        if (pos_ + 1 < src_.size() && std::isdigit(static_cast<unsigned char>(src_[pos_ + 1]))) return num(t);
        if (pos_ + 1 < src_.size() && is_alnum(src_[pos_ + 1])) return word(t, Token::field, 1);
        return simple(t, Token::dot, 1);
      default: break;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        ((c == '-' || c == '+') && pos_ + 1 < src_.size() &&
         (std::isdigit(static_cast<unsigned char>(src_[pos_ + 1])) || src_[pos_ + 1] == '.'))) {
      return num(t);
    }
    if (is_alnum(c)) {
      word(t, Token::ident, 0);
      if (t.text == "true" || t.text == "false") {
        t.type = Token::literal;
        t.value = Value(t.text == "true");
      } else if (t.text == "nil") {
        t.type = Token::nil;
      }
      return t;
    }
    throw base::error("template: unrecognized character in action: U+{:04X} '{}'", static_cast<unsigned char>(c), c);
  }

 private:
  Token& simple(Token& t, Token::Type type, size_t n) {
    t.type = type;
    t.text = src_.substr(pos_, n);
    pos_ += n;
    return t;
  }
  Token& word(Token& t, Token::Type type, size_t lead) {
    size_t end = pos_ + lead;
    while (end < src_.size() && is_alnum(src_[end])) ++end;
    t.type = type;
    t.text = src_.substr(pos_, end - pos_);
    pos_ = end;
    return t;
  }
  Token& quoted(Token& t, char q) {
    size_t end = pos_ + 1;
    while (end < src_.size() && src_[end] != q) {
      if (src_[end] == '\n') break;
      end += src_[end] == '\\' ? 2 : 1;
    }
    if (end >= src_.size() || src_[end] != q) {
      if (q == '"') throw base::error("template: unterminated quoted string");
      throw base::error("template: unterminated character constant");
    }
    t.type = Token::literal;
    t.text = src_.substr(pos_, end + 1 - pos_);
    std::string s = unquote(std::string_view(src_).substr(pos_ + 1, end - pos_ - 1), q);
    pos_ = end + 1;
    if (q == '"') {
      t.value = Value(s);
      return t;
    }
    // A character constant is the rune's number.
    auto u = reinterpret_cast<const unsigned char*>(s.data());
    size_t n = s.empty() ? 0 : u[0] < 0x80 ? 1 : u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : 4;
    if (s.empty() || n != s.size()) throw base::error("template: malformed character constant: {}", t.text);
    uint32_t r = n == 1 ? u[0] : u[0] & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) r = (r << 6) | (u[k] & 0x3F);
    t.value = Value(static_cast<int64_t>(r));
    return t;
  }
  Token& raw(Token& t) {
    size_t end = src_.find('`', pos_ + 1);
    if (end == std::string::npos) throw base::error("template: unterminated raw quoted string");
    t.type = Token::literal;
    t.text = src_.substr(pos_, end + 1 - pos_);
    t.value = Value(src_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return t;
  }
  Token& num(Token& t) {
    size_t end = pos_ + 1;
    while (end < src_.size()) {
      char c = src_[end];
      bool exp_sign = (c == '+' || c == '-') && std::strchr("eEpP", src_[end - 1]) != nullptr &&
                      !(src_.compare(pos_, 2, "0x") == 0 && (src_[end - 1] == 'e' || src_[end - 1] == 'E'));
      if (!is_alnum(c) && c != '.' && !exp_sign) break;
      ++end;
    }
    t.type = Token::literal;
    t.text = src_.substr(pos_, end - pos_);
    t.value = number(t.text);
    pos_ = end;
    return t;
  }

  const std::string& src_;
  size_t pos_ = 0;
};

struct Stop {
  enum Kind { eof, end, else_ } kind = eof;
  std::string chain;  // "if" or "with" after else
};

class Parser {
 public:
  Parser(const std::string& text, Tree& tree) : lx_(text), tree_(tree) { scopes_.push_back({"$"}); }

  void run() {
    Stop s = list(tree_.root, true);
    if (s.kind == Stop::end) throw base::error("template: unexpected {{{{end}}}}");
    if (s.kind == Stop::else_) throw base::error("template: unexpected {{{{else}}}}");
  }

 private:
  // Text and actions until {{end}}, {{else}} or the end of the text.
  Stop list(std::vector<Node>& out, bool top) {
    const std::string& src = lx_.src();
    while (lx_.pos() < src.size()) {
      size_t open = src.find("{{", lx_.pos());
      std::string chunk = src.substr(lx_.pos(), open == std::string::npos ? std::string::npos : open - lx_.pos());
      if (open == std::string::npos) {
        add_text(out, chunk);
        lx_.seek(src.size());
        break;
      }
      size_t p = open + 2;
      if (p + 1 < src.size() && src[p] == '-' && is_space(src[p + 1])) {
        while (!chunk.empty() && is_space(chunk.back())) chunk.pop_back();
        p += 2;
        while (p < src.size() && is_space(src[p])) ++p;
      }
      add_text(out, chunk);
      lx_.seek(p);
      if (src.compare(p, 2, "/*") == 0) {
        comment(p);
        continue;
      }
      std::optional<Stop> stop = action(out, top);
      if (stop) return *stop;
    }
    return Stop{};
  }

  void comment(size_t p) {
    const std::string& src = lx_.src();
    size_t close = src.find("*/", p + 2);
    if (close == std::string::npos) throw base::error("template: unclosed comment");
    size_t q = close + 2;
    if (src.compare(q, 4, " -}}") == 0) {
      q += 4;
      while (q < src.size() && is_space(src[q])) ++q;
    } else if (src.compare(q, 2, "}}") == 0) {
      q += 2;
    } else {
      throw base::error("template: comment ends before closing delimiter");
    }
    lx_.seek(q);
  }

  // One action after its {{. Returns a stop for {{end}} and {{else}}.
  std::optional<Stop> action(std::vector<Node>& out, bool top) {
    size_t mark = lx_.pos();
    Token t = lx_.next();
    if (t.type == Token::ident) {
      const std::string& k = t.text;
      if (k == "end") {
        close_action("end");
        return Stop{Stop::end, {}};
      }
      if (k == "else") {
        size_t m = lx_.pos();
        Token n = lx_.next();
        if (n.type == Token::ident && (n.text == "if" || n.text == "with")) return Stop{Stop::else_, n.text};
        lx_.seek(m);
        close_action("else");
        return Stop{Stop::else_, {}};
      }
      if (k == "if") return out.push_back(control(Node::if_)), std::nullopt;
      if (k == "with") return out.push_back(control(Node::with)), std::nullopt;
      if (k == "range") return out.push_back(control(Node::range)), std::nullopt;
      if (k == "break" || k == "continue") {
        if (range_depth_ == 0) throw base::error("template: {{{{{}}}}} outside {{{{range}}}}", k);
        close_action(k);
        Node n;
        n.kind = k == "break" ? Node::break_ : Node::continue_;
        out.push_back(std::move(n));
        return std::nullopt;
      }
      if (k == "define") {
        if (!top) throw base::error("template: unexpected <define> in command");
        define();
        return std::nullopt;
      }
      if (k == "template" || k == "block") {
        out.push_back(call(k == "block"));
        return std::nullopt;
      }
    }
    lx_.seek(mark);
    Node n;
    n.kind = Node::action;
    n.pipe = pipeline("command", Token::right);
    out.push_back(std::move(n));
    return std::nullopt;
  }

  void close_action(const std::string& what) {
    Token t = lx_.next();
    if (t.type != Token::right) throw base::error("template: unexpected \"{}\" in {}", t.text, what);
    after_right(t);
  }

  void after_right(const Token& t) {
    if (!t.trim) return;
    size_t p = lx_.pos();
    while (p < lx_.src().size() && is_space(lx_.src()[p])) ++p;
    lx_.seek(p);
  }

  Node control(Node::Kind kind) {
    Depth d(this);
    const char* ctx = kind == Node::if_ ? "if" : kind == Node::with ? "with" : "range";
    scopes_.push_back(scopes_.back());
    Node n;
    n.kind = kind;
    n.pipe = pipeline(ctx, Token::right);
    if (kind == Node::range) ++range_depth_;
    Stop s = list(n.list, false);
    if (kind == Node::range) --range_depth_;
    if (s.kind == Stop::else_ && !s.chain.empty()) {
      if ((s.chain == "if") != (kind == Node::if_) || kind == Node::range) {
        throw base::error("template: unexpected {{{{else {}}}}} in {}", s.chain, ctx);
      }
      n.else_list.push_back(control(kind));  // its {{end}} ends this one too
      s.kind = Stop::end;
    } else if (s.kind == Stop::else_) {
      s = list(n.else_list, false);
      if (s.kind == Stop::else_) throw base::error("template: expected end; found {{{{else}}}}");
    }
    if (s.kind != Stop::end) throw base::error("template: unexpected EOF, missing {{{{end}}}}");
    scopes_.pop_back();
    return n;
  }

  std::string template_name(const char* what) {
    Token t = lx_.next();
    if (t.type != Token::literal || !t.value.as<std::string>()) {
      throw base::error("template: unexpected \"{}\" in {} clause", t.text, what);
    }
    return *t.value.as<std::string>();
  }

  void define() {
    std::string name = template_name("define");
    close_action("define");
    std::vector<std::vector<std::string>> saved;
    saved.swap(scopes_);
    scopes_.push_back({"$"});
    std::vector<Node> body;
    if (list(body, false).kind != Stop::end) throw base::error("template: unexpected EOF in define clause");
    scopes_.swap(saved);
    tree_.defined[name] = std::move(body);
  }

  Node call(bool block) {
    Node n;
    n.kind = Node::call;
    n.text = template_name(block ? "block" : "template");
    size_t m = lx_.pos();
    Token t = lx_.next();
    if (t.type == Token::right) {
      if (block) throw base::error("template: missing value for block clause");
      after_right(t);
      return n;
    }
    lx_.seek(m);
    n.pipe = pipeline(block ? "block" : "template", Token::right);
    n.has_pipe = true;
    if (block) {
      std::vector<Node> body;
      if (list(body, false).kind != Stop::end) throw base::error("template: unexpected EOF in block clause");
      tree_.defined[n.text] = std::move(body);
    }
    return n;
  }

  bool declared(const std::string& var) const {
    for (const auto& v : scopes_.back()) {
      if (v == var) return true;
    }
    return false;
  }

  // [$x :=] command [| command]... up to `closer`, which it consumes.
  Pipe pipeline(const char* ctx, Token::Type closer) {
    Pipe p;
    size_t start = lx_.pos();
    declarations(p, ctx);
    for (;;) {
      Token end{};
      Cmd c = command(end);
      if (c.args.empty()) throw base::error("template: missing value for {}", ctx);
      p.cmds.push_back(std::move(c));
      if (end.type == Token::pipe) continue;
      if (end.type != closer) throw base::error("template: unexpected \"{}\" in {}", end.text, ctx);
      p.text = trimmed(start, end.begin);
      if (end.type == Token::right) after_right(end);
      break;
    }
    for (size_t i = 1; i < p.cmds.size(); ++i) {
      Arg::Kind k = p.cmds[i].args.front().kind;
      if (k != Arg::function && k != Arg::field && k != Arg::variable) {
        throw base::error("template: non executable command in pipeline stage {}", i + 1);
      }
    }
    return p;
  }

  void declarations(Pipe& p, const std::string& ctx) {
    size_t m = lx_.pos();
    Token v = lx_.next();
    if (v.type != Token::var) return lx_.seek(m);
    Token op = lx_.next();
    std::vector<std::string> names{v.text};
    if (op.type == Token::comma && ctx == "range") {
      Token v2 = lx_.next();
      if (v2.type != Token::var) throw base::error("template: range can only initialize variables");
      names.push_back(v2.text);
      op = lx_.next();
    }
    if (op.type != Token::declare && op.type != Token::assign) return lx_.seek(m);
    p.assign = op.type == Token::assign;
    for (const auto& n : names) {
      if (p.assign && !declared(n)) throw base::error("template: undefined variable \"{}\"", n);
      if (!p.assign) scopes_.back().push_back(n);
    }
    p.decl = names;
  }

  // Operands up to |, ) or }}, returned in `end`.
  Cmd command(Token& end) {
    Cmd c;
    size_t start = lx_.pos();
    for (;;) {
      size_t m = lx_.pos();
      Token t = lx_.next();
      if (t.type == Token::pipe || t.type == Token::rparen || t.type == Token::right) {
        end = t;
        c.text = trimmed(start, t.begin);
        return c;
      }
      if (!c.args.empty() && !t.space_before) throw base::error("template: unexpected \"{}\" in operand", t.text);
      lx_.seek(m);
      c.args.push_back(operand());
    }
  }

  Arg operand() {
    size_t start = lx_.pos();
    Arg a = term();
    for (;;) {
      size_t m = lx_.pos();
      Token t = lx_.next();
      if (t.type != Token::field || t.space_before) {
        lx_.seek(m);
        break;
      }
      if (a.kind == Arg::constant || a.kind == Arg::nil || (a.kind == Arg::dot && a.fields.empty())) {
        throw base::error("template: unexpected . after term \"{}\"", a.text);
      }
      a.fields.push_back(t.text.substr(1));
      if (a.kind == Arg::dot) a.kind = Arg::field;
    }
    a.text = trimmed(start, lx_.pos());
    return a;
  }

  Arg term() {
    Token t = lx_.next();
    Arg a;
    a.text = t.text;
    switch (t.type) {
      case Token::ident:
        if (!is_function(t.text)) {
          static const char* keywords[] = {"if", "else", "end", "range", "with", "define", "template", "block", "break", "continue"};
          for (const char* k : keywords) {
            if (t.text == k) throw base::error("template: unexpected <{}> in command", k);
          }
          throw base::error("template: function \"{}\" not defined", t.text);
        }
        a.kind = Arg::function;
        a.name = t.text;
        return a;
      case Token::dot: a.kind = Arg::dot; return a;
      case Token::nil: a.kind = Arg::nil; return a;
      case Token::literal: a.kind = Arg::constant; a.literal = t.value; return a;
      case Token::field: a.kind = Arg::field; a.fields.push_back(t.text.substr(1)); return a;
      case Token::var:
        if (!declared(t.text)) throw base::error("template: undefined variable \"{}\"", t.text);
        a.kind = Arg::variable;
        a.name = t.text;
        return a;
      case Token::lparen: {
        Depth d(this);
        a.kind = Arg::pipe;
        a.sub = std::make_shared<Pipe>(pipeline("parenthesized pipeline", Token::rparen));
        return a;
      }
      default: throw base::error("template: unexpected \"{}\" in operand", t.text);
    }
  }

  std::string trimmed(size_t from, size_t to) const {
    std::string s = lx_.src().substr(from, to > from ? to - from : 0);
    size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
  }

  static void add_text(std::vector<Node>& out, std::string t) {
    if (t.empty()) return;
    Node n;
    n.text = std::move(t);
    out.push_back(std::move(n));
  }

  struct Depth {
    explicit Depth(Parser* p) : p_(p) {
      if (++p_->depth_ > max_depth) throw base::error("template: max expression depth exceeded");
    }
    ~Depth() { --p_->depth_; }
    Parser* p_;
  };

  Lexer lx_;
  Tree& tree_;
  std::vector<std::vector<std::string>> scopes_;  // the variables each block sees
  int range_depth_ = 0;
  int depth_ = 0;
};

}  // namespace

Tree parse(const std::string& text) {
  Tree t;
  Parser(text, t).run();
  return t;
}

}  // namespace cli::tmpl
