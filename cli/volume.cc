// SPDX-License-Identifier: GPL-2.0-or-later
// cli/volume.cc: volume create, ls, inspect, rm, prune, exists; and the
// Mounts and HostConfig binds a container's inspect shows.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <optional>
#include <cstring>
#include <iostream>
#include <regex>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "cli/commands.h"
#include "cli/report.h"
#include "cli/table.h"
#include "cli/template.h"
#include "image/layer.h"
#include "image/tar_writer.h"
#include "runtime/containers.h"
#include "monitor/volumes.h"
#include "store/volume_store.h"

namespace cli {

namespace {

store::VolumeStore volume_store(Context& ctx) { return monitor::volume_store(ctx.settings()); }

// A Go map as JSON: sorted by key.
Value sorted_pairs(std::vector<std::pair<std::string, std::string>> kv) {
  std::sort(kv.begin(), kv.end());
  return labels_value(kv);
}

// How many running containers mount it (Podman's MountCount).
int64_t mount_count(const store::ContainerStore& ctrs, const store::VolumeUse& use, const std::string& name) {
  auto users = use.find(name);
  if (users == use.end()) return 0;
  return std::count_if(users->second.begin(), users->second.end(),
                       [&](const store::Container& c) { return ctrs.live_state(c).status == "running"; });
}

// Podman 4.3's `volume inspect` shape.
Value volume_value(const store::VolumeStore& volumes, const store::ContainerStore& ctrs, const store::VolumeUse& use,
                   const store::VolumeRecord& vol) {
  Value v;
  v.set("Name", vol.name).set("Driver", vol.driver).set("Mountpoint", volumes.mountpoint(vol.name)).set("CreatedAt", Value::time(vol.created))
      .set("Labels", sorted_pairs(vol.labels)).set("Scope", "local").set("Options", sorted_pairs(vol.options))
      .set("MountCount", mount_count(ctrs, use, vol.name)).set("NeedsCopyUp", vol.needs_copy_up).set("NeedsChown", vol.needs_chown);
  if (vol.anonymous) v.set("Anonymous", true);
  return v;
}

std::pair<std::string, std::string> key_value(const std::string& kv) {
  auto eq = kv.find('=');
  return {kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1)};
}

bool has_label(const store::VolumeRecord& v, const std::string& want) {
  std::pair<std::string, std::string> kv = key_value(want);
  const std::string &key = kv.first, &value = kv.second;  // (clang 14 captures no structured binding)
  bool any_value = want.find('=') == std::string::npos;
  return std::any_of(v.labels.begin(), v.labels.end(), [&](const auto& l) { return l.first == key && (any_value || l.second == value); });
}

// --filter for ls and prune: name, label, driver, dangling (ls);
// label, label! and until (both).
using Filter = std::function<bool(const store::VolumeRecord&)>;

Filter volume_filter(const std::vector<std::string>& given, const store::VolumeUse& use, bool prune) {
  std::vector<Filter> all;
  for (const auto& f : given) {
    auto eq = f.find('=');
    if (eq == std::string::npos) throw base::error("invalid filter \"{}\"", f);
    std::string key = f.substr(0, eq), value = f.substr(eq + 1);
    if (key == "label") {
      all.push_back([value](const store::VolumeRecord& v) { return has_label(v, value); });
    } else if (key == "label!") {
      all.push_back([value](const store::VolumeRecord& v) { return !has_label(v, value); });
    } else if (key == "until") {
      // Created before a time (RFC 3339, Unix seconds, or a duration ago).
      auto t = base::parse_time_value(value, base::now_ns());
      if (!t) throw base::error("failed to parse value as time or duration: \"{}\"", value);
      all.push_back([t](const store::VolumeRecord& v) {
        auto created = base::parse_rfc3339(v.created);
        return created && *created < *t;
      });
    } else if (!prune && key == "name") {
      all.push_back([value](const store::VolumeRecord& v) { return std::regex_search(v.name, std::regex(value)); });
    } else if (!prune && key == "driver") {
      all.push_back([value](const store::VolumeRecord& v) { return v.driver == value; });
    } else if (!prune && key == "dangling") {
      if (value != "true" && value != "false") throw base::error("{} is not a valid value for the \"dangling\" filter - must be true or false", value);
      bool want = value == "true";
      all.push_back([&use, want](const store::VolumeRecord& v) { return !use.count(v.name) == want; });
    } else {
      throw base::error("{} is an invalid filter", key);
    }
  }
  return [all](const store::VolumeRecord& v) { return std::all_of(all.begin(), all.end(), [&](const Filter& f) { return f(v); }); };
}

}  // namespace

