// SPDX-License-Identifier: GPL-2.0-or-later
// cli/system_prune.cc: the system commands that span every kind of
// object: `system df` (what the store holds and what could go), `system
// prune` (the prunes of pods, containers, networks, volumes and images in
// one go) and `system reset` (everything, and the store's directories).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "cli/commands.h"
#include "cli/ps_filter.h"
#include "cli/report.h"
#include "cli/table.h"
#include "cli/template.h"
#include "image/image_store.h"
#include "monitor/volumes.h"
#include "runtime/containers.h"
#include "runtime/networks.h"
#include "runtime/pods.h"
#include "store/volume_store.h"

namespace cli {

namespace {

// go-units' HumanSize, as Podman's df and prune print sizes ("8.705MB").
std::string go_size(uint64_t bytes) { return human_size(bytes, 4, false); }

std::string reclaimable(uint64_t part, uint64_t whole) {
  int percent = whole ? static_cast<int>(std::lround(100.0 * static_cast<double>(part) / static_cast<double>(whole))) : 0;
  return fmt::format("{} ({}%)", go_size(part), percent);
}

struct Usage {
  std::string type;
  int64_t total = 0, active = 0;
  uint64_t size = 0, reclaimable = 0;
};

std::vector<Usage> usage(Context& ctx) {
  auto paths = ctx.paths();
  image::ImageStore images(paths.root, !paths.rootless);
  auto ctrs = containers(ctx);
  auto volumes = monitor::volume_store(ctx.settings());
  auto all = ctrs.list();
  Usage img{"Images"}, ctr{"Containers"}, vol{"Local Volumes"};
  for (const auto& i : images.list()) {
    bool used = std::any_of(all.begin(), all.end(), [&](const store::Container& c) { return c.config.image_id == i.id; });
    ++img.total;
    img.active += used;
    img.size += i.size;
    if (!used) img.reclaimable += i.size;
  }
  for (const auto& c : all) {
    bool running = runtime::state_of(ctx.settings(), ctrs, c).status == "running";
    uint64_t size = runtime::rw_size(images, ctrs, c.config);
    ++ctr.total;
    ctr.active += running;
    ctr.size += size;
    if (!running) ctr.reclaimable += size;
  }
  store::VolumeUse use = store::volume_use(ctrs);
  for (const auto& v : volumes.list()) {
    uint64_t size = base::tree_size(volumes.mountpoint(v.name));
    bool used = use.count(v.name) > 0;
    ++vol.total;
    vol.active += used;
    vol.size += size;
    if (!used) vol.reclaimable += size;
  }
  return {img, ctr, vol};
}

// Seconds since an RFC 3339 time, as df -v's CREATED shows them ("10 hours").
std::string since(const std::string& rfc3339) {
  std::string age = human_age(rfc3339);
  return age.ends_with(" ago") ? age.substr(0, age.size() - 4) : age;
}

// df -v: Podman's three tables, each object on its own row.
void print_verbose(Context& ctx) {
  auto paths = ctx.paths();
  image::ImageStore images(paths.root, !paths.rootless);
  auto ctrs = containers(ctx);
  auto all = ctrs.list();
  std::vector<Row> rows;
  for (const auto& i : images.list()) {
    auto users = std::count_if(all.begin(), all.end(), [&](const store::Container& c) { return c.config.image_id == i.id; });
    std::vector<std::string> names = i.names.empty() ? std::vector<std::string>{"<none>:<none>"} : i.names;
    for (const auto& n : names) {
      auto colon = n.rfind(':');
      rows.push_back({n.substr(0, colon), n.substr(colon + 1), i.id.substr(0, 12), since(i.created), go_size(i.size), "0B",
                      go_size(i.size), std::to_string(users)});
    }
  }
  fmt::print("Images space usage:\n\n{}", render_table({"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE",
                                                          "UNIQUE SIZE", "CONTAINERS"}, rows));
  rows.clear();
  for (const auto& c : all) {
    auto s = runtime::state_of(ctx.settings(), ctrs, c);
    size_t volumes = std::count_if(c.config.mounts.begin(), c.config.mounts.end(), [](const auto& m) { return m.type == "volume"; });
    std::string cmd;
    for (const auto& w : c.config.command) cmd += (cmd.empty() ? "" : " ") + w;
    rows.push_back({c.config.id.substr(0, 12), c.config.image_id.substr(0, 12), cmd, std::to_string(volumes),
                    go_size(runtime::rw_size(images, ctrs, c.config)), since(c.config.created), s.status, c.config.name});
  }
  fmt::print("\nContainers space usage:\n\n{}", render_table({"CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE",
                                                                "CREATED", "STATUS", "NAMES"}, rows));
  rows.clear();
  auto volumes = monitor::volume_store(ctx.settings());
  store::VolumeUse use = store::volume_use(ctrs);
  for (const auto& v : volumes.list()) {
    auto users = use.find(v.name);
    rows.push_back({v.name, std::to_string(users == use.end() ? 0 : users->second.size()),
                    go_size(base::tree_size(volumes.mountpoint(v.name)))});
  }
  fmt::print("\nLocal Volumes space usage:\n\n{}", render_table({"VOLUME NAME", "LINKS", "SIZE"}, rows));
}

}  // namespace

int system_df_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("system df"), "Show warren disk usage", "[options]");
  opts.add()("format", "Pretty-print images using a Go template", cxxopts::value<std::string>(), "string")
      ("v,verbose", "Show detailed information on disk usage");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (!format.empty()) check_format(format);
  auto rows = usage(ctx);
  if (r->count("verbose")) {
    print_verbose(ctx);
    return 0;
  }
  Value::Array values;
  std::vector<Row> table;
  for (const auto& u : rows) {
    Value v;
    v.set("Type", u.type).set("Total", u.total).set("Active", u.active).set("RawSize", static_cast<int64_t>(u.size))
        .set("RawReclaimable", static_cast<int64_t>(u.reclaimable)).set("Size", go_size(u.size))
        .set("Reclaimable", reclaimable(u.reclaimable, u.size));
    values.push_back(v);
    table.push_back({u.type, std::to_string(u.total), std::to_string(u.active), go_size(u.size), reclaimable(u.reclaimable, u.size)});
  }
  if (is_json_format(format)) {
    fmt::print("{}\n", to_json(Value(values)));
  } else if (!format.empty()) {
    Report report(format);
    for (const auto& v : values) report.add(v);
    fmt::print("{}", report.text());
  } else {
    fmt::print("{}", render_table({"TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"}, table));
  }
  return 0;
}

