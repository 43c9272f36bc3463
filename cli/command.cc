// SPDX-License-Identifier: GPL-2.0-or-later
// cli/command.cc: flag parsing shared by every command.
#include "cli/command.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <cstdlib>
#include <optional>

#include <iostream>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/file.h"
#include "base/go_number.h"
#include "base/log.h"

namespace cli {

Options::Options(const std::string& name, std::string summary, std::string usage_args, bool short_help)
    : opts_(name.empty() ? "warren" : "warren " + name, summary),
      name_(name),
      summary_(std::move(summary)),
      usage_args_(std::move(usage_args)) {
  opts_.add_options()(short_help ? "h,help" : "help", name.empty() ? "Help for warren" : "Help for " + name);
  add_global_flags(opts_);
}

// A flag's default as cobra prints it: none when it is the type's zero
// value; quoted for strings.
std::string default_note(const cxxopts::HelpOptionDetails& o) {
  const std::string& d = o.default_value;
  if (!o.has_default || d.empty() || d == "false" || d == "0") return "";
  bool number = o.arg_help == "int" || o.arg_help == "uint" || o.arg_help == "float";
  return o.is_boolean || number ? fmt::format(" (default {})", d) : fmt::format(" (default \"{}\")", d);
}

std::string flag_table(const cxxopts::HelpGroupDetails& group) {
  std::vector<std::pair<std::string, std::string>> rows;
  size_t width = 0;
  // In the order of their long names, as Podman lists them.
  std::vector<const cxxopts::HelpOptionDetails*> sorted;
  for (const auto& o : group.options) sorted.push_back(&o);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->l.front() < b->l.front(); });
  for (const auto* o : sorted) {
    std::string left = o->s.empty() ? "      " : fmt::format("  -{}, ", o->s);
    left += "--" + o->l.front();
    if (!o->is_boolean) left += " " + (o->arg_help.empty() ? std::string("string") : o->arg_help);
    width = std::max(width, left.size());
    rows.emplace_back(left, o->desc + default_note(*o));
  }
  std::string out;
  for (const auto& [left, desc] : rows) out += fmt::format("{:<{}}   {}\n", left, width, desc);
  return out;
}

std::string Options::help(bool with_globals) const {
  std::string out = fmt::format("{}\n\nUsage:\n  warren {}{}{}\n", summary_, name_,
                                name_.empty() ? "" : " ", usage_args_);
  cxxopts::HelpGroupDetails shown = opts_.group_help("");
  if (with_globals) {
    const auto& globals = opts_.group_help("global").options;
    shown.options.insert(shown.options.end(), globals.begin(), globals.end());
  }
  out += "\nOptions:\n" + flag_table(shown);
  return out;
}

void add_global_flags(cxxopts::Options& opts) {
  opts.add_options("global")
      ("log-level", "Log messages above specified level (debug, info, warn, error)",
       cxxopts::value<std::string>(), "level")
      ("root", "Path to the root directory in which data, including images, is stored",
       cxxopts::value<std::string>(), "path")
      ("runroot", "Path to the 'run directory' where all state information is stored",
       cxxopts::value<std::string>(), "path")
      ("network-config-dir", "Path of the configuration directory for CNI networks",
       cxxopts::value<std::string>(), "directory")
      ("cgroup-manager", "Cgroup manager to use (\"cgroupfs\"|\"systemd\")", cxxopts::value<std::string>(), "string")
      ("events-backend", "Events backend to use (\"file\"|\"journald\"|\"none\")", cxxopts::value<std::string>(), "string")
      ("runtime", "Path to the OCI-compatible binary used to run containers", cxxopts::value<std::string>(), "string")
      ("storage-driver", "Select which storage driver is used to manage storage of images and containers",
       cxxopts::value<std::string>(), "string")
      ("tmpdir", "Path to the tmp directory for libpod state content", cxxopts::value<std::string>(), "string");
}

bool global_flag_takes_value(const std::string& arg) {
  return arg == "--log-level" || arg == "--root" || arg == "--runroot" || arg == "--network-config-dir" ||
         arg == "--cgroup-manager" || arg == "--events-backend" || arg == "--runtime" || arg == "--storage-driver" ||
         arg == "--tmpdir";
}

