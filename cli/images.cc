// SPDX-License-Identifier: GPL-2.0-or-later
// cli/images.cc: import, load, images, tag, rmi and inspect (images).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/fd.h"
#include "cli/commands.h"
#include "cli/image_filter.h"
#include "cli/output.h"
#include "cli/report.h"
#include "cli/table.h"
#include "cli/template.h"
#include "image/image_save.h"
#include "image/image_store.h"
#include "runtime/containers.h"
#include "store/container_store.h"

namespace cli {

namespace {

image::ImageStore store(Context& ctx) { return image::ImageStore(ctx.paths().root, !ctx.paths().rootless); }

std::vector<std::string> positional(const cxxopts::ParseResult& r) { return r.unmatched(); }

// As Podman words it, Go's lower-case errno text included.
void check_readable(const std::string& path) {
  if (path == "-" || ::access(path.c_str(), R_OK) == 0) return;
  std::string why = errno == ENOENT ? "no such file or directory" : errno == EACCES ? "permission denied" : std::strerror(errno);
  throw base::error("error opening \"{}\": open {}: {}", path, path, why);
}

std::string format_of(const cxxopts::ParseResult& r) {
  std::string f = r.count("format") ? r["format"].as<std::string>() : "";
  if (!f.empty()) check_format(f);
  return f;
}

// The manifest's digest when pulled; else the config's, as warren has no manifest.
std::string digest_of(const image::ImageRecord& img) { return img.digest.empty() ? "sha256:" + img.id : img.digest; }

// What some --format fields need beyond the image's record, read only
// when the format names them.
struct RowExtras {
  Value labels = Value::map();
  int64_t containers = 0;
};

// One row of `images`, with the fields Podman's --format templates use.
Value image_row(const image::ImageRecord& img, const std::string& repo, const std::string& tag, bool full,
                const RowExtras& extras) {
  Value v;
  v.set("ID", full ? "sha256:" + img.id : img.id.substr(0, 12))
      .set("Id", img.id)
      .set("Repository", repo)
      .set("Tag", tag)
      .set("Digest", digest_of(img))
      .set("Created", human_age(img.created))
      .set("CreatedAt", Value::time(img.created))
      .set("CreatedSince", human_age(img.created))
      .set("CreatedTime", Value::time(img.created))
      .set("Size", human_size(img.size))
      .set("VirtualSize", static_cast<int64_t>(img.size))
      .set("SharedSize", 0)
      .set("ReadOnly", false)
      .set("Labels", extras.labels)
      .set("Containers", extras.containers)
      .set("Dangling", img.names.empty())
      .set("Names", Value::strings(img.names));
  return v;
}

Value image_value(image::ImageStore& s, const image::ImageRecord& img) {
  image::ImageConfig c = s.config(img.id);
  Value config;
  if (!c.user.empty()) config.set("User", c.user);
  if (!c.exposed_ports.empty()) {
    Value ports = Value::map();
    for (const auto& p : c.exposed_ports) ports.set(p, Value::Object{});
    config.set("ExposedPorts", ports);
  }
  config.set("Env", Value::strings(c.env));
  if (!c.entrypoint.empty()) config.set("Entrypoint", Value::strings(c.entrypoint));
  if (!c.cmd.empty()) config.set("Cmd", Value::strings(c.cmd));
  if (!c.working_dir.empty()) config.set("WorkingDir", c.working_dir);
  Value labels = Value::map();
  for (const auto& [k, v] : c.labels) labels.set(k, v);
  config.set("Labels", labels);
  Value::Array history;
  std::string comment;
  for (const auto& h : c.history) {
    Value e;
    e.set("created", h.created);
    if (!h.created_by.empty()) e.set("created_by", h.created_by);
    if (!h.comment.empty()) e.set("comment", h.comment);
    if (h.empty_layer) e.set("empty_layer", true);
    history.push_back(e);
    if (!h.comment.empty()) comment = h.comment;
  }
  Value rootfs;
  rootfs.set("Type", "layers").set("Layers", Value::strings(c.diff_ids));
  Value v;
  v.set("Id", img.id)
      .set("Digest", digest_of(img))
      .set("RepoTags", Value::strings(img.names))
      .set("RepoDigests", Value::strings(img.repo_digests))
      .set("Parent", "")
      .set("Comment", comment)
      .set("Created", Value::time(img.created))
      .set("Config", config)
      .set("Version", "")
      .set("Author", c.author)
      .set("Architecture", c.architecture)
      .set("Os", c.os)
      .set("Size", static_cast<int64_t>(img.size))
      .set("VirtualSize", static_cast<int64_t>(img.size))
      .set("RootFS", rootfs)
      .set("Labels", labels)
      .set("User", c.user)
      .set("History", Value(history));
  return v;
}

}  // namespace

int import_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("import"), "Import a tarball to create a filesystem image", "[options] PATH [REFERENCE]");
  opts.add()("c,change", "Apply the following possible instructions to the created image (default []): CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | USER | WORKDIR",
             cxxopts::value<std::string>(), "stringArray")
      ("m,message", "Set commit message for imported image", cxxopts::value<std::string>(), "string")
      ("q,quiet", "Suppress output");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto pos = positional(*r);
  if (pos.empty()) throw base::error("need to give the path to the tarball, or must specify a tarball of '-' for stdin");
  if (pos.size() > 2) throw base::error("too many arguments. Usage:\n  warren import [options] PATH [REFERENCE]");
  std::optional<image::ImageRef> name;
  if (pos.size() == 2) {
    try {
      name = image::parse_image_ref(pos[1]);
    } catch (const base::Error&) {
      throw base::error("normalizing name \"{}\": invalid reference format", pos[1]);
    }
  }
  check_readable(pos[0]);
  std::vector<std::string> changes = all_values(*r, "change");
  std::string message = r->count("message") ? (*r)["message"].as<std::string>() : "";
  auto s = store(ctx);
  fmt::print("sha256:{}\n", s.import(pos[0], name, changes, message));
  return 0;
}

