// SPDX-License-Identifier: GPL-2.0-or-later
// cli/report.cc: Podman's format normalisation, headers and layout.
#include "cli/report.h"

#include <cctype>

#include "cli/table.h"

namespace cli {

namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  return s;
}

// Podman's NormalizeFormat: after "table ", every space is a tab (so that
// `table {{.ID}} {{.Names}}` is two columns); `\t` and `\n` as written
// are a tab and a newline; each row ends with a newline.
std::string normalize(const std::string& format) {
  std::string f = format;
  if (f.starts_with("table ")) {
    f = replace_all(f.substr(6), "table ", "");
    f = replace_all(f, " ", "\t");
  }
  f = replace_all(replace_all(f, "\\t", "\t"), "\\n", "\n");
  if (!f.empty() && f.back() != '\n') f += '\n';
  return f;
}

}  // namespace

std::string header_of(const std::string& field) {
  // fatih/camelcase: runs of lower, upper, digit; an upper run's last
  // letter starts the next lower run ("IPAddress" -> "IP Address").
  auto cls = [](char c) {
    auto u = static_cast<unsigned char>(c);
    return std::islower(u) ? 1 : std::isupper(u) ? 2 : std::isdigit(u) ? 3 : 4;
  };
  std::vector<std::string> runs;
  for (char c : field) {
    if (runs.empty() || cls(runs.back().back()) != cls(c)) runs.emplace_back();
    runs.back() += c;
  }
  for (size_t i = 0; i + 1 < runs.size(); ++i) {
    if (cls(runs[i].back()) == 2 && cls(runs[i + 1].front()) == 1 && runs[i].size() > 1) {
      runs[i + 1].insert(runs[i + 1].begin(), runs[i].back());
      runs[i].pop_back();
    } else if (cls(runs[i].back()) == 2 && cls(runs[i + 1].front()) == 1) {
      runs[i + 1].insert(0, runs[i]);
      runs[i].clear();
    }
  }
  std::string out;
  for (const auto& r : runs) {
    if (r.empty()) continue;
    out += (out.empty() ? "" : " ") + r;
  }
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Report::Report(const std::string& format, std::map<std::string, std::string> headers)
    : format_(normalize(format)), table_(format.starts_with("table ")), tmpl_(format_), headers_(std::move(headers)) {}

bool Report::is_default(const std::string& format) { return format.empty(); }

void Report::add(const Value& row) { rows_ += tmpl_.render(row); }

std::string Report::text(bool noheading) const {
  std::string out;
  if (table_ && !noheading) {
    // The header row is the template run over the headers of the fields it names.
    Value names = Value::map();
    for (size_t i = 0; (i = format_.find('.', i)) != std::string::npos;) {
      size_t j = ++i;
      while (j < format_.size() && (std::isalnum(static_cast<unsigned char>(format_[j])) || format_[j] == '_')) ++j;
      std::string field = format_.substr(i, j - i);
      if (field.empty() || std::isdigit(static_cast<unsigned char>(field[0]))) continue;
      auto it = headers_.find(field);
      names.set(field, it != headers_.end() ? it->second : header_of(field));
    }
    out = tmpl_.render(names);
  }
  // Only a table is laid out: a plain template's tabs are printed as they are.
  return table_ ? tabwrite(out + rows_) : rows_;
}

}  // namespace cli
