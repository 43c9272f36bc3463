// SPDX-License-Identifier: GPL-2.0-or-later
// cli/commit.cc: commit (a container's changes as a new image) and export
// (a container's filesystem as a tarball). Both read the container's
// overlay dirs (or a vfs container's copy); as a regular user, as root of
// a user namespace with the user's maps, since the container's other
// users own some of the files.
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/scope.h"
#include "cli/commands.h"
#include "image/image_commit.h"
#include "image/image_store.h"
#include "image/tar_writer.h"

namespace cli {

namespace {

base::UniqueFd open_dir(const std::string& path) {
  base::UniqueFd fd{::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (!fd && errno != ENOENT) throw base::sys_error(errno, "open {}", path);
  return fd;
}

}  // namespace

int commit_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("commit"), "Create new image based on the changed container", "[options] CONTAINER [IMAGE]");
  opts.add()("a,author", "Set the author for the image committed", cxxopts::value<std::string>(), "string")
      ("c,change", "Apply the following possible instructions to the created image (default []): CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | ONBUILD | STOPSIGNAL | USER | VOLUME | WORKDIR",
       cxxopts::value<std::string>(), "stringArray")
      ("f,format", "Format of the image manifest and metadata (default \"oci\")", cxxopts::value<std::string>(), "Format")
      ("iidfile", "file to write the image ID to", cxxopts::value<std::string>(), "file")
      ("m,message", "Set commit message for imported image", cxxopts::value<std::string>(), "string")
      ("p,pause", "Pause container during commit")
      ("q,quiet", "Suppress output");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto pos = r->unmatched();
  if (pos.empty() || pos.size() > 2) throw base::error("accepts between 1 and 2 arg(s), received {}", pos.size());
  if (r->count("format") && (*r)["format"].as<std::string>() != "oci" && (*r)["format"].as<std::string>() != "docker") {
    throw base::error("unrecognized image type \"{}\"", (*r)["format"].as<std::string>());
  }
  auto ctrs = containers(ctx);
  store::Container c = ctrs.get(pos[0]);
  image::CommitOptions o;
  o.changes = all_values(*r, "change");
  if (r->count("message")) o.message = (*r)["message"].as<std::string>();
  if (r->count("author")) o.author = (*r)["author"].as<std::string>();
  if (pos.size() == 2) o.name = image::parse_image_ref(pos[1]);
  image::ImageStore images(ctx.paths().root, !ctx.paths().rootless);
  // The changes as a tar in the store's own staging area (the disk that holds images).
  std::string staging = images.staging_dir();
  auto rm = base::defer([&] { base::remove_tree(staging); });
  std::string path = staging + "/changes.tar";
  base::UniqueFd tar{::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
  if (!tar) throw base::sys_error(errno, "create {}", path);
  const std::string upper = ctrs.dir(c.config.id) + "/upper";
  runtime::as_owner(ctx.settings(), [&] {
    if (c.config.storage_driver == "vfs") return runtime::write_vfs_layer(images, ctrs, c.config, tar.get());
    base::UniqueFd up = open_dir(upper);
    if (!up) {
      // Never started: no changes, an empty layer (not the staging dir, which holds the tar itself).
      base::ensure_dir(staging + "/empty", 0755);
      up = open_dir(staging + "/empty");
    }
    image::write_overlay_tar(up.get(), -1, tar.get(), "the changes of " + c.config.name, runtime::image_owners(c.config));
  });
  if (::lseek(tar.get(), 0, SEEK_SET) < 0) throw base::sys_error(errno, "rewind {}", path);
  bool quiet = r->count("quiet") > 0;
  if (!quiet) fmt::print(stderr, "Getting image source signatures\n");
  std::string id = image::commit_image(images, c.config.image_id, tar.get(), o);
  if (!quiet) fmt::print(stderr, "Copying config sha256:{}\nWriting manifest to image destination\nStoring signatures\n", id);
  if (r->count("iidfile")) base::write_file_atomic((*r)["iidfile"].as<std::string>(), "sha256:" + id, 0644);
  fmt::print("{}\n", id);
  return 0;
}

int export_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("export"), "Export container's filesystem contents as a tar archive", "[options] CONTAINER");
  opts.add()("o,output", "Write to a specified file (default: stdout, which must be redirected)", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto pos = r->unmatched();
  if (pos.size() != 1) throw base::error("accepts 1 arg(s), received {}", pos.size());
  std::string output = r->count("output") ? (*r)["output"].as<std::string>() : "";
  if (output.empty() && ::isatty(STDOUT_FILENO)) throw base::error("refusing to export to terminal. Use -o flag or redirect");
  auto ctrs = containers(ctx);
  store::Container c = ctrs.get(pos[0]);
  image::ImageStore images(ctx.paths().root, !ctx.paths().rootless);
  base::UniqueFd out;
  if (!output.empty()) {
    out.reset(::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!out) throw base::sys_error(errno, "open {}", output);
  }
  const std::string upper = ctrs.dir(c.config.id) + "/upper", lower = runtime::root_lower(images, ctrs, c.config);
  runtime::as_owner(ctx.settings(), [&] {
    base::UniqueFd up = open_dir(upper), low = open_dir(lower);
    if (!low) throw base::error("the image of container {} is gone", c.config.name);
    // Never started: the image's files alone.
    if (!up) return image::write_tree_tar(low.get(), out ? out.get() : STDOUT_FILENO, "export");
    image::write_overlay_tar(up.get(), low.get(), out ? out.get() : STDOUT_FILENO, "export", runtime::image_owners(c.config));
  });
  return 0;
}

}  // namespace cli