int load_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("load"), "Load image(s) from a tar archive", "[options]");
  opts.add()("i,input", "Read from specified archive file (default: stdin)", cxxopts::value<std::string>(), "string")
      ("q,quiet", "Suppress the output");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (!positional(*r).empty()) throw base::error("`warren load` takes no arguments; use -i ARCHIVE");
  std::string input = r->count("input") ? (*r)["input"].as<std::string>() : "-";
  check_readable(input);
  if (input == "-" && ::isatty(STDIN_FILENO)) {
    throw base::error("cannot read from terminal, use command-line redirection or the --input flag");
  }
  auto s = store(ctx);
  for (const auto& n : s.load(input)) {
    if (!r->count("quiet")) fmt::print("Loaded image: {}\n", n);
  }
  return 0;
}

// Podman's images JSON: one object per image.
Value image_json(image::ImageStore& s, const image::ImageRecord& img, int64_t containers) {
  Value labels = Value::map();
  for (const auto& [k, v] : s.config(img.id).labels) labels.set(k, v);
  int64_t created = base::parse_rfc3339(img.created).value_or(0) / 1000000000;
  Value v;
  v.set("Id", img.id).set("ParentId", "").set("RepoTags", Value()).set("RepoDigests", Value::strings(img.repo_digests))
      .set("Size", static_cast<int64_t>(img.size)).set("SharedSize", 0).set("VirtualSize", static_cast<int64_t>(img.size))
      .set("Labels", labels).set("Containers", containers).set("Names", Value::strings(img.names))
      .set("Digest", digest_of(img)).set("History", Value::strings(img.names)).set("Created", created)
      .set("CreatedAt", Value::time(img.created));
  return v;
}

struct Line {
  const image::ImageRecord* img;
  std::string repo, tag;
  size_t index = 0;  // into the images listed, until img is set
};

