// SPDX-License-Identifier: GPL-2.0-or-later
// cli/mount.cc: mount and unmount (umount), and their container group
// forms: a container's root filesystem on the host, for root
// (monitor/root_mount.h).
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "image/image_store.h"
#include "monitor/root_mount.h"
#include "runtime/containers.h"

namespace cli {

namespace {

void refuse_rootless(Context& ctx, const std::string& command) {
  if (!ctx.paths().rootless) return;
  // Podman's words, but warren has no `unshare`: a regular user's mount
  // would live in a user namespace that ends with the command.
  throw base::error("cannot run command \"warren {}\" in rootless mode: the mount would end with the command's own namespace", command);
}

// The named containers, or --all's, or --latest's: (container, as named).
std::vector<std::pair<store::Container, std::string>> chosen(const cxxopts::ParseResult& r, const store::ContainerStore& store) {
  std::vector<std::pair<store::Container, std::string>> out;
  if (r.count("all")) {
    if (!r.unmatched().empty()) throw base::error("--all and containers cannot be used together");
    for (const auto& c : store.list()) out.emplace_back(c, c.config.id);
    return out;
  }
  if (r.count("latest")) {
    auto newest = store.latest();
    if (!newest) throw base::error("no such container");
    out.emplace_back(*newest, newest->config.id);
    return out;
  }
  for (const auto& name : r.unmatched()) out.emplace_back(store.get(name), name);
  return out;
}

}  // namespace

int mount_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("mount"), "Mount a working container's root filesystem", "[options] [CONTAINER...]");
  opts.add()("a,all", "Mount all containers")
      ("format", "Print the mounted containers in specified format (json)", cxxopts::value<std::string>(), "string")
      ("l,latest", "Act on the latest container warren is aware of")
      ("no-trunc", "Do not truncate output");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  refuse_rootless(ctx, ctx.name_or("mount"));
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (!format.empty() && format != "json") throw base::error("unknown --format argument: \"{}\"", format);
  auto store = containers(ctx);
  if (!r->unmatched().empty() || r->count("all") || r->count("latest")) {
    image::ImageStore images(ctx.paths().root, true);
    for (const auto& [c, named] : chosen(*r, store)) {
      base::FileLock lock = store.lock(c.config.id);
      fmt::print("{}\n", monitor::mount_root(store, c.config, runtime::root_lower(images, store, c.config)));
    }
    return 0;
  }
  std::vector<std::string> ids = monitor::mounted_roots(store);
  std::sort(ids.begin(), ids.end());
  if (format == "json") {
    Value::Array items;
    for (const auto& id : ids) {
      auto c = store.get(id);
      items.push_back(Value(Value::Object{}).set("id", id).set("Names", Value::Array{Value(c.config.name)})
                          .set("mountpoint", monitor::root_mount_path(store, id)));
    }
    fmt::print("{}\n", to_json(Value(items), 1));
    return 0;
  }
  for (const auto& id : ids) {
    fmt::print("{}  {}\n", r->count("no-trunc") ? id : id.substr(0, 12), monitor::root_mount_path(store, id));
  }
  return 0;
}

int unmount_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("unmount"), "Unmount working container's root filesystem", "[options] CONTAINER [CONTAINER...]");
  opts.add()("a,all", "Unmount all of the currently mounted containers")
      ("f,force", "Force the complete unmount of the specified mounted containers")
      ("l,latest", "Act on the latest container warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  refuse_rootless(ctx, ctx.name_or("unmount"));
  if (r->unmatched().empty() && !r->count("all") && !r->count("latest")) {
    throw base::error("you must provide at least one name or id");
  }
  auto store = containers(ctx);
  bool force = r->count("force") > 0;
  for (const auto& [c, named] : chosen(*r, store)) {
    base::FileLock lock = store.lock(c.config.id);
    bool was = monitor::unmount_root(store, c.config.id, force);
    if (was || !r->count("all")) fmt::print("{}\n", named);
  }
  return 0;
}

}  // namespace cli