std::optional<Value> volume_inspect_value(Context& ctx, const std::string& name) {
  auto volumes = volume_store(ctx);
  auto v = volumes.find(name);
  if (!v) return std::nullopt;
  auto ctrs = containers(ctx);
  return volume_value(volumes, ctrs, store::volume_use(ctrs), *v);
}

int volume_create_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("volume create"), "Create a new volume", "[options] [NAME]");
  opts.add()("d,driver", "Specify volume driver name", cxxopts::value<std::string>()->default_value("local"), "string")
      ("l,label", "Set metadata for a volume (e.g. --label mykey=value)", cxxopts::value<std::string>(), "stringArray")
      ("o,opt", "Set driver specific options", cxxopts::value<std::string>(), "stringArray")
      ("ignore", "Don't fail if volume already exists");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() > 1) throw base::error("too many arguments, create takes at most 1 argument");
  std::string driver = (*r)["driver"].as<std::string>();
  if (driver != "local") throw base::error("volume driver {} is not supported: warren has only the local driver", driver);
  store::VolumeRecord v;
  v.name = r->unmatched().empty() ? "" : r->unmatched().front();
  for (const auto& l : all_values(*r, "label")) {
    auto kv = key_value(l);
    std::erase_if(v.labels, [&](const auto& have) { return have.first == kv.first; });
    v.labels.push_back(kv);
  }
  for (const auto& o : all_values(*r, "opt")) {
    auto kv = key_value(o);
    if (kv.first != "type" && kv.first != "device" && kv.first != "o" && kv.first != "UID" && kv.first != "GID") {
      throw base::error("invalid mount option {} for driver 'local': invalid argument", kv.first);
    }
    v.options.push_back(kv);
  }
  bool bind = !store::bind_device(v).empty();
  bool bind_asked = std::any_of(v.options.begin(), v.options.end(), [](const auto& kv) {
    return kv.first == "o" && ("," + kv.second + ",").find("bind,") != std::string::npos;
  });
  if (bind_asked && !bind) throw base::error("a bind volume (-o o=bind) needs -o device=DIR");
  auto volumes = volume_store(ctx);
  base::FileLock lock = volumes.lock();
  if (!v.name.empty() && r->count("ignore") && volumes.find(v.name)) {
    fmt::print("{}\n", v.name);
    return 0;
  }
  std::string name = volumes.create(v).name;
  record_event(ctx, "volume", "create", name);
  fmt::print("{}\n", name);
  return 0;
}

int volume_ls_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("volume ls"), "List volumes", "[options]");
  opts.add()("f,filter", "Filter volume output", cxxopts::value<std::string>(), "stringArray")
      ("format", "Format volume output using Go template", cxxopts::value<std::string>()->default_value("{{.Driver}}\\t{{.Name}}\\n"), "string")
      ("noheading", "Do not print headers")
      ("q,quiet", "Print volume output in quiet mode");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (!r->unmatched().empty()) throw base::error("too many arguments, ls takes no arguments");
  auto volumes = volume_store(ctx);
  auto ctrs = containers(ctx);
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (Report::is_default(format)) format.clear();
  std::optional<Report> report;
  if (!format.empty() && !is_json_format(format)) report.emplace(format, std::map<std::string, std::string>{{"Name", "VOLUME NAME"}});
  auto filters = all_values(*r, "filter");
  // The containers are read once, and only when something needs them.
  bool dangling = std::any_of(filters.begin(), filters.end(), [](const std::string& f) { return f.starts_with("dangling="); });
  store::VolumeUse use = dangling || !format.empty() ? store::volume_use(ctrs) : store::VolumeUse{};
  Filter wanted = volume_filter(filters, use, false);
  std::vector<Row> rows;
  for (const auto& v : volumes.list()) {
    if (!wanted(v)) continue;
    if (r->count("quiet")) {
      fmt::print("{}\n", v.name);
    } else if (!format.empty()) {
      Value val = volume_value(volumes, ctrs, use, v);
      if (report) report->add(val);
      else fmt::print("{}", render_format("{{json .}}\n", val));
    } else {
      rows.push_back({v.driver, v.name});
    }
  }
  if (report && !r->count("quiet")) fmt::print("{}", report->text(r->count("noheading") > 0));
  if (!r->count("quiet") && format.empty()) {
    std::string table = render_table({"DRIVER", "VOLUME NAME"}, rows);
    if (r->count("noheading")) table = table.substr(table.find('\n') + 1);
    fmt::print("{}", table);
  }
  return 0;
}