int system_prune_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("system prune"), "Remove unused data", "[options]");
  opts.add()("a,all", "Remove all unused data")
      ("f,force", "Do not prompt for confirmation.  The default is false")
      ("volumes", "Prune volumes")
      ("filter", "Provide filter values (e.g. 'label=<key>=<value>')", cxxopts::value<std::string>(), "stringArray");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  bool all = r->count("all") > 0, volumes = r->count("volumes") > 0;
  auto filters = all_values(*r, "filter");
  std::vector<std::string> labels;
  for (const auto& f : filters) {
    if (!f.starts_with("label=")) throw base::error("invalid filter \"{}\"", f);
    labels.push_back(f.substr(6));
  }
  if (!r->count("force")) {
    std::string warning = "WARNING! This command removes:\n\t- all stopped containers\n\t- all networks not used by at least one container\n";
    if (volumes) warning += "\t- all volumes not used by at least one container\n";
    warning += all ? "\t- all images without at least one container associated with them\n\t- all build cache\n"
                   : "\t- all dangling images\n\t- all dangling build cache\n";
    if (!confirmed(warning)) return 0;
  }
  uint64_t reclaimed = 0;
  auto section = [&](const char* title, const std::vector<Pruned>& items) {
    if (items.empty()) return;
    fmt::print("{}\n", title);
    for (const auto& i : items) {
      fmt::print("{}\n", i.name);
      reclaimed += i.size;
    }
  };
  section("Deleted Pods", prune_pods(ctx));
  section("Deleted Containers", prune_containers(ctx, PsFilter(filters)));
  section("Deleted Networks", prune_networks(ctx, labels));
  if (volumes) section("Deleted Volumes", prune_volumes(ctx, filters));
  section("Deleted Images", prune_images(ctx, all));
  fmt::print("Total reclaimed space: {}\n", go_size(reclaimed));
  return 0;
}

int system_reset_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("system reset"), "Reset warren storage", "[options]");
  opts.add()("f,force", "Do not prompt for confirmation");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto paths = ctx.paths();
  if (!r->count("force")) {
    std::string warning = fmt::format(
        "WARNING! This will remove:\n        - all containers\n        - all pods\n        - all images\n"
        "        - all networks\n        - all build cache\n        - all machines\n        - all volumes\n"
        "        - the graphRoot directory: \"{}\"\n        - the runRoot directory: \"{}\"",
        paths.root, paths.runroot);
    if (!confirmed(warning)) return 0;
  }
  auto ctrs = containers(ctx);
  for (const auto& p : pods(ctx).list()) runtime::remove_pod(ctx.settings(), p, true, 0);
  for (const auto& c : ctrs.list()) runtime::remove_container(ctx.settings(), ctrs, c.config.id, 0);
  auto nets = networks(ctx);
  for (const auto& n : nets.list()) {
    if (n.name != nets.default_name()) runtime::remove_network(ctx.settings(), nets, n);
  }
  auto vols = monitor::volume_store(ctx.settings());
  for (const auto& v : vols.list()) vols.remove(v.name);
  image::ImageStore images(paths.root, !paths.rootless);
  for (const auto& i : images.list()) images.remove(i.id, true);
  // What is left is warren's own state: the store's directories go too.
  runtime::release_run_mounts(ctx.settings());
  base::remove_tree(paths.root);
  base::remove_tree(paths.runroot);
  return 0;
}

}  // namespace cli