// --sort: created (newest first, Podman's default), id, repository, size, tag.
void sort_lines(std::vector<Line>& lines, const std::string& key) {
  auto by = [&](auto field) {
    std::stable_sort(lines.begin(), lines.end(), [&](const Line& a, const Line& b) { return field(a) < field(b); });
  };
  if (key == "created") {
    std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.img->created > b.img->created; });
  }
  else if (key == "id") by([](const Line& l) { return l.img->id; });
  else if (key == "repository") by([](const Line& l) { return l.repo; });
  else if (key == "size") by([](const Line& l) { return l.img->size; });
  else if (key == "tag") by([](const Line& l) { return l.tag; });
  else throw base::error("\"{}\" is not a valid --sort choice: use created, id, repository, size or tag", key);
}

int images_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("images"), "List images in local storage", "[options] [IMAGE]");
  opts.add()("a,all", "Show all images (default hides intermediate images)")
      ("q,quiet", "Display only image IDs")
      ("n,noheading", "Do not print column headings")
      ("no-trunc", "Do not truncate output")
      ("digests", "Show digests")
      ("f,filter", "Filter output based on conditions provided", cxxopts::value<std::string>(), "stringArray")
      ("sort", "Sort by created, id, repository, size, tag", cxxopts::value<std::string>()->default_value("created"), "string")
      ("format", "Change the output format to JSON or a Go template", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto s = store(ctx);
  ImageFilter filter(all_values(*r, "filter"), s);
  auto wanted = positional(*r);
  std::vector<image::ImageRecord> all;
  std::vector<Line> lines;
  for (auto& img : s.list()) {
    if (!filter.matches(img)) continue;
    bool any = false;
    for (const auto& n : img.names) {
      // images REPO: each of its tags (or the name given); an id prefix lists them all.
      if (!wanted.empty() && !lists_name(wanted[0], n) && !img.id.starts_with(wanted[0])) continue;
      auto colon = n.rfind(':');
      lines.push_back({nullptr, n.substr(0, colon), n.substr(colon + 1), all.size()});
      any = true;
    }
    if (img.names.empty() && (wanted.empty() || img.id.starts_with(wanted[0]))) {
      lines.push_back({nullptr, "<none>", "<none>", all.size()});
      any = true;
    }
    if (any) all.push_back(std::move(img));
  }
  for (auto& l : lines) l.img = &all[l.index];  // `all` holds still from here
  sort_lines(lines, (*r)["sort"].as<std::string>());
  bool full = r->count("no-trunc") > 0;
  std::string format = format_of(*r);
  if (is_json_format(format)) {
    auto ctrs = containers(ctx).list();
    Value::Array arr;
    for (const auto& img : all) {
      auto users = std::count_if(ctrs.begin(), ctrs.end(), [&](const store::Container& c) { return c.config.image_id == img.id; });
      arr.push_back(image_json(s, img, users));
    }
    fmt::print("{}\n", to_json(Value(arr)));
    return 0;
  }
  if (r->count("quiet")) {
    std::vector<std::string> seen;
    for (const auto& l : lines) {
      if (std::find(seen.begin(), seen.end(), l.img->id) != seen.end()) continue;
      seen.push_back(l.img->id);
      fmt::print("{}\n", full ? "sha256:" + l.img->id : l.img->id.substr(0, 12));
    }
    return 0;
  }
  if (!Report::is_default(format)) {
    Report report(format, {{"ID", "IMAGE ID"}, {"ReadOnly", "R/O"}});
    std::vector<store::Container> ctrs;
    if (format.find(".Containers") != std::string::npos) ctrs = containers(ctx).list();
    for (const auto& l : lines) {
      RowExtras extras;
      if (format.find(".Labels") != std::string::npos) {
        for (const auto& [k, val] : s.config(l.img->id).labels) extras.labels.set(k, val);
      }
      extras.containers = std::count_if(ctrs.begin(), ctrs.end(), [&](const store::Container& c) { return c.config.image_id == l.img->id; });
      report.add(image_row(*l.img, l.repo, l.tag, full, extras));
    }
    fmt::print("{}", report.text(r->count("noheading") > 0));
    return 0;
  }
  bool digests = r->count("digests") > 0;
  std::vector<Row> rows;
  for (const auto& l : lines) {
    rows.push_back({l.repo, l.tag, full ? "sha256:" + l.img->id : l.img->id.substr(0, 12), human_age(l.img->created),
                    human_size(l.img->size)});
    if (digests) rows.back().insert(rows.back().begin() + 2, digest_of(*l.img));
  }
  Row header = r->count("noheading") ? Row{} : Row{"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"};
  if (digests && !header.empty()) header.insert(header.begin() + 2, "DIGEST");
  fmt::print("{}", render_table(header, rows));
  return 0;
}

