// SPDX-License-Identifier: GPL-2.0-or-later
// cli/command.h: what every command shares: the global flags, the context
// they produce, and flag parsing with cxxopts that reports errors in
// Podman's words ("unknown flag: --foo") as one base::Error.
#pragma once

#include <functional>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cxxopts.hpp>

#include "base/error.h"

#include "config/settings.h"

namespace cli {

using Args = std::vector<std::string>;

// Podman's exit codes for its own failures.
inline constexpr int kExitError = 125;

// An error that ends the command with an exit code other than 125 (rmi of
// an unknown image exits 1, as Podman's does). main prints it like any other;
// a command that went on past failures (rm of several containers) gives
// them all, each printed on its own line, the last as this error's.
class ExitError : public base::Error {
 public:
  ExitError(int code, const std::string& msg) : base::Error(0, msg) { with_exit_code(code); }
  ExitError(int code, std::vector<std::string> msgs) : base::Error(0, msgs.back()), earlier_(msgs.begin(), msgs.end() - 1) {
    with_exit_code(code);
  }
  int code() const { return exit_code(); }
  const std::vector<std::string>& earlier() const { return earlier_; }

 private:
  std::vector<std::string> earlier_;
};

// The -e values that --env-file FILE... give, then the -e values: each
// file's KEY=VALUE lines (KEY alone takes warren's own value; blank lines
// and # comments skipped; leading whitespace dropped), as Podman reads them.
std::vector<std::string> env_values(const cxxopts::ParseResult& r);
// A file's lines, trimmed at the left, without blank lines and # comments
// (--env-file, --label-file); "open PATH: no such file or directory".
std::vector<std::string> file_lines(const std::string& path);

// Go's multierror, as Podman's rmi prints several failures: the one message,
// or "2 errors occurred:" and a tab-indented line for each.
std::string errors_occurred(const std::vector<std::string>& msgs);

struct Context {
  explicit Context(config::Environment e) : env(std::move(e)) {}
  config::Environment env;  // read once, in main
  config::PathOverrides overrides;
  std::string invoked;  // the command as typed ("image ls"), for usage lines
  std::vector<std::string> argv;  // the whole command line, program name first
  // The invoked name, or `name` when the command was typed as itself.
  std::string name_or(const char* name) const { return invoked.empty() ? name : invoked; }
  // Built once, at first use, when the flags are known; then fixed.
  const config::Settings& settings() const {
    if (!settings_) settings_ = config::load_settings(env, overrides);
    return *settings_;
  }
  const config::Paths& paths() const { return settings().paths; }

 private:
  mutable std::optional<config::Settings> settings_;
};

struct Command {
  std::string name;   // "version", or "network create" for a subcommand
  std::string summary;  // empty: an alias, left out of the listings
  std::function<int(Context&, const Args&)> run;
};

// The flags of `warren <name>`, its own and the global ones, and its help
// text in cobra's layout (what Podman users see).
class Options {
 public:
  // `short_help`: -h is --help (run and create keep it for --hostname, as Podman's).
  Options(const std::string& name, std::string summary, std::string usage_args = "[options]", bool short_help = true);
  cxxopts::OptionAdder add() { return opts_.add_options(); }
  // Usage, then the command's own flags (group "") and, when asked (the
  // top level), the global ones.
  std::string help(bool with_globals = false) const;

  cxxopts::Options& cxx() { return opts_; }
  const cxxopts::Options& cxx() const { return opts_; }
  const std::string& name() const { return name_; }

 private:
  cxxopts::Options opts_;
  std::string name_;
  std::string summary_;
  std::string usage_args_;
};

// Go's words for an errno ("no such file or directory").
std::string go_errno(int err);

// Parse `args` (without the command name). nullopt: --help was printed and
// the command should exit 0. Applies the global flags to `ctx`.
std::optional<cxxopts::ParseResult> parse(Context& ctx, Options& opts, const Args& args);

// Numeric flags are declared as strings whose help word is the Go type of
// Podman's flag ("int", "uint"): parse() checks every one given as cobra
// would ("invalid argument "abc" for "-t, --time" flag: strconv.ParseUint:
// parsing "abc": invalid syntax"), and these read them.
int64_t int_flag(const cxxopts::ParseResult& r, const std::string& long_name);
uint64_t uint_flag(const cxxopts::ParseResult& r, const std::string& long_name);
// A "float" flag (strconv.ParseFloat's words when it is not one).
double float_flag(const cxxopts::ParseResult& r, const std::string& long_name);
// A "time" uint flag in seconds, as the int the stop code takes.
int seconds_flag(const cxxopts::ParseResult& r, const std::string& long_name = "time");

// A --since or --until value (RFC 3339, Unix seconds or a duration back
// from now) in nanoseconds; nullopt when not given.
std::optional<int64_t> time_flag(const cxxopts::ParseResult& r, const char* name);

// Every value given for a repeatable flag, in order and whole (cxxopts'
// vector values would split `CMD ["a","b"]` at its commas).
std::vector<std::string> all_values(const cxxopts::ParseResult& r, const std::string& long_name);

// Prints `warning` (a line or more, or nothing), asks "Are you sure you
// want to continue? [y/N] " and reads the answer from stdin; true for y,
// Y or yes. End of input is "no", or the error "EOF" (`eof_is_error`, as
// Podman's pod prune).
bool confirmed(const std::string& warning, bool eof_is_error = false);

// Cobra's flag table: "  -f, --format string   Change ...".
std::string flag_table(const cxxopts::HelpGroupDetails& group);

// Global flags, valid before and after the command name.
void add_global_flags(cxxopts::Options& opts);
void apply_global_flags(Context& ctx, const cxxopts::ParseResult& r);
// Whether a global flag takes a value in the next argument ("--root DIR").
bool global_flag_takes_value(const std::string& arg);

}  // namespace cli
