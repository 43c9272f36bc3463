// SPDX-License-Identifier: GPL-2.0-or-later
// cli/ps.cc: `ps` (and `container ls`): the containers chosen by --all,
// --latest, --last and --filter, in --sort's order, as Podman's table, a
// Go template (--format, table), JSON or their IDs (-q).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "cli/commands.h"
#include "cli/ps_filter.h"
#include "cli/report.h"
#include "cli/table.h"
#include "cli/template.h"
#include "image/image_store.h"
#include "runtime/containers.h"
#include "runtime/pods.h"

namespace cli {

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
  if (s.status == "running" && !s.health.status.empty()) return "Up " + human_age(s.started) + " (" + s.health.status + ")";
  if (s.status == "running") return "Up " + human_age(s.started);
  if (s.status == "paused") return "Paused";
  if (s.status == "initialized") return "Initialized";
  if (s.status == "exited") return fmt::format("Exited ({}) {}", s.exit_code, human_age(s.finished));
  return "Created";
}

std::string command_text(const std::vector<std::string>& cmd, bool full) {
  std::string out;
  for (const auto& c : cmd) out += (out.empty() ? "" : " ") + c;
  if (!full && out.size() > 20) out = out.substr(0, 17) + "...";
  return out;
}

// One row: a record, kilobytes long, where the store read it (never
// moved), and its state as it really is.
struct Listed {
  const store::Container* c;
  store::ContainerState s;
};

// --size: the writable layer and, with the image's, the whole root, as
// Podman shows them ("12B (virtual 1.98MB)").
std::string size_text(const store::ContainerStore& store, const image::ImageStore& images, const store::Container& c) {
  uint64_t rw = runtime::rw_size(images, store, c.config);
  auto img = c.config.image_id.empty() ? std::nullopt : images.find(c.config.image_id);
  return fmt::format("{} (virtual {})", human_size(rw, 3, false), human_size(rw + (img ? img->size : 0), 3, false));
}

// --ns: the inode numbers of a running container's namespaces, by ps's
// field names; empty for one that does not run.
Value::Object namespaces_of(pid_t pid) {
  static const std::pair<const char*, const char*> names[] = {{"Cgroup", "cgroup"}, {"IPC", "ipc"}, {"MNT", "mnt"},
                                                               {"NET", "net"},       {"PIDNS", "pid"}, {"User", "user"},
                                                               {"UTS", "uts"}};
  Value::Object out;
  for (const auto& [field, ns] : names) {
    char buf[64];
    ssize_t n = pid > 0 ? ::readlink(fmt::format("/proc/{}/ns/{}", pid, ns).c_str(), buf, sizeof buf - 1) : -1;
    std::string link = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
    auto open = link.find('['), close = link.find(']');
    out.emplace_back(field, open == std::string::npos || close == std::string::npos ? "" : link.substr(open + 1, close - open - 1));
  }
  return out;
}

// --sort's keys, as Podman orders by them.
void sort_listed(std::vector<Listed>& l, const std::string& key, const store::ContainerStore& store, const config::Paths& paths) {
  auto in_order = [&](auto before) { std::stable_sort(l.begin(), l.end(), before); };
  auto by = [&](auto field) { in_order([&](const Listed& a, const Listed& b) { return field(a) < field(b); }); };
  if (key == "created") return;  // as the store lists them
  if (key == "runningfor") {
    // The shortest running first: the newest.
    in_order([](const Listed& a, const Listed& b) { return a.c->config.created > b.c->config.created; });
  }
  else if (key == "id") by([](const Listed& x) { return x.c->config.id; });
  else if (key == "image") by([](const Listed& x) { return x.c->config.image_name; });
  else if (key == "names") by([](const Listed& x) { return x.c->config.name; });
  else if (key == "status") by([](const Listed& x) { return x.s.status; });
  else if (key == "command") by([](const Listed& x) { return command_text(x.c->config.command, true); });
  else if (key == "size") {
    image::ImageStore images(paths.root, !paths.rootless);
    std::map<std::string, uint64_t> size;  // once each: a vfs container's is a walk of two trees
    for (const auto& x : l) size[x.c->config.id] = runtime::rw_size(images, store, x.c->config);
    by([&](const Listed& x) { return size[x.c->config.id]; });
  }
  else throw base::error("invalid option for --sort, options are: command, created, id, image, names, runningfor, size, or status");
}

