// SPDX-License-Identifier: GPL-2.0-or-later
// cli/containers.cc: ps, logs, wait, stop, kill, rm and container inspect.
#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/scope.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/ps_filter.h"
#include "cli/report.h"
#include "cli/table.h"
#include "cli/template.h"
#include "launch/capabilities.h"
#include "launch/credentials.h"
#include "rootless/mapped_root.h"
#include "store/container_store.h"
#include "image/image_store.h"
#include "launch/launcher.h"
#include "monitor/monitor.h"
#include "runtime/containers.h"
#include "monitor/volumes.h"
#include "store/volume_store.h"
#include "runtime/pods.h"

namespace cli {

store::ContainerStore containers(Context& ctx) {
  auto p = ctx.paths();
  if (!p.rootless) return store::ContainerStore(p.root, p.runroot);
  // What the container's other users own goes as mapped root.
  rootless::User user = launch::user_of(ctx.env);
  return store::ContainerStore(p.root, p.runroot, rootless::tree_remover(&user));
}

std::vector<std::string> named_or_latest(const cxxopts::ParseResult& r, const store::ContainerStore& store,
                                         const std::string& none) {
  auto names = r.unmatched();
  if (!r.count("latest")) {
    if (names.empty()) throw base::error("{}", none);
    return names;
  }
  if (!names.empty()) throw base::error("--latest and containers cannot be used together");
  auto newest = store.latest();
  if (!newest) throw base::error("no such container");
  return {newest->config.id};
}

Value labels_value(const std::vector<std::pair<std::string, std::string>>& labels) {
  Value v = Value::map();
  for (const auto& [k, val] : labels) v.set(k, val);
  return v;
}

namespace {

// Podman's ps headers where the field's name is not the header.
std::map<std::string, std::string> ps_headers() {
  return {{"Cgroup", "CGROUPNS"}, {"CreatedHuman", "CREATED"}, {"ID", "CONTAINER ID"}, {"IPC", "IPC"}, {"MNT", "MNT"},
          {"NET", "NET"}, {"Networks", "NETWORKS"}, {"PIDNS", "PIDNS"}, {"Pod", "POD ID"}, {"PodName", "PODNAME"},
          {"UTS", "UTS"}, {"User", "USERNS"}};
}

// ps's Mounts: the destinations, binds before volumes (Podman's order).
std::vector<std::string> mount_destinations(const store::ContainerConfig& c) {
  std::vector<std::string> out;
  for (const char* type : {"bind", "volume"}) {
    for (const auto& m : c.mounts) {
      if (m.type == type) out.push_back(m.destination);
    }
  }
  return out;
}

// ps's Networks: the network names, comma-separated.
std::string networks_text(const store::ContainerConfig& c) {
  std::string out;
  for (const auto& a : c.networks) out += (out.empty() ? "" : ",") + a.name;
  return out;
}

std::string status_text(const store::ContainerState& s) {
  if (s.status == "running") return "Up " + human_age(s.started);
  if (s.status == "exited") return fmt::format("Exited ({}) {}", s.exit_code, human_age(s.finished));
  return "Created";
}

std::string command_text(const std::vector<std::string>& cmd, bool full) {
  std::string out;
  for (const auto& c : cmd) out += (out.empty() ? "" : " ") + c;
  if (!full && out.size() > 20) out = out.substr(0, 17) + "...";
  return out;
}

}  // namespace

int ps_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("ps"), "List containers", "[options]");
  opts.add()("a,all", "Show all the containers, default is only running containers")
      ("q,quiet", "Print the numeric IDs of the containers only")
      ("no-trunc", "Display the extended information")
      ("l,latest", "Act on the latest container warren is aware of")
      ("p,pod", "Print the ID and name of the pod the containers are associated with")
      ("f,filter", "Filter output based on conditions given", cxxopts::value<std::string>(), "stringArray")
      ("format", "Pretty-print containers to JSON or using a Go template", cxxopts::value<std::string>(), "string")
      ("noheading", "Do not print headers");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto pod_list = pods(ctx).list();
  auto pod_name = [&](const std::string& id) {
    for (const auto& p : pod_list) {
      if (p.id == id) return p.name;
    }
    return std::string();
  };
  std::vector<std::string> filters = all_values(*r, "filter");
  for (auto& f : filters) {
    // pod=NAME|ID prefix: the pod's id, which the records carry.
    if (!f.starts_with("pod=")) continue;
    for (const auto& p : pod_list) {
      if (p.name == f.substr(4) || p.id.starts_with(f.substr(4))) f = "pod=" + p.id;
    }
  }
  PsFilter filter(filters);
  bool with_pod = r->count("pod") > 0;
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (Report::is_default(format)) format.clear();
  std::optional<Report> report;
  if (!format.empty() && !is_json_format(format)) report.emplace(format, ps_headers());
  auto store = containers(ctx);
  bool full = r->count("no-trunc") > 0;
  bool all = r->count("all") || r->count("latest") || filter.implies_all();
  std::vector<Row> rows;
  Value::Array listed;
  auto all_ctrs = store.list();  // oldest first, as Podman lists them
  if (r->count("latest") && !all_ctrs.empty()) all_ctrs.erase(all_ctrs.begin(), all_ctrs.end() - 1);
  for (const auto& c : all_ctrs) {
    auto s = runtime::state_of(ctx.settings(), store, c);
    if ((!all && s.status != "running") || !filter.matches(c, s)) continue;
    std::string id = full ? c.config.id : c.config.id.substr(0, 12);
    if (r->count("quiet")) {
      fmt::print("{}\n", id);
      continue;
    }
    if (!format.empty()) {
      Value v;
      v.set("ID", id).set("Id", c.config.id).set("Image", c.config.image_name).set("Command", command_text(c.config.command, true))
          .set("CreatedAt", Value::time(c.config.created)).set("Created", Value::time(c.config.created)).set("CreatedHuman", human_age(c.config.created))
          .set("RunningFor", human_age(c.config.created)).set("Status", status_text(s))
          .set("State", status_text(s)).set("Names", c.config.name).set("Ports", ports_text(c.config.ports)).set("ExitCode", s.exit_code)
          .set("Networks", networks_text(c.config)).set("Pod", c.config.pod.substr(0, full ? 64 : 12))
          .set("PodName", pod_name(c.config.pod))
          .set("Pid", static_cast<int64_t>(s.pid)).set("Labels", labels_value(c.config.labels))
          .set("Mounts", Value::strings(mount_destinations(c.config)));
      if (report) report->add(v);
      else listed.push_back(v);
      continue;
    }
    rows.push_back({id, c.config.image_name, command_text(c.config.command, full), human_age(c.config.created),
                    status_text(s), ports_text(c.config.ports), c.config.name});
    if (with_pod) {
      rows.back().push_back(c.config.pod.substr(0, full ? 64 : 12));
      rows.back().push_back(pod_name(c.config.pod));
    }
  }
  if (r->count("quiet")) return 0;
  if (report) {
    fmt::print("{}", report->text(r->count("noheading") > 0));
  } else if (!format.empty()) {
    fmt::print("{}\n", to_json(Value(listed)));
  } else {
    Row header = {"CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"};
    if (with_pod) header.insert(header.end(), {"POD ID", "PODNAME"});
    if (r->count("noheading")) header.clear();
    fmt::print("{}", render_table(header, rows));
  }
  return 0;
}


