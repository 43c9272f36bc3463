// SPDX-License-Identifier: GPL-2.0-or-later
// cli/healthcheck.cc: run and create's health check options (and the
// image's HEALTHCHECK under them), and `healthcheck run`.
#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/json.h"
#include "cli/commands.h"
#include "runtime/health.h"

namespace cli {

void add_health_options(Options& opts) {
  opts.add()
      ("health-cmd", "set a healthcheck command for the container ('none' disables the existing healthcheck)", cxxopts::value<std::string>(), "string")
      ("health-interval", "set an interval for the healthchecks (a value of disable results in no automatic timer setup)",
       cxxopts::value<std::string>()->default_value("30s"), "string")
      ("health-retries", "the number of retries allowed before a healthcheck is considered to be unhealthy",
       cxxopts::value<std::string>()->default_value("3"), "uint")
      ("health-start-period", "the initialization time needed for a container to bootstrap", cxxopts::value<std::string>()->default_value("0s"), "string")
      ("health-timeout", "the maximum time allowed to complete the healthcheck before an interval is considered failed",
       cxxopts::value<std::string>()->default_value("30s"), "string")
      ("health-on-failure", "action to take once the container turns unhealthy", cxxopts::value<std::string>()->default_value("none"), "string")
      ("no-healthcheck", "Disable healthchecks on container");
}

namespace {

// time.ParseDuration's syntax ("30s", "1m30s", "1.5s"; "0" alone bare).
int64_t duration_flag(const cxxopts::ParseResult& r, const char* name, const char* what) {
  std::string text = r[name].as<std::string>();
  if (text == "0") return 0;
  auto v = text.find_first_not_of("0123456789.") == std::string::npos ? std::nullopt : base::parse_time_value(text, 0);
  if (!v || *v > 0 || text.find_first_of("0123456789") != 0) throw base::error("invalid {}: time: invalid duration \"{}\"", what, text);
  return -*v;
}

// --health-cmd: a JSON list as given (["CMD", ...] or ["CMD-SHELL", ...]),
// else a command for /bin/sh -c.
std::vector<std::string> health_test(const std::string& cmd) {
  if (!cmd.empty() && cmd.front() == '[') {
    auto d = base::json::try_parse(cmd);
    if (d && d->IsArray() && !d->Empty()) {
      std::vector<std::string> out;
      for (const auto& v : d->GetArray()) {
        if (!v.IsString()) throw base::error("invalid health check command {}: every item must be a string", cmd);
        out.emplace_back(v.GetString(), v.GetStringLength());
      }
      if (out[0] != "CMD" && out[0] != "CMD-SHELL") out.insert(out.begin(), "CMD");
      return out;
    }
  }
  return {"CMD-SHELL", cmd};
}

}  // namespace

void apply_health_options(const cxxopts::ParseResult& r, const store::HealthConfig& image, store::ContainerConfig& c) {
  bool given = r.count("health-cmd") > 0;
  if (r.count("no-healthcheck")) {
    if (given) throw base::error("cannot specify both --no-healthcheck and --health-cmd");
    return;
  }
  store::HealthConfig h = image;
  if (given) {
    std::string cmd = r["health-cmd"].as<std::string>();
    if (cmd == "none") return;
    h.test = health_test(cmd);
  }
  std::string on_failure = r["health-on-failure"].as<std::string>();
  if (on_failure != "none" && on_failure != "kill" && on_failure != "restart" && on_failure != "stop") {
    throw base::error("invalid on-failure action \"{}\" for health check: supported actions are none,kill,restart,stop", on_failure);
  }
  if (!h.defined()) return;
  if (r.count("health-interval") || given) {
    h.interval_ns = r["health-interval"].as<std::string>() == "disable" ? 0 : duration_flag(r, "health-interval", "healthcheck-interval");
  }
  if (r.count("health-timeout") || given) h.timeout_ns = duration_flag(r, "health-timeout", "healthcheck-timeout");
  if (r.count("health-start-period") || given) h.start_period_ns = duration_flag(r, "health-start-period", "healthcheck-start-period");
  if (r.count("health-retries") || given) h.retries = static_cast<int>(uint_flag(r, "health-retries"));
  if (h.interval_ns != 0 && h.interval_ns < 1000000000) throw base::error("healthcheck-interval must be at least 1 second");
  if (h.timeout_ns < 1000000000) throw base::error("healthcheck-timeout must be at least 1 second");
  if (h.retries < 1) throw base::error("healthcheck-retries must be greater than 0");
  h.on_failure = on_failure;
  c.health = h;
}

int healthcheck_run_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("healthcheck run"), "Run the health check of a container", "[options] CONTAINER");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() != 1) throw base::error("accepts 1 arg(s), received {}", r->unmatched().size());
  std::string status = runtime::run_health_check(ctx.settings(), containers(ctx), r->unmatched()[0]);
  if (status == "healthy") return 0;
  fmt::print("unhealthy\n");
  return 1;
}

}  // namespace cli
