// SPDX-License-Identifier: GPL-2.0-or-later
// cli/stats.cc: `stats` (and `container stats`) and `pod stats`, from the
// containers' cgroups; `pause` and `unpause` (and their `container` and
// `pod` forms), through the freezer.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "cli/commands.h"
#include "cli/ps_filter.h"
#include "cli/report.h"
#include "cli/table.h"
#include "runtime/cgroup_control.h"
#include "runtime/containers.h"

namespace cli {

namespace {

const char* kStatsFormat = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}\t{{.UpTime}}\t{{.AVGCPU}}";
const std::map<std::string, std::string> kStatsHeaders = {
    {"CPUPerc", "CPU %"}, {"MemUsage", "MEM USAGE / LIMIT"}, {"MemPerc", "MEM %"}, {"NetIO", "NET IO"}, {"BlockIO", "BLOCK IO"},
    {"PIDs", "PIDS"}, {"UpTime", "CPU TIME"}, {"AVGCPU", "AVG CPU %"}, {"MemUsageBytes", "MEM USAGE / LIMIT"}, {"CPU", "CPU %"},
    {"Pod", "POD"}};

std::string percent(double v) { return fmt::format("{:.2f}%", v); }

// One container's row: its figures now, and its CPU since the last
// sample (since it started, the first time).
struct Sample {
  runtime::ContainerStats s;
  int64_t at = 0;
};

Value stats_value(const store::Container& c, const runtime::ContainerStats& s, const std::optional<Sample>& last, const std::string& pod) {
  double avg = s.cpu_seconds_up > 0 ? static_cast<double>(s.cpu_ns) / 1e9 / s.cpu_seconds_up * 100 : 0;
  double cpu = avg;
  if (last && base::now_ns() > last->at) {
    cpu = static_cast<double>(s.cpu_ns - std::min(s.cpu_ns, last->s.cpu_ns)) / static_cast<double>(base::now_ns() - last->at) * 100;
  }
  double mem = s.memory_limit ? static_cast<double>(s.memory) / static_cast<double>(s.memory_limit) * 100 : 0;
  Value v;
  v.set("ID", c.config.id.substr(0, 12)).set("Name", c.config.name).set("Pod", pod.substr(0, 12)).set("CPUPerc", percent(cpu))
      .set("MemUsage", human_size(s.memory, 4, false) + " / " + human_size(s.memory_limit, 4, false))
      .set("MemUsageBytes", binary_size(s.memory) + " / " + binary_size(s.memory_limit)).set("MemPerc", percent(mem))
      .set("NetIO", human_size(s.net_rx, 4, false) + " / " + human_size(s.net_tx, 4, false))
      .set("BlockIO", human_size(s.block_read, 4, false) + " / " + human_size(s.block_write, 4, false))
      .set("PIDs", std::to_string(s.pids)).set("CPU", cpu).set("AVGCPU", percent(avg))
      .set("UpTime", go_duration(static_cast<int64_t>(s.cpu_ns)));
  return v;
}

Value stats_json(const Value& row) {
  Value v;
  for (auto [key, field] : {std::pair{"id", "ID"}, {"name", "Name"}, {"cpu_time", "UpTime"}, {"cpu_percent", "CPUPerc"}, {"avg_cpu", "AVGCPU"},
                            {"mem_usage", "MemUsage"}, {"mem_percent", "MemPerc"}, {"net_io", "NetIO"}, {"block_io", "BlockIO"}, {"pids", "PIDs"}}) {
    for (const auto& [k, val] : *row.as<Value::Object>()) {
      if (k == field) v.set(key, val);
    }
  }
  return v;
}

struct StatsRequest {
  std::string format;
  bool stream = true;
  bool reset = true;  // clear the screen between rounds
  int interval = 5;
  bool pods = false;
};

// Prints a round of rows; `pick` lists the containers each time (new
// ones join, ended ones leave, as Podman's stream does).
void print_rounds(Context& ctx, const StatsRequest& req, const std::function<std::vector<std::pair<store::Container, std::string>>()>& pick) {
  auto store = containers(ctx);
  std::map<std::string, Sample> last;
  std::string format = req.format.empty() ? (req.pods ? "table {{.Pod}}\t{{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}" : kStatsFormat) : req.format;
  for (bool first = true;; first = false) {
    std::vector<Value> rows;
    for (const auto& [c, pod] : pick()) {
      auto s = runtime::container_stats(ctx.settings(), store, c);
      auto it = last.find(c.config.id);
      rows.push_back(stats_value(c, s, it == last.end() ? std::nullopt : std::optional<Sample>(it->second), pod));
      last[c.config.id] = {s, base::now_ns()};
    }
    std::string text;
    if (is_json_format(format)) {
      Value::Array list;
      for (const auto& r : rows) list.push_back(stats_json(r));
      text = to_json(Value(list), 1) + "\n";
    } else {
      Report report(format, kStatsHeaders);
      for (const auto& r : rows) report.add(r);
      text = report.text();
    }
    if (req.stream && req.reset && !first) fmt::print("\033[2J\033[H");  // a fresh screen each round, as Podman's
    fmt::print("{}", text);
    std::fflush(stdout);
    if (!req.stream) return;
    ::sleep(static_cast<unsigned>(std::max(1, req.interval)));
  }
}

void add_stats_options(Options& opts) {
  opts.add()("format", "Pretty-print container statistics to JSON or using a Go template", cxxopts::value<std::string>(), "string")
      ("no-reset", "Disable resetting the screen between intervals")
      ("no-stream", "Disable streaming stats and only pull the first result, default setting is false")
      ("i,interval", "Time in seconds between stats reports", cxxopts::value<std::string>()->default_value("5"), "int");
}

StatsRequest stats_request(const cxxopts::ParseResult& r, bool pods) {
  StatsRequest req;
  req.format = r.count("format") ? r["format"].as<std::string>() : "";
  req.stream = !r.count("no-stream");
  req.reset = !r.count("no-reset");
  req.interval = static_cast<int>(int_flag(r, "interval"));
  if (req.interval < 1) throw base::error("invalid interval, must be a positive number greater zero");
  req.pods = pods;
  if (!req.format.empty() && !is_json_format(req.format)) check_format(req.format);
  return req;
}

}  // namespace