int volume_inspect_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("volume inspect"), "Display detailed information on one or more volumes", "[options] VOLUME [VOLUME...]");
  opts.add()("a,all", "Inspect all volumes")
      ("f,format", "Format volume output using Go template", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().empty() && !r->count("all")) throw base::error("provide one or more volume names or use --all");
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (!format.empty()) check_format(format);
  auto volumes = volume_store(ctx);
  auto ctrs = containers(ctx);
  store::VolumeUse use = store::volume_use(ctrs);
  Value::Array out;
  std::vector<std::string> missing;
  if (r->count("all")) {
    for (const auto& v : volumes.list()) out.push_back(volume_value(volumes, ctrs, use, v));
  }
  for (const auto& name : r->unmatched()) {
    if (auto v = volumes.find(name)) {
      out.push_back(volume_value(volumes, ctrs, use, *v));
    } else {
      missing.push_back(fmt::format("inspecting object: no such volume {}", name));
    }
  }
  if (!format.empty() && !is_json_format(format)) {
    for (const auto& v : out) fmt::print("{}", render_format(format, v));
  } else {
    fmt::print("{}\n", to_json(Value(out)));
  }
  if (!missing.empty()) throw ExitError(125, missing);
  return 0;
}

int volume_exists_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("volume exists"), "volume exists", "VOLUME");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() != 1) throw base::error("accepts 1 arg(s), received {}", r->unmatched().size());
  return volume_store(ctx).find(r->unmatched().front()) ? 0 : 1;
}

int volume_rm_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("volume rm"), "Remove one or more volumes", "[options] VOLUME [VOLUME...]");
  opts.add()("a,all", "Remove all volumes")
      ("f,force", "Remove a volume by force, even if it is being used by a container")
      ("t,time", "Seconds to wait for running containers to stop before killing the container",
       cxxopts::value<std::string>()->default_value("10"), "int");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  bool all = r->count("all") > 0;
  if (all == !r->unmatched().empty()) throw base::error("choose either one or more volumes or all");
  auto volumes = volume_store(ctx);
  auto ctrs = containers(ctx);
  std::vector<std::string> names = r->unmatched();
  if (all) {
    for (const auto& v : volumes.list()) names.push_back(v.name);
  }
  for (const auto& name : names) {
    if (!volumes.find(name) && r->count("force")) continue;
    if (!volumes.find(name)) throw ExitError(1, fmt::format("no volume with name \"{}\" found: no such volume", name));
    auto users = store::volume_users(ctrs, name);
    if (!users.empty() && !r->count("force")) {
      std::string ids;
      for (const auto& id : users) ids += (ids.empty() ? "" : ", ") + id;
      throw ExitError(2, fmt::format("volume {} is being used by the following container(s): {}: volume is being used", name, ids));
    }
    for (const auto& id : users) runtime::remove_container(ctx.settings(), ctrs, id, seconds_flag(*r));
    base::FileLock lock = volumes.lock();
    if (!store::volume_users(ctrs, name).empty()) throw ExitError(2, fmt::format("volume {} is being used: volume is being used", name));
    volumes.remove(name);
    record_event(ctx, "volume", "remove", name);
    fmt::print("{}\n", name);
  }
  return 0;
}

int volume_prune_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("volume prune"), "Remove all unused volumes", "[options]");
  opts.add()("f,force", "Do not prompt for confirmation")
      ("filter", "Provide filter values (e.g. 'label=<key>=<value>')", cxxopts::value<std::string>(), "stringArray");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto volumes = volume_store(ctx);
  auto ctrs = containers(ctx);
  store::VolumeUse use;
  Filter wanted = volume_filter(all_values(*r, "filter"), use, true);
  auto unused = [&] {
    use = store::volume_use(ctrs);
    std::vector<std::string> out;
    for (const auto& v : volumes.list()) {
      if (wanted(v) && !use.count(v.name)) out.push_back(v.name);
    }
    return out;
  };
  if (!r->count("force")) {
    auto names = unused();
    fmt::print("WARNING! This will remove all volumes not used by at least one container. The following volumes will be removed:\n");
    if (names.empty()) {
      fmt::print("No dangling volumes found\n");
      return 0;
    }
    for (const auto& n : names) fmt::print("{}\n", n);
    if (!confirmed("")) return 0;
  }
  for (const auto& v : prune_volumes(ctx, all_values(*r, "filter"))) fmt::print("{}\n", v.name);
  return 0;
}

