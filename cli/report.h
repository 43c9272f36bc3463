// SPDX-License-Identifier: GPL-2.0-or-later
// cli/report.h: --format for listings as Podman's report package does it:
// a Go template run on each row, or `table TEMPLATE` with a header row
// made from the field names; `\t` and `\n` written in the format are a
// tab and a newline, and a table's lines go through Go's tabwriter so
// that its columns line up.
#pragma once

#include <map>
#include <string>

#include "cli/output.h"
#include "cli/template.h"

namespace cli {

class Report {
 public:
  // Throws a base::Error for a format that does not parse. `headers`
  // names the columns whose header is not the field's name split at
  // its capitals and upper-cased ("ID" -> "CONTAINER ID").
  explicit Report(const std::string& format, std::map<std::string, std::string> headers = {});
  // No format: the command's own table. ("table" alone is a template
  // that prints "table", as in Podman.)
  static bool is_default(const std::string& format);
  bool table() const { return table_; }

  void add(const Value& row);
  // The header row (a table, unless noheading) and the rows, laid out.
  std::string text(bool noheading = false) const;

 private:
  std::string format_;
  bool table_ = false;
  Template tmpl_;
  std::map<std::string, std::string> headers_;
  std::string rows_;
};

// "CreatedAt" -> "CREATED AT", "InfraID" -> "INFRA ID", as Podman's headers.
std::string header_of(const std::string& field);

}  // namespace cli
