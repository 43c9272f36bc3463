// SPDX-License-Identifier: GPL-2.0-or-later
// cli/secret.cc: the `secret` group (create, ls, inspect, rm), Podman's
// file driver, and run and create's --secret.
#include <unistd.h>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "cli/commands.h"
#include "cli/report.h"
#include "cli/table.h"
#include "cli/template.h"
#include "store/secret_store.h"

namespace cli {

namespace {

store::SecretStore secrets(Context& ctx) { return store::SecretStore(ctx.paths().root); }

Value secret_value(const store::SecretStore& st, const store::SecretRecord& s) {
  Value options = Value::map();
  options.set("path", st.dir());
  Value driver;
  driver.set("Name", "file").set("Options", options);
  Value labels = Value::map();
  for (const auto& [k, v] : s.labels) labels.set(k, v);
  Value spec;
  spec.set("Name", s.name).set("Driver", driver).set("Labels", labels);
  Value v;
  v.set("ID", s.id).set("CreatedAt", Value::time(s.created)).set("UpdatedAt", Value::time(s.updated)).set("Spec", spec);
  return v;
}

// What `secret ls` rows offer its templates.
Value secret_row(const store::SecretRecord& s) {
  Value v;
  v.set("ID", s.id).set("Name", s.name).set("Driver", "file").set("CreatedAt", human_age(s.created))
      .set("UpdatedAt", human_age(s.updated));
  return v;
}

// Reads all of standard input, refusing more than Podman's 512 KB.
std::string read_stdin() {
  std::string out;
  base::read_chunks(0, "standard input", [&](std::string_view piece) {
    out.append(piece);
    if (out.size() > 512000) throw base::error("secret data must be smaller than 512000 bytes");
  });
  return out;
}

}  // namespace

int secret_create_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("secret create"), "Create a new secret", "[options] NAME FILE|-");
  opts.add()("d,driver", "Specify secret driver", cxxopts::value<std::string>()->default_value("file"), "string")
      ("l,label", "Specify labels on the secret", cxxopts::value<std::string>(), "stringArray");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() != 2) throw base::error("accepts 2 arg(s), received {}", r->unmatched().size());
  if ((*r)["driver"].as<std::string>() != "file") throw base::error("{}: unsupported secret driver: warren has the file driver", (*r)["driver"].as<std::string>());
  const std::string& name = r->unmatched()[0];
  const std::string& path = r->unmatched()[1];
  std::string data;
  if (path == "-") {
    data = read_stdin();
  } else {
    auto text = base::read_file(path);
    if (!text) throw base::error("open {}: no such file or directory", path);
    data = *text;
  }
  if (data.empty()) throw base::error("secret data must be larger than 0 and less than 512000 bytes");
  std::vector<std::pair<std::string, std::string>> labels;
  for (const auto& l : all_values(*r, "label")) {
    auto eq = l.find('=');
    labels.emplace_back(l.substr(0, eq), eq == std::string::npos ? "" : l.substr(eq + 1));
  }
  auto st = secrets(ctx);
  base::FileLock lock = st.lock();
  fmt::print("{}\n", st.create(name, data, labels).id);
  return 0;
}

int secret_ls_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("secret ls"), "List secrets", "[options]");
  opts.add()("format", "Format volume output using Go template", cxxopts::value<std::string>(), "string")
      ("f,filter", "Filter secret output", cxxopts::value<std::string>(), "stringArray")
      ("noheading", "Do not print headers")
      ("q,quiet", "Print secret IDs only");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  std::vector<std::pair<std::string, std::string>> filters;
  for (const auto& f : all_values(*r, "filter")) {
    auto eq = f.find('=');
    std::string key = f.substr(0, eq);
    if (eq == std::string::npos || (key != "name" && key != "id")) throw base::error("{} is an invalid filter", f);
    filters.emplace_back(key, f.substr(eq + 1));
  }
  std::string format = r->count("format") ? (*r)["format"].as<std::string>()
                     : r->count("quiet") ? "{{.ID}}"
                                         : "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.CreatedAt}}\t{{.UpdatedAt}}";
  Report report(format, {{"CreatedAt", "CREATED"}, {"UpdatedAt", "UPDATED"}});
  for (const auto& s : secrets(ctx).list()) {
    bool keep = true;
    for (const auto& [k, v] : filters) keep = keep && (k == "name" ? s.name.find(v) != std::string::npos : s.id.starts_with(v));
    if (keep) report.add(secret_row(s));
  }
  fmt::print("{}", report.text(r->count("noheading") > 0));
  return 0;
}