int tag_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("tag"), "Add an additional name to a local image", "IMAGE TARGET_NAME [TARGET_NAME...]");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto pos = positional(*r);
  if (pos.size() < 2) throw base::error("image name and at least one new name must be specified");
  auto s = store(ctx);
  std::string id = s.get(pos[0]).id;
  for (size_t i = 1; i < pos.size(); ++i) {
    auto ref = image::parse_image_ref(pos[i]);
    s.tag(pos[0], ref);
    record_event(ctx, "image", "tag", ref.str(), id);
  }
  return 0;
}

int rmi_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("rmi"), "Remove one or more images from local storage", "[options] IMAGE [IMAGE...]");
  opts.add()("f,force", "Force Removal of the image")("a,all", "Remove all images")
      ("i,ignore", "Ignore errors if a specified image does not exist");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto s = store(ctx);
  auto targets = positional(*r);
  if (r->count("all")) {
    for (const auto& img : s.list()) targets.push_back(img.id);
  } else if (targets.empty()) {
    throw base::error("image name or ID must be specified");
  }
  bool force = r->count("force") > 0;
  std::optional<store::ContainerStore> ctrs;
  std::vector<std::string> errors;
  int code = 0;
  for (const auto& t : targets) {
    auto img = s.find(t);
    if (!img) {
      // Podman: a missing image is an error (exit 1) unless forced or ignored.
      if (!force && !r->count("ignore")) errors.push_back(fmt::format("{}: image not known", t)), code = std::max(code, 1);
      continue;
    }
    auto name = image::matching_name(*img, t);
    bool deletes = !(name && !name->empty() && img->names.size() > 1);
    if (deletes) {
      // An image a container is made from stays, or goes with the containers (-f).
      if (!ctrs) ctrs = containers(ctx);
      std::vector<std::string> users;
      for (const auto& c : ctrs->list()) {
        if (c.config.image_id == img->id) users.push_back(c.config.id);
      }
      if (!users.empty() && !force) {
        errors.push_back(fmt::format("image used by {}: image is in use by a container: consider listing external "
                                     "containers and force-removing image", users.front()));
        code = 2;
        continue;
      }
      for (const auto& id : users) runtime::remove_container(ctx.settings(), *ctrs, id, 0);
    }
    auto removal = s.remove(t, force || r->count("all"));
    for (const auto& u : removal.untagged) {
      record_event(ctx, "image", "untag", u, img->id);
      fmt::print("Untagged: {}\n", u);
    }
    if (removal.deleted) {
      record_event(ctx, "image", "remove", t, img->id);
      fmt::print("Deleted: {}\n", *removal.deleted);
    }
  }
  if (!errors.empty()) throw ExitError(code, errors_occurred(errors));
  return 0;
}

std::optional<Value> image_inspect_value(Context& ctx, const std::string& name) {
  auto s = store(ctx);
  auto img = s.find(name);
  if (!img) return std::nullopt;
  return image_value(s, *img);
}

}  // namespace cli

