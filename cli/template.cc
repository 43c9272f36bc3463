// SPDX-License-Identifier: GPL-2.0-or-later
// cli/template.cc: --format and -f as Podman reads them: json, a Go
// template, or Podman's "table" form; the template engine itself is in
// template_parse.cc, template_exec.cc, template_funcs.cc and
// template_print.cc.
#include "cli/template.h"

#include <cctype>
#include <string_view>

#include "base/error.h"
#include "cli/template_tree.h"

namespace cli {

struct Template::Node {
  tmpl::Tree tree;
};

Template::Template(const std::string& text) : root_(std::make_unique<Node>()) { root_->tree = tmpl::parse(text); }

Template::~Template() = default;
Template::Template(Template&&) noexcept = default;

std::string Template::render(const Value& dot) const {
  std::string out;
  tmpl::execute(root_->tree, dot, out);
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

std::string text_of(const Value& v) { return tmpl::print_value(v); }

}  // namespace cli