std::vector<Pruned> prune_volumes(Context& ctx, const std::vector<std::string>& filters) {
  auto volumes = volume_store(ctx);
  auto ctrs = containers(ctx);
  store::VolumeUse use;
  Filter wanted = volume_filter(filters, use, true);
  // Under the lock, use is read again: a container made meanwhile keeps its volume.
  base::FileLock lock = volumes.lock();
  use = store::volume_use(ctrs);
  std::vector<Pruned> out;
  for (const auto& v : volumes.list()) {
    if (!wanted(v) || use.count(v.name)) continue;
    uint64_t size = base::tree_size(volumes.mountpoint(v.name));
    volumes.remove(v.name);
    record_event(ctx, "volume", "remove", v.name);
    out.push_back({v.name, size});
  }
  return out;
}

int volume_export_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("volume export"), "Export volumes", "[options] VOLUME");
  opts.add()("o,output", "Write to a specified file (default: stdout, which must be redirected)",
             cxxopts::value<std::string>()->default_value("/dev/stdout"), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() != 1) throw base::error("accepts 1 arg(s), received {}", r->unmatched().size());
  auto volumes = volume_store(ctx);
  const std::string& name = r->unmatched().front();
  auto vol = volumes.find(name);
  if (!vol) throw base::error("no such volume {}", name);
  std::string output = (*r)["output"].as<std::string>();
  base::UniqueFd out;
  if (output == "/dev/stdout") {
    if (::isatty(STDOUT_FILENO)) throw base::error("cannot write to terminal, use command-line redirection or the --output flag");
  } else {
    out.reset(::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!out) throw base::sys_error(errno, "open {}", output);
  }
  base::UniqueFd data{::open(volumes.content(*vol).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (!data) throw base::sys_error(errno, "open {}", volumes.content(*vol));
  image::write_tree_tar(data.get(), out ? out.get() : STDOUT_FILENO, output);
  return 0;
}

int volume_import_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("volume import"), "Import a tarball contents into a volume", "VOLUME [SOURCE]");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() != 2) throw base::error("accepts 2 arg(s), received {}", r->unmatched().size());
  auto volumes = volume_store(ctx);
  const std::string& name = r->unmatched()[0];
  const std::string& source = r->unmatched()[1];
  auto vol = volumes.find(name);
  if (!vol) throw base::error("no such volume {}", name);
  if (source != "-" && ::access(source.c_str(), F_OK) < 0) {
    throw base::error("open {}: {}", source, errno == ENOENT ? "no such file or directory" : std::strerror(errno));
  }
  // Into the data dir, inside it: an entry that would leave it is refused.
  image::unpack_archive(source, volumes.content(*vol), !ctx.paths().rootless);
  return 0;
}

// inspect's Mounts: volumes, then binds (Podman's order); tmpfs shows in
// HostConfig.Tmpfs only.
Value mounts_value(Context& ctx, const store::ContainerConfig& c) {
  auto volumes = volume_store(ctx);
  Value::Array out;
  for (const char* type : {"volume", "bind"}) {
    for (const auto& m : c.mounts) {
      if (m.type != type) continue;
      Value v;
      v.set("Type", m.type);
      if (m.type == "volume") v.set("Name", m.source);
      v.set("Source", m.type == "volume" ? volumes.mountpoint(m.source) : m.source).set("Destination", m.destination)
          .set("Driver", m.type == "volume" ? "local" : "").set("Mode", "").set("Options", Value::strings(store::inspect_options(m)))
          .set("RW", !store::read_only(m)).set("Propagation", store::propagation(m));
      out.push_back(v);
    }
  }
  return Value(out);
}

void add_mount_host_config(const store::ContainerConfig& c, Value& host) {
  std::vector<std::string> binds;
  for (const char* type : {"volume", "bind"}) {
    for (const auto& m : c.mounts) {
      if (m.type == type) binds.push_back(store::bind_text(m));
    }
  }
  Value tmpfs = Value::map();
  for (const auto& m : c.mounts) {
    if (m.type == "tmpfs") tmpfs.set(m.destination, store::joined_options(m));
  }
  host.set("Binds", Value::strings(binds)).set("Tmpfs", tmpfs).set("ReadonlyRootfs", c.read_only);
}

}  // namespace cli