namespace cli {

namespace {

// The images some container was made from: not prunable.
std::vector<std::string> images_in_use(Context& ctx) {
  store::ContainerStore ctrs(ctx.paths().root, ctx.paths().runroot);
  std::vector<std::string> out;
  for (const auto& c : ctrs.list()) out.push_back(c.config.image_id);
  return out;
}

}  // namespace

int image_exists_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("image exists"), "Check if an image exists in local storage", "IMAGE");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() != 1) throw base::error("accepts 1 arg(s), received {}", r->unmatched().size());
  return store(ctx).find(r->unmatched().front()) ? 0 : 1;
}

int untag_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("untag"), "Remove a name from a local image", "IMAGE [IMAGE...]");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto pos = positional(*r);
  if (pos.empty()) throw base::error("requires at least 1 arg(s), only received 0");
  auto s = store(ctx);
  image::ImageRecord before = s.get(pos[0]);
  s.untag(pos[0], {pos.begin() + 1, pos.end()});
  auto after = s.find(before.id);
  for (const auto& n : before.names) {
    if (!after || std::find(after->names.begin(), after->names.end(), n) == after->names.end()) {
      record_event(ctx, "image", "untag", n, before.id);
    }
  }
  return 0;
}

int image_history_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("image history"), "Show history of a specified image", "[options] IMAGE");
  opts.add()("format", "Change the output to JSON or a Go template", cxxopts::value<std::string>(), "string")
      ("H,human", "Display sizes and dates in human readable format", cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("no-trunc", "Do not truncate the output")
      ("q,quiet", "Display the numeric IDs only");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto pos = positional(*r);
  if (pos.size() != 1) throw base::error("accepts 1 arg(s), received {}", pos.size());
  auto s = store(ctx);
  image::ImageRecord img = s.get(pos[0]);
  image::ImageConfig c = s.config(img.id);
  bool full = r->count("no-trunc") > 0, human = (*r)["human"].as<bool>();
  // Sizes go to the entries that made a layer, oldest first.
  std::vector<uint64_t> sizes(c.history.size(), 0), layers = img.layer_sizes;
  if (layers.empty() && c.diff_ids.size() == 1) layers = {img.size};  // stored before sizes were kept
  for (size_t i = 0, layer = 0; i < c.history.size(); ++i) {
    if (!c.history[i].empty_layer && layer < layers.size()) sizes[i] = layers[layer++];
  }
  std::vector<Value> rows;
  std::vector<Row> table;
  for (size_t k = c.history.size(); k-- > 0;) {
    const auto& h = c.history[k];
    std::string id = k + 1 == c.history.size() ? (full ? img.id : img.id.substr(0, 12)) : "<missing>";
    std::string by = h.created_by;
    if (!full && by.size() > 45) by = by.substr(0, 42) + "...";  // 45 wide, as Podman
    Value v;
    v.set("ID", id).set("Created", human ? human_age(h.created) : h.created).set("CreatedAt", h.created)
        .set("CreatedBy", by).set("Size", human ? human_size(sizes[k]) : std::to_string(sizes[k]))
        .set("Comment", h.comment).set("Tags", Value::strings(k + 1 == c.history.size() ? img.names : std::vector<std::string>{}));
    rows.push_back(v);
    table.push_back({id, human ? human_age(h.created) : h.created, by, human ? human_size(sizes[k]) : std::to_string(sizes[k]),
                     h.comment});
  }
  if (r->count("quiet")) {
    for (const auto& row : table) fmt::print("{}\n", row[0]);
    return 0;
  }
  std::string format = format_of(*r);
  if (is_json_format(format)) {
    fmt::print("{}\n", to_json(Value(Value::Array(rows.begin(), rows.end()))));
    return 0;
  }
  if (!format.empty()) {
    for (const auto& v : rows) fmt::print("{}", render_format(format, v));
    return 0;
  }
  fmt::print("{}", render_table({"ID", "CREATED", "CREATED BY", "SIZE", "COMMENT"}, table));
  return 0;
}