// The containers to list: filtered, sorted, and cut to --last.
// The rows point into `loaded`.
std::vector<Listed> select_listed(Context& ctx, const cxxopts::ParseResult& r, const store::ContainerStore& store,
                                  const PsFilter& filter, std::vector<store::Container>& loaded) {
  int64_t last = r.count("last") ? int_flag(r, "last") : -1;
  bool all = r.count("all") || r.count("latest") || last >= 0 || filter.implies_all();
  std::vector<Listed> out;
  // Without -a only a record that says running can be listed: the others'
  // configs are not read. Of a config, a listing's fields alone, unless
  // --size needs the storage's.
  store::ContainerStore::Prefilter maybe;
  std::string sort = r.count("sort") ? r["sort"].as<std::string>() : "";
  maybe.listing = !r.count("size") && sort != "size";
  if (!all) {
    maybe.state = [](const store::ContainerState& s) { return s.status == "running"; };
    maybe.running = true;  // the running index's records alone
  }
  loaded = store.list(maybe);  // oldest first, as Podman lists them
  out.reserve(loaded.size());
  for (const auto& c : loaded) {
    auto s = runtime::state_of(ctx.settings(), store, c);
    if ((!all && s.status != "running") || !filter.matches(c, s)) continue;
    out.push_back({&c, std::move(s)});
  }
  if (r.count("latest") && !out.empty()) out.erase(out.begin(), out.end() - 1);
  // --last N: the N made last (Podman's order: newest first among them).
  if (last >= 0 && static_cast<size_t>(last) < out.size()) out.erase(out.begin(), out.end() - last);
  if (r.count("sort")) sort_listed(out, r["sort"].as<std::string>(), store, ctx.paths());
  return out;
}

// --ns's table: a running container's pid and namespaces.
int print_namespaces(const std::vector<Listed>& listed, bool full, bool noheading,
                     const std::function<Value::Object(const Listed&)>& ns_of) {
  std::vector<Row> rows;
  for (const auto& l : listed) {
    Row row{full ? l.c->config.id : l.c->config.id.substr(0, 12), l.c->config.name,
            std::to_string(l.s.status == "running" ? l.s.pid : 0)};
    for (const auto& [k, v] : ns_of(l)) row.push_back(text_of(v));
    rows.push_back(std::move(row));
  }
  Row header = {"CONTAINER ID", "NAMES", "PID", "CGROUPNS", "IPC", "MNT", "NET", "PIDNS", "USERNS", "UTS"};
  if (noheading) header.clear();
  fmt::print("{}", render_table(header, rows));
  return 0;
}

}  // namespace

// One container as ps's templates and JSON see it; `size` and `ns` (the
// namespaces), when --size and --ns ask for them.
Value ps_value(const Listed& l, bool full, const std::string& pod_name, const std::string& size, const Value::Object& ns) {
  const auto& c = *l.c;
  Value v;
  v.set("ID", full ? c.config.id : c.config.id.substr(0, 12)).set("Id", c.config.id).set("Image", c.config.image_name)
      .set("Command", command_text(c.config.command, true)).set("CreatedAt", Value::time(c.config.created))
      .set("Created", Value::time(c.config.created)).set("CreatedHuman", human_age(c.config.created))
      .set("RunningFor", human_age(c.config.created)).set("Status", status_text(l.s)).set("State", status_text(l.s))
      .set("Names", c.config.name).set("Ports", ports_text(c.config.ports)).set("ExitCode", l.s.exit_code)
      .set("Networks", networks_text(c.config)).set("Pod", c.config.pod.substr(0, full ? 64 : 12)).set("PodName", pod_name)
      .set("Pid", static_cast<int64_t>(l.s.pid)).set("Labels", labels_value(c.config.labels))
      .set("Mounts", Value::strings(mount_destinations(c.config))).set("Size", size);
  for (const auto& [k, x] : ns) v.set(k, x);
  return v;
}