int stats_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("stats"), "Display a live stream of container resource usage statistics", "[options] [CONTAINER...]");
  opts.add()("a,all", "Show all containers. Only running containers are shown by default. The default is false")
      ("l,latest", "Act on the latest container warren is aware of");
  add_stats_options(opts);
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  StatsRequest req = stats_request(*r, false);
  auto store = containers(ctx);
  std::vector<std::string> names = r->unmatched();
  if (r->count("latest")) {
    auto latest = store.latest();
    if (!latest) throw base::error("no containers to show stats for");
    names = {latest->config.id};
  }
  if (!names.empty() && r->count("all")) throw base::error("--all, --latest and containers cannot be used together");
  for (const auto& n : names) {
    if (!store.find(n)) {
      throw base::error("unable to get list of containers: unable to look up container {}: no container with name or ID \"{}\" found: no such container", n, n);
    }
  }
  bool all = r->count("all") > 0;
  print_rounds(ctx, req, [&] {
    std::vector<std::pair<store::Container, std::string>> out;
    if (!names.empty()) {
      for (const auto& n : names) {
        if (auto c = store.find(n)) out.emplace_back(*c, c->config.pod);
      }
      return out;
    }
    for (const auto& c : store.list()) {
      if (c.config.infra) continue;
      auto status = runtime::state_of(ctx.settings(), store, c).status;
      if (all || status == "running" || status == "paused") out.emplace_back(c, c.config.pod);
    }
    return out;
  });
  return 0;
}

int pod_stats_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod stats"), "Display a live stream of resource usage statistics for the containers in one or more pods",
               "[options] [POD...]");
  opts.add()("a,all", "Provide stats for all pods")("l,latest", "Act on the latest pod warren is aware of");
  add_stats_options(opts);
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  StatsRequest req = stats_request(*r, true);
  auto store = containers(ctx);
  auto pod_store = pods(ctx);
  std::vector<std::string> ids;
  for (const auto& name : r->unmatched()) {
    auto p = pod_store.find(name);
    if (!p) throw base::error("unable to get list of pods: no pod with name or ID {} found: no such pod", name);
    ids.push_back(p->id);
  }
  if (r->count("latest")) {
    auto all = pod_store.list();
    if (all.empty()) throw base::error("no pods to show stats for");
    ids = {all.back().id};
  }
  print_rounds(ctx, req, [&] {
    std::vector<std::pair<store::Container, std::string>> out;
    for (const auto& c : store.list()) {
      if (c.config.pod.empty() || (!ids.empty() && std::find(ids.begin(), ids.end(), c.config.pod) == ids.end())) continue;
      auto status = runtime::state_of(ctx.settings(), store, c).status;
      if (status == "running" || status == "paused") out.emplace_back(c, c.config.pod);
    }
    return out;
  });
  return 0;
}