void apply_global_flags(Context& ctx, const cxxopts::ParseResult& r) {
  if (r.count("log-level")) {
    std::string name = r["log-level"].as<std::string>();
    auto level = base::log::parse_level(name);
    if (!level) {
      throw base::error("invalid log level \"{}\": use debug, info, warn or error", name);
    }
    base::log::set_level(*level);
  }
  if (r.count("root")) ctx.overrides.root = r["root"].as<std::string>();
  if (r.count("runroot")) ctx.overrides.runroot = r["runroot"].as<std::string>();
  if (r.count("network-config-dir")) {
    ctx.overrides.network_config_dir = r["network-config-dir"].as<std::string>();
  }
  // Flags scripts pass to Podman: taken, checked, and (warren being its own
  // runtime, its own storage and its own cgroup code) otherwise no-ops.
  auto one_of = [&](const char* flag, std::initializer_list<const char*> allowed, const char* what) {
    if (!r.count(flag)) return;
    std::string v = r[flag].as<std::string>();
    for (const char* a : allowed) {
      if (v == a) return;
    }
    throw base::error("--{} \"{}\" is not supported: {}", flag, v, what);
  };
  one_of("cgroup-manager", {"cgroupfs", "systemd"}, "use cgroupfs or systemd");
  one_of("events-backend", {"file", "journald", "none"}, "use file, journald or none");
  // journald: the file backend (warren writes no journal); none: no events.
  if (r.count("events-backend")) ctx.overrides.no_events = r["events-backend"].as<std::string>() == "none";
  if (r.count("storage-driver")) ctx.overrides.storage_driver = r["storage-driver"].as<std::string>();
}

std::optional<int64_t> time_flag(const cxxopts::ParseResult& r, const char* name) {
  if (!r.count(name)) return std::nullopt;
  std::string v = r[name].as<std::string>();
  auto t = base::parse_time_value(v, base::now_ns());
  if (!t) throw base::error("parsing --{} \"{}\": unable to interpret time value", name, v);
  return t;
}

std::vector<std::string> all_values(const cxxopts::ParseResult& r, const std::string& long_name) {
  std::vector<std::string> out;
  for (const auto& kv : r.arguments()) {
    if (kv.key() == long_name) out.push_back(kv.value());
  }
  return out;
}

namespace {

// cxxopts quotes the option name in its messages; take it out.
std::string quoted_name(const std::string& msg) {
  static const std::string open_q = "\xe2\x80\x98", close_q = "\xe2\x80\x99";
  auto a = msg.find(open_q);
  size_t skip = open_q.size();
  if (a == std::string::npos) {
    a = msg.find('\'');
    skip = 1;
  }
  if (a == std::string::npos) return {};
  auto b = msg.find(skip == 1 ? std::string("'") : close_q, a + skip);
  return b == std::string::npos ? std::string() : msg.substr(a + skip, b - a - skip);
}

// strconv.ParseFloat's syntax, near enough: what strtod reads whole.
std::optional<double> float_value(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return v;
}

std::string flag(const std::string& name) { return (name.size() == 1 ? "-" : "--") + name; }

// Most commands are typed with few flags: the option table is read only
// when one was given.
void check_numbers(const Options& opts, const cxxopts::ParseResult& r) {
  if (r.arguments().empty()) return;
  const auto table = opts.cxx().group_help("").options;
  for (const auto& kv : r.arguments()) {
    auto o = std::find_if(table.begin(), table.end(), [&](const auto& d) { return d.l.front() == kv.key(); });
    if (o == table.end() || (o->arg_help != "int" && o->arg_help != "uint" && o->arg_help != "float")) continue;
    bool is_int = o->arg_help == "int", is_float = o->arg_help == "float";
    std::string why = "invalid syntax";
    bool ok = is_float ? float_value(kv.value()).has_value()
              : is_int ? base::go_parse_int(kv.value(), 0, why).has_value()
                       : base::go_parse_uint(kv.value(), 0, why).has_value();
    if (ok) continue;
    // Cobra's label for the flag: "-t, --time" or "--tail".
    std::string label = o->s.empty() ? "--" + kv.key() : fmt::format("-{}, --{}", o->s, kv.key());
    throw base::error("invalid argument \"{}\" for \"{}\" flag: strconv.Parse{}: parsing \"{}\": {}", kv.value(), label,
                      is_float ? "Float" : is_int ? "Int" : "Uint", kv.value(), why);
  }
}

// pflag's "-a=false" as cxxopts takes it, "--archive=false" (it takes
// "=" after a long name only).
Args long_forms(const Options& opts, const Args& args) {
  auto long_name = [&](char s) -> std::optional<std::string> {
    for (const auto& group : opts.cxx().groups()) {
      for (const auto& o : opts.cxx().group_help(group).options) {
        if (o.s.size() == 1 && o.s[0] == s) return o.l.front();
      }
    }
    return std::nullopt;
  };
  Args out;
  bool operands = false;
  for (const auto& a : args) {
    operands = operands || a == "--";
    auto name = !operands && a.size() > 2 && a[0] == '-' && a[1] != '-' && a[2] == '=' ? long_name(a[1]) : std::nullopt;
    out.push_back(name ? "--" + *name + a.substr(2) : a);
  }
  return out;
}

}  // namespace