Value container_value(Context& ctx, const store::ContainerStore& store, const store::Container& c) {
  auto s = runtime::state_of(ctx.settings(), store, c);
  Value state;
  state.set("Status", s.status).set("Running", s.status == "running").set("Pid", static_cast<int64_t>(s.status == "running" ? s.pid : 0))
      .set("ExitCode", s.exit_code).set("StartedAt", Value::time(s.started)).set("FinishedAt", Value::time(s.finished));
  std::vector<std::string> cmd = c.config.command;
  Value config;
  Value labels = labels_value(c.config.labels);
  std::string entrypoint;
  for (const auto& e : c.config.entrypoint) entrypoint += (entrypoint.empty() ? "" : " ") + e;
  config.set("Hostname", c.config.hostname).set("Env", Value::strings(c.config.env)).set("Cmd", Value::strings(c.config.cmd))
      .set("Entrypoint", entrypoint).set("WorkingDir", c.config.workdir).set("Labels", labels)
      .set("User", c.config.user).set("Tty", c.config.tty).set("OpenStdin", c.config.interactive);
  Value net = network_settings(store, c, s);
  Value v;
  v.set("Id", c.config.id).set("Created", Value::time(c.config.created)).set("Pod", c.config.pod).set("Path", cmd.empty() ? "" : cmd.front())
      .set("Args", Value::strings(std::vector<std::string>(cmd.size() > 1 ? cmd.begin() + 1 : cmd.end(), cmd.end())))
      .set("State", state).set("Image", c.config.image_id).set("ImageName", c.config.image_name).set("Name", c.config.name)
      .set("Config", config).set("Mounts", mounts_value(ctx, c.config)).set("NetworkSettings", net);
  auto caps = Value::strings(launch::capability_names(launch::merge_capabilities(c.config.cap_add, c.config.cap_drop)));
  v.set("EffectiveCaps", caps).set("BoundingCaps", caps);
  Value host;
  host.set("NetworkMode", c.config.network.str()).set("AutoRemove", c.config.remove).set("Dns", Value::strings(c.config.dns))
      .set("DnsOptions", Value::strings(c.config.dns_options)).set("DnsSearch", Value::strings(c.config.dns_search))
      .set("ExtraHosts", Value::strings(c.config.add_hosts)).set("CapAdd", Value::strings(c.config.cap_add))
      .set("CapDrop", Value::strings(c.config.cap_drop)).set("PortBindings", port_bindings(c.config.ports));
  Value log;
  log.set("Type", "k8s-file").set("Config", Value()).set("Path", store.log_path(c.config)).set("Tag", "")
      .set("Size", human_size(c.config.log_size_max > 0 ? static_cast<uint64_t>(c.config.log_size_max) : 0, 4, false));
  host.set("LogConfig", log);
  add_mount_host_config(c.config, host);
  v.set("LogPath", store.log_path(c.config));
  v.set("HostConfig", host);
  return v;
}

}  // namespace cli
