// SPDX-License-Identifier: GPL-2.0-or-later
// cli/template.h: Go's text/template, as Podman users write it in
// --format and -f: the whole language (variables, pipelines, if, with,
// range, break, continue, define, template, block, trim markers,
// comments), Go's builtins and Podman's functions (json, lower, upper,
// title, join, split, truncate, pad, contains, hasPrefix, hasSuffix,
// replace). A missing map key prints <no value>; a missing struct field is
// an error that names it.
#pragma once

#include <memory>
#include <string>

#include "cli/output.h"

namespace cli {

class Template {
 public:
  // Throws a base::Error for a template that does not parse.
  explicit Template(const std::string& text);
  ~Template();
  Template(Template&&) noexcept;
  // Throws a base::Error naming the field or function that fails.
  std::string render(const Value& dot) const;

  struct Node;

 private:
  std::unique_ptr<Node> root_;
};

// Whether a --format value is a Go template rather than a keyword (json).
bool is_template(const std::string& format);
// Podman's test for "print JSON": `json` or `{{json .}}`, spaces allowed
// around and inside ("{{ json . }}", "{{json.}}").
bool is_json_format(const std::string& format);

// `json`: the value as indented JSON; a template: the template rendered
// against it, ending with a newline. Anything else is an error.
std::string render_format(const std::string& format, const Value& v);
// Throws for a format render_format would refuse before seeing a value.
void check_format(const std::string& format);

// Podman's text for a value: strings as they are, lists as [a b], maps as
// map[k:v], nothing as <no value>.
std::string text_of(const Value& v);

}  // namespace cli