int64_t int_flag(const cxxopts::ParseResult& r, const std::string& long_name) {
  std::string why;
  auto v = base::go_parse_int(r[long_name].as<std::string>(), 0, why);
  if (!v) throw base::error("flag --{}: {}", long_name, why);  // a bad default: parse() checks what was typed
  return *v;
}

double float_flag(const cxxopts::ParseResult& r, const std::string& long_name) {
  auto v = float_value(r[long_name].as<std::string>());
  if (!v) throw base::error("flag --{}: not a number", long_name);
  return *v;
}

std::string go_errno(int err) {
  std::string text = std::strerror(err);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

uint64_t uint_flag(const cxxopts::ParseResult& r, const std::string& long_name) {
  std::string why;
  auto v = base::go_parse_uint(r[long_name].as<std::string>(), 0, why);
  if (!v) throw base::error("flag --{}: {}", long_name, why);
  return *v;
}

int seconds_flag(const cxxopts::ParseResult& r, const std::string& long_name) {
  return static_cast<int>(std::min<uint64_t>(uint_flag(r, long_name), INT32_MAX));
}

// cobra's words: "flag needs an argument: 'h' in -h", or "... --hostname".
base::Error needs_argument(const std::string& name) {
  if (name.size() == 1) return base::error("flag needs an argument: '{}' in -{}", name, name);
  return base::error("flag needs an argument: {}", flag(name));
}

std::optional<cxxopts::ParseResult> parse(Context& ctx, Options& opts, const Args& given) {
  Args args = long_forms(opts, given);
  std::vector<const char*> argv{"warren"};
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    cxxopts::ParseResult r = opts.cxx().parse(static_cast<int>(argv.size()), argv.data());
    if (r.count("help")) {
      fmt::print("{}", opts.help());
      return std::nullopt;
    }
    check_numbers(opts, r);
    apply_global_flags(ctx, r);
    return r;
  } catch (const cxxopts::exceptions::no_such_option& e) {
    std::string name = quoted_name(e.what());
    if (name.size() == 1) throw base::error("unknown shorthand flag: '{}' in -{}", name, name);
    throw base::error("unknown flag: {}", flag(name));
  } catch (const cxxopts::exceptions::missing_argument& e) {
    throw needs_argument(quoted_name(e.what()));
  } catch (const cxxopts::exceptions::option_requires_argument& e) {
    throw needs_argument(quoted_name(e.what()));
  } catch (const cxxopts::exceptions::parsing& e) {
    throw base::error("{}", e.what());
  }
}

}  // namespace cli

namespace cli {

bool confirmed(const std::string& warning, bool eof_is_error) {
  fmt::print("{}{}Are you sure you want to continue? [y/N] ", warning, warning.empty() ? "" : "\n");
  std::fflush(stdout);
  std::string answer;
  if (!std::getline(std::cin, answer) && eof_is_error) throw base::error("EOF");
  return answer == "y" || answer == "Y" || answer == "yes";
}

std::vector<std::string> file_lines(const std::string& path) {
  auto text = base::read_file(path);
  if (!text) throw base::error("open {}: no such file or directory", path);
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text->size()) {
    size_t nl = text->find('\n', at);
    std::string line = text->substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    at = nl == std::string::npos ? text->size() : nl + 1;
    line.erase(0, line.find_first_not_of(" \t"));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  return out;
}

std::vector<std::string> env_values(const cxxopts::ParseResult& r) {
  std::vector<std::string> out;
  for (const auto& path : all_values(r, "env-file")) {
    auto lines = file_lines(path);
    out.insert(out.end(), lines.begin(), lines.end());
  }
  for (auto& e : all_values(r, "env")) out.push_back(std::move(e));
  return out;
}

std::string errors_occurred(const std::vector<std::string>& msgs) {
  if (msgs.size() == 1) return msgs.front();
  std::string out = fmt::format("{} errors occurred:", msgs.size());
  for (const auto& m : msgs) out += "\n\t* " + m;
  return out;
}

}  // namespace cli