namespace {

// One listing of ps, as its flags ask.
int print_ps(Context& ctx, const cxxopts::ParseResult& r) {
  auto pod_list = pods(ctx).list();
  auto pod_name = [&](const std::string& id) {
    for (const auto& p : pod_list) {
      if (p.id == id) return p.name;
    }
    return std::string();
  };
  std::vector<std::string> filters = all_values(r, "filter");
  for (auto& f : filters) {
    // pod=NAME|ID prefix: the pod's id, which the records carry.
    if (!f.starts_with("pod=")) continue;
    for (const auto& p : pod_list) {
      if (p.name == f.substr(4) || p.id.starts_with(f.substr(4))) f = "pod=" + p.id;
    }
  }
  auto store = containers(ctx);
  PsFilter filter(filters, &store);
  std::string format = r.count("format") ? r["format"].as<std::string>() : "";
  std::optional<Report> report;
  if (!format.empty() && !is_json_format(format)) report.emplace(format, ps_headers());
  bool full = r.count("no-trunc") > 0, with_pod = r.count("pod") > 0;
  std::vector<store::Container> loaded;
  auto listed = select_listed(ctx, r, store, filter, loaded);
  if (r.count("quiet")) {
    for (const auto& l : listed) fmt::print("{}\n", full ? l.c->config.id : l.c->config.id.substr(0, 12));
    return 0;
  }
  const bool with_size = r.count("size") > 0, with_ns = r.count("ns") > 0;
  std::optional<image::ImageStore> images;
  if (with_size) images.emplace(ctx.paths().root, !ctx.paths().rootless);
  auto size_of = [&](const Listed& l) { return with_size ? size_text(store, *images, *l.c) : ""; };
  auto ns_of = [&](const Listed& l) { return with_ns ? namespaces_of(l.s.status == "running" ? l.s.pid : 0) : Value::Object{}; };
  if (!format.empty()) {
    Value::Array values;
    for (const auto& l : listed) {
      Value v = ps_value(l, full, pod_name(l.c->config.pod), size_of(l), ns_of(l));
      if (report) report->add(v);
      else values.push_back(std::move(v));
    }
    fmt::print("{}", report ? report->text(r.count("noheading") > 0) : to_json(Value(values)) + "\n");
    return 0;
  }
  if (with_ns) return print_namespaces(listed, full, r.count("noheading") > 0, ns_of);
  std::vector<Row> rows;
  for (const auto& l : listed) {
    const auto& c = *l.c;
    rows.push_back({full ? c.config.id : c.config.id.substr(0, 12), c.config.image_name, command_text(c.config.command, full),
                    human_age(c.config.created), status_text(l.s), ports_text(c.config.ports), c.config.name});
    if (with_pod) {
      rows.back().push_back(c.config.pod.substr(0, full ? 64 : 12));
      rows.back().push_back(pod_name(c.config.pod));
    }
    if (with_size) rows.back().push_back(size_of(l));
  }
  Row header = {"CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"};
  if (with_pod) header.insert(header.end(), {"POD ID", "PODNAME"});
  if (with_size) header.push_back("SIZE");
  if (r.count("noheading")) header.clear();
  fmt::print("{}", render_table(header, rows));
  return 0;
}

}  // namespace

int ps_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("ps"), "List containers", "[options]");
  opts.add()("a,all", "Show all the containers, default is only running containers")
      ("q,quiet", "Print the numeric IDs of the containers only")
      ("no-trunc", "Display the extended information")
      ("l,latest", "Act on the latest container warren is aware of")
      ("n,last", "Print the n last created containers (all states)", cxxopts::value<std::string>(), "int")
      ("p,pod", "Print the ID and name of the pod the containers are associated with")
      ("f,filter", "Filter output based on conditions given", cxxopts::value<std::string>(), "stringArray")
      ("format", "Pretty-print containers to JSON or using a Go template", cxxopts::value<std::string>(), "string")
      ("sort", "Sort output by: command, created, id, image, names, runningfor, size, status",
       cxxopts::value<std::string>()->default_value("created"), "choice")
      ("noheading", "Do not print headers")
      ("s,size", "Display the total file sizes")
      ("ns", "Display namespace information")
      ("external", "Show containers in storage not controlled by Podman")
      ("sync", "Sync container state with OCI runtime")
      ("w,watch", "Watch the ps output on an interval in seconds", cxxopts::value<std::string>(), "uint");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  // --external: warren's store holds no other tool's containers; --sync:
  // every listing reads each container's state from its processes anyway.
  uint64_t watch = r->count("watch") ? uint_flag(*r, "watch") : 0;
  if (watch > 0 && r->count("latest")) throw base::error("the watch and latest flags cannot be used together");
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (watch == 0 || r->count("quiet") || is_json_format(format)) return print_ps(ctx, *r);
  // --watch: the screen cleared and the listing printed again, every
  // `watch` seconds, until interrupted.
  for (;;) {
    fmt::print("\x1b[2J\x1b[H");
    print_ps(ctx, *r);
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::seconds(watch));
  }
}

}  // namespace cli