namespace {

int pause_or_unpause(Context& ctx, const Args& args, bool pause) {
  const char* verb = pause ? "pause" : "unpause";
  Options opts(ctx.name_or(verb), pause ? "Pause all the processes in one or more containers" : "Unpause the processes in one or more containers",
               "[options] CONTAINER [CONTAINER...]");
  opts.add()("a,all", pause ? "Pause all running containers" : "Unpause all paused containers")
      ("l,latest", "Act on the latest container warren is aware of")
      ("f,filter", "Filter output based on conditions given", cxxopts::value<std::string>(), "strings");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  std::vector<std::pair<std::string, std::string>> chosen;  // id, as shown
  if (r->count("filter")) {
    // What ps --filter lists, as stop's and rm's --filter; none is no error.
    if (!r->unmatched().empty()) throw base::error("--filter takes no arguments");
    for (const auto& c : filtered_containers(split_values(all_values(*r, "filter")), store)) {
      chosen.emplace_back(c.config.id, c.config.id);
    }
  } else if (r->count("all")) {
    for (const auto& c : store.list()) {
      auto status = runtime::state_of(ctx.settings(), store, c).status;
      if (!c.config.infra && status == (pause ? "running" : "paused")) chosen.emplace_back(c.config.id, c.config.id);
    }
  } else if (r->count("latest")) {
    auto latest = store.latest();
    if (!latest) throw base::error("no containers to {}", verb);
    chosen.emplace_back(latest->config.id, latest->config.id);
  } else {
    if (r->unmatched().empty()) throw base::error("you must provide at least one name or id");
    for (const auto& name : r->unmatched()) chosen.emplace_back(store.get(name).config.id, name);
  }
  for (const auto& [id, shown] : chosen) {
    if (pause) runtime::pause_container(ctx.settings(), store, id);
    else runtime::unpause_container(ctx.settings(), store, id);
    fmt::print("{}\n", shown);
  }
  return 0;
}

int pod_pause_or_unpause(Context& ctx, const Args& args, bool pause) {
  const char* verb = pause ? "pod pause" : "pod unpause";
  Options opts(ctx.name_or(verb), pause ? "Pause one or more pods" : "Unpause one or more pods", "[options] POD [POD...]");
  opts.add()("a,all", pause ? "Pause all running pods" : "Unpause all paused pods")("l,latest", "Act on the latest pod warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  auto pod_store = pods(ctx);
  std::vector<store::PodConfig> chosen;
  if (r->count("all")) {
    chosen = pod_store.list();
  } else if (r->count("latest")) {
    auto all = pod_store.list();
    if (all.empty()) throw base::error("no pods to {}", pause ? "pause" : "unpause");
    chosen = {all.back()};
  } else {
    if (r->unmatched().empty()) throw base::error("you must provide at least one name or id");
    for (const auto& name : r->unmatched()) {
      auto p = pod_store.find(name);
      if (!p) throw base::error("no pod with name or ID {} found: no such pod", name);
      chosen.push_back(*p);
    }
  }
  for (const auto& p : chosen) {
    for (const auto& c : store.list()) {
      if (c.config.pod != p.id || c.config.infra) continue;
      auto status = runtime::state_of(ctx.settings(), store, c).status;
      if (status != (pause ? "running" : "paused")) continue;
      if (pause) runtime::pause_container(ctx.settings(), store, c.config.id);
      else runtime::unpause_container(ctx.settings(), store, c.config.id);
    }
    fmt::print("{}\n", p.id);
  }
  return 0;
}

}  // namespace

int pause_main(Context& ctx, const Args& args) { return pause_or_unpause(ctx, args, true); }
int unpause_main(Context& ctx, const Args& args) { return pause_or_unpause(ctx, args, false); }
int pod_pause_main(Context& ctx, const Args& args) { return pod_pause_or_unpause(ctx, args, true); }
int pod_unpause_main(Context& ctx, const Args& args) { return pod_pause_or_unpause(ctx, args, false); }

}  // namespace cli