int image_prune_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("image prune"), "Remove unused images", "[options]");
  opts.add()("a,all", "Remove all images not in use by containers, not just dangling ones")
      ("f,force", "Do not prompt for confirmation");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (!positional(*r).empty()) throw base::error("`{}` takes no arguments", opts.name());
  bool all = r->count("all") > 0;
  if (!r->count("force") && !confirmed(all ? "WARNING! This command removes all images without at least one container associated with them."
                                            : "WARNING! This command removes all dangling images.")) {
    return 0;
  }
  for (const auto& img : prune_images(ctx, all)) fmt::print("{}\n", img.name);
  return 0;
}

std::vector<Pruned> prune_images(Context& ctx, bool all) {
  auto s = store(ctx);
  auto used = images_in_use(ctx);
  std::vector<Pruned> out;
  for (const auto& img : s.list()) {
    if (std::find(used.begin(), used.end(), img.id) != used.end()) continue;
    if (!all && !img.names.empty()) continue;
    s.remove(img.id, true);
    out.push_back({img.id, img.size});
  }
  return out;
}

}  // namespace cli

namespace cli {

int save_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("save"), "Save image(s) to an archive", "[options] IMAGE [IMAGE...]");
  opts.add()("compress", "Compress tarball image layers when saving to a directory using the 'dir' transport. (default is same compression type as source)")
      ("format", "Save image to oci-archive, oci-dir (directory with oci manifest type), docker-archive, docker-dir (directory with v2s2 manifest type)",
       cxxopts::value<std::string>()->default_value("docker-archive"), "string")
      ("m,multi-image-archive", "Interpret additional arguments as images not tags and create a multi-image-archive (only for docker-archive)")
      ("o,output", "Write to a specified file (default: stdout, which must be redirected)", cxxopts::value<std::string>(), "string")
      ("q,quiet", "Suppress the output")
      ("uncompressed", "Accept uncompressed layers when copying OCI images");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto pos = positional(*r);
  if (pos.empty()) throw base::error("need at least 1 argument");
  std::string f = (*r)["format"].as<std::string>();
  image::SaveFormat format;
  if (f == "docker-archive") format = image::SaveFormat::docker_archive;
  else if (f == "oci-archive") format = image::SaveFormat::oci_archive;
  else if (f == "oci-dir") format = image::SaveFormat::oci_dir;
  else if (f == "docker-dir") throw base::error("format \"docker-dir\" is not supported by warren: use oci-dir");
  else throw base::error("unknown format option \"{}\"", f);
  bool multi = r->count("multi-image-archive") > 0;
  if (multi && format != image::SaveFormat::docker_archive) {
    throw base::error("--multi-image-archive can only be used with the docker-archive format");
  }
  std::string output = r->count("output") ? (*r)["output"].as<std::string>() : "";
  if (format == image::SaveFormat::oci_dir && output.empty()) throw base::error("--output is required for the oci-dir format");
  if (output.empty() && ::isatty(STDOUT_FILENO)) throw base::error("refusing to save to terminal. Use -o flag or redirect");
  auto s = store(ctx);
  // The name a user gave (as stored), or none when given by id.
  auto item = [&](const std::string& name) {
    image::ImageRecord img = s.get(name);
    image::SaveItem it{img, {}};
    if (auto n = image::matching_name(img, name); n && !n->empty()) it.names.push_back(*n);
    return it;
  };
  std::vector<image::SaveItem> items;
  if (multi) {
    for (const auto& p : pos) items.push_back(item(p));
  } else {
    items.push_back(item(pos[0]));
    for (size_t i = 1; i < pos.size(); ++i) items[0].names.push_back(image::parse_image_ref(pos[i]).str());
  }
  base::UniqueFd out;
  if (format != image::SaveFormat::oci_dir && !output.empty()) {
    out.reset(::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!out) throw base::sys_error(errno, "open {}", output);
  }
  bool quiet = r->count("quiet") > 0;
  image::save_images(s, items, format, out ? out.get() : STDOUT_FILENO, output, [&](const std::string& line) {
    if (!quiet) fmt::print(stderr, "{}\n", line);
  });
  if (!quiet) fmt::print(stderr, "Storing signatures\n");
  return 0;
}

}  // namespace cli