int secret_inspect_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("secret inspect"), "Inspect a secret", "[options] SECRET [SECRET...]");
  opts.add()("f,format", "Format volume output using Go template", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().empty()) throw base::error("requires at least 1 arg(s), only received 0");
  auto st = secrets(ctx);
  Value::Array found;
  std::vector<std::string> missing;
  for (const auto& name : r->unmatched()) {
    if (auto s = st.find(name)) found.push_back(secret_value(st, *s));
    else missing.push_back(name);
  }
  if (r->count("format") && !is_json_format((*r)["format"].as<std::string>())) {
    for (const auto& v : found) fmt::print("{}", render_format((*r)["format"].as<std::string>(), v));
  } else {
    fmt::print("{}\n", to_json(Value(found)));
  }
  if (!missing.empty()) throw base::error("inspecting secret: no secret with name or id \"{}\": no such secret", missing.front());
  return 0;
}

int secret_rm_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("secret rm"), "Remove one or more secrets", "[options] SECRET [SECRET...]");
  opts.add()("a,all", "Remove all secrets");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  bool all = r->count("all") > 0;
  if (all == !r->unmatched().empty()) throw base::error("must provide one or more secret names or use --all");
  auto st = secrets(ctx);
  base::FileLock lock = st.lock();
  std::vector<std::string> names = r->unmatched();
  if (all) {
    for (const auto& s : st.list()) names.push_back(s.id);
  }
  std::vector<std::string> errors;
  for (const auto& name : names) {
    auto s = st.find(name);
    if (!s) {
      errors.push_back(fmt::format("no secret with name or id \"{}\": no such secret", name));
      continue;
    }
    st.remove(*s);
    fmt::print("{}\n", s->id);
  }
  if (!errors.empty()) throw base::error("{}", errors_occurred(errors));
  return 0;
}

// --secret NAME[,type=mount|env][,target=T][,uid=N][,gid=N][,mode=N]
void apply_secret_options(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& c) {
  auto given = all_values(r, "secret");
  if (given.empty()) return;
  auto st = secrets(ctx);
  for (const auto& spec : given) {
    auto parts = split_values({spec});
    store::SecretRecord s = st.get(parts[0]);
    store::SecretUse u{s.id, s.name};
    for (size_t i = 1; i < parts.size(); ++i) {
      auto eq = parts[i].find('=');
      std::string key = parts[i].substr(0, eq), value = eq == std::string::npos ? "" : parts[i].substr(eq + 1);
      auto number = [&](int base) {
        // strconv.ParseUint(value, base, 32): base 8 for the mode.
        bool digits = !value.empty() && value.find_first_not_of(base == 8 ? "01234567" : "0123456789") == std::string::npos;
        auto n = digits && value.size() <= 10 ? std::optional<long long>(std::stoll(value, nullptr, base)) : std::nullopt;
        if (!n || *n > INT32_MAX) throw base::error("invalid {} for secret {}: {}", key, s.name, value);
        return static_cast<int>(*n);
      };
      if (key == "type" && (value == "mount" || value == "env")) u.type = value;
      else if (key == "target" && !value.empty() && value.find("..") == std::string::npos) u.target = value;
      else if (key == "uid") u.uid = number(10);
      else if (key == "gid") u.gid = number(10);
      else if (key == "mode") u.mode = number(8);
      else throw base::error("option \"{}\" is not a valid secret option", parts[i]);
    }
    if (u.type == "env" && (u.uid || u.gid || u.mode != 0400)) throw base::error("UID, GID, Mode options cannot be set with secret type env");
    c.secrets.push_back(u);
  }
}

}  // namespace cli
