// SPDX-License-Identifier: GPL-2.0-or-later
// cli/diff.cc: `diff` and `container diff`: what a container changed in
// its root, read from its overlay's upper directory: a whiteout is a
// deletion (D), anything the image also has is a change (C), the rest
// was added (A). The image is looked at inside its own root, never by
// following its symlinks out. A vfs container's copy is compared with its
// image (runtime/storage.h).
#include <ftw.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "base/root_dir.h"
#include "cli/commands.h"
#include "cli/template.h"
#include "image/image_store.h"
#include "image/vfs_tree.h"

namespace cli {

namespace {

using Change = image::TreeChange;  // 'A', 'C' or 'D', and the path

thread_local std::vector<std::pair<std::string, bool>>* walked = nullptr;  // path, whiteout
thread_local size_t walked_base = 0;

int visit(const char* path, const struct stat* st, int, struct FTW*) {
  std::string rel = path + walked_base;
  if (rel.empty()) return 0;  // the upper directory itself
  bool whiteout = S_ISCHR(st->st_mode) && st->st_rdev == makedev(0, 0);
  walked->emplace_back(rel, whiteout);
  return 0;
}

// What the runtime made for its own mounts is not the container's change
// (Podman's initInodes); the rest in path order.
std::vector<Change> shown(std::vector<Change> all) {
  static const char* const mounts[] = {"/dev", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/proc", "/run",
                                       "/run/notify", "/run/.containerenv", "/run/secrets", "/sys", "/etc/mtab"};
  std::erase_if(all, [](const Change& ch) {
    return std::any_of(std::begin(mounts), std::end(mounts), [&](const char* m) { return ch.path == m; });
  });
  std::sort(all.begin(), all.end(), [](const Change& a, const Change& b) { return a.path < b.path; });
  return all;
}

std::vector<Change> changes(const std::string& upper, const std::string& lower) {
  std::vector<std::pair<std::string, bool>> entries;
  walked = &entries;
  walked_base = upper.size();
  ::nftw(upper.c_str(), visit, 32, FTW_PHYS);
  walked = nullptr;
  std::optional<base::RootDir> image;
  if (!lower.empty()) image.emplace(lower);
  std::vector<Change> out;
  for (const auto& [rel, whiteout] : entries) out.push_back({whiteout ? 'D' : image && image->exists(rel.substr(1)) ? 'C' : 'A', rel});
  return shown(std::move(out));
}

}  // namespace

int diff_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("diff"), "Display the changes to the object's file system", "[options] CONTAINER");
  opts.add()("format", "Change the output format (json)", cxxopts::value<std::string>(), "string")
      ("l,latest", "Act on the latest container warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  auto names = named_or_latest(*r, store, "container must be specified: diff takes one container");
  if (names.size() != 1) throw base::error("diff takes one container, {} given", names.size());
  auto c = store.get(names.front());
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (!format.empty() && !is_json_format(format)) throw base::error("only json format is supported for diff");
  auto paths = ctx.paths();
  image::ImageStore images(paths.root, !paths.rootless);
  bool has_image = !c.config.image_id.empty() && images.find(c.config.image_id);
  std::string lower = has_image || !c.config.rootfs.empty() ? runtime::root_lower(images, store, c.config) : "";
  if (c.config.storage_driver == "vfs" && !has_image) throw base::error("the image of container {} is gone", c.config.name);
  auto list = c.config.storage_driver == "vfs" ? shown(runtime::vfs_changes(ctx.settings(), images, store, c.config))
                                               : changes(store.dir(c.config.id) + "/upper", lower);
  if (format.empty()) {
    for (const auto& ch : list) fmt::print("{} {}\n", ch.kind, ch.path);
    return 0;
  }
  // Podman's JSON: the paths under changed, added and deleted, each only when some are.
  Value v;
  for (auto [key, kind] : {std::pair{"changed", 'C'}, {"added", 'A'}, {"deleted", 'D'}}) {
    std::vector<std::string> paths_of;
    for (const auto& ch : list) {
      if (ch.kind == kind) paths_of.push_back(ch.path);
    }
    if (!paths_of.empty()) v.set(key, Value::strings(paths_of));
  }
  fmt::print("{}\n", to_json(v.as<Value::Object>() ? v : Value(Value::Object{}), 5));  // Podman 4.3 indents it by 5
  return 0;
}

}  // namespace cli
