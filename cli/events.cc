// SPDX-License-Identifier: GPL-2.0-or-later
// cli/events.cc: `events` (and `system events`): the event log
// (store/events.h) printed as Podman prints it: a line per event in its
// human form, JSON, or a Go template; filtered by container, event, image,
// pod, volume, type and label, and by --since and --until. By default it
// follows the log, printing new events as they come (past ones with
// --since); --stream=false prints what is there and ends.
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "cli/template.h"
#include "store/events.h"

namespace cli {

namespace {

using Match = std::function<bool(const store::Event&)>;

// One --filter KEY=VALUE.
Match filter_of(const std::string& spec) {
  auto eq = spec.find('=');
  if (eq == std::string::npos) throw base::error("{} is an invalid filter", spec);
  std::string key = spec.substr(0, eq), v = spec.substr(eq + 1);
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return std::tolower(ch); });
  auto named = [v](const store::Event& e, const char* type) {
    return e.type == type && (e.name == v || (!v.empty() && e.id.starts_with(v)));
  };
  if (key == "container") return [=](const store::Event& e) { return named(e, "container"); };
  if (key == "pod") {
    return [=](const store::Event& e) { return named(e, "pod") || (!v.empty() && e.pod_id.starts_with(v)); };
  }
  if (key == "event" || key == "status") return [v](const store::Event& e) { return e.status == v; };
  if (key == "image") {
    return [v](const store::Event& e) {
      return e.image == v || (e.type == "image" && (e.name == v || (!v.empty() && e.id.starts_with(v))));
    };
  }
  if (key == "volume") return [v](const store::Event& e) { return e.type == "volume" && e.name == v; };
  if (key == "network") return [v](const store::Event& e) { return e.type == "network" && e.network == v; };
  if (key == "type") return [v](const store::Event& e) { return e.type == v; };
  if (key == "label") {
    auto at = v.find('=');
    std::string k = v.substr(0, at), val = at == std::string::npos ? "" : v.substr(at + 1);
    return [=](const store::Event& e) {
      return std::any_of(e.attributes.begin(), e.attributes.end(), [&](const auto& kv) {
        return kv.first == k && (at == std::string::npos || kv.second == val);
      });
    };
  }
  throw base::error("{} is an invalid filter", key);
}

// Filters of one key match any of their values; different keys all.
Match matcher(const std::vector<std::string>& specs) {
  std::map<std::string, std::vector<Match>> by_key;
  for (const auto& s : specs) by_key[s.substr(0, s.find('='))].push_back(filter_of(s));
  return [by_key](const store::Event& e) {
    for (const auto& [key, any] : by_key) {
      if (std::none_of(any.begin(), any.end(), [&](const Match& m) { return m(e); })) return false;
    }
    return true;
  };
}

// Podman's ToHumanReadable.
std::string human(const store::Event& e, bool trunc) {
  std::string id = trunc ? e.id.substr(0, 12) : e.id;
  std::string head = fmt::format("{} {} {}", go_time(e.time), e.type, e.status);
  if (e.type == "container" || e.type == "pod") {
    std::string line = fmt::format("{} {} (image={}, name={}", head, id, e.image, e.name);
    if (!e.pod_id.empty()) line += ", pod_id=" + e.pod_id;
    auto attrs = e.attributes;
    std::sort(attrs.begin(), attrs.end());
    for (const auto& [k, v] : attrs) line += fmt::format(", {}={}", k, v);
    return line + ")";
  }
  if (e.type == "network") return fmt::format("{} {} (container={}, name={})", head, id, id, e.network);
  if (e.type == "image") return fmt::format("{} {} {}", head, id, e.name);
  if (e.type == "system" && e.name.empty()) return head;
  return fmt::format("{} {}", head, e.name);
}

// The event as templates see Podman's events.Event.
Value event_value(const store::Event& e) {
  Value::Object attrs;
  for (const auto& [k, v] : e.attributes) attrs.emplace_back(k, v);
  return Value(Value::Object{{"ContainerExitCode", e.exit_code.value_or(0)},
                             {"ID", e.id},
                             {"Image", e.image},
                             {"Name", e.name},
                             {"Network", e.network},
                             {"Status", e.status},
                             {"Time", Value::time(e.time)},
                             {"Type", e.type},
                             {"HealthStatus", ""},
                             {"PodID", e.pod_id},
                             {"Attributes", Value::map(std::move(attrs))}});
}

}  // namespace

int events_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("events"), "Show warren events", "[options]");
  opts.add()("f,filter", "filter output", cxxopts::value<std::string>(), "stringArray")
      ("format", "format the output using a Go template", cxxopts::value<std::string>(), "string")
      ("no-trunc", "do not truncate the output", cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("since", "show all events created since timestamp", cxxopts::value<std::string>(), "string")
      ("stream", "stream new events; for testing only", cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("until", "show all events until timestamp", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (!r->unmatched().empty()) throw base::error("`events` takes no arguments");
  Match wanted = matcher(all_values(*r, "filter"));
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  std::optional<Template> tmpl;
  if (!format.empty() && !is_json_format(format)) tmpl.emplace(format);
  auto since = time_flag(*r, "since"), until = time_flag(*r, "until");
  const bool stream = (*r)["stream"].as<bool>(), trunc = !(*r)["no-trunc"].as<bool>();
  auto print = [&](const store::Event& e) {
    auto t = base::parse_rfc3339(e.time);
    if (!t || (since && *t < *since) || (until && *t > *until) || !wanted(e)) return;
    std::string line = tmpl ? tmpl->render(event_value(e)) : !format.empty() ? store::event_json(e) : human(e, trunc);
    fmt::print("{}\n", line);
  };
  uint64_t offset = 0;
  auto past = store::read_events(ctx.paths(), 0, &offset);
  // Streaming prints what comes from now on, and the past only when asked
  // for with --since.
  if (!stream || since) {
    for (const auto& e : past) print(e);
  }
  std::fflush(stdout);
  while (stream && (!until || base::now_ns() <= *until)) {
    ::poll(nullptr, 0, 200);
    for (const auto& e : store::read_events(ctx.paths(), offset, &offset)) print(e);
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace cli
