// SPDX-License-Identifier: GPL-2.0-or-later
// cli/run_volumes.cc: run and create's -v, --mount, --tmpfs,
// --volumes-from, --read-only and --image-volume, and the image's
// VOLUMEs, made into the container's mounts; named volumes are created on
// first use, anonymous ones for this container.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/scope.h"
#include "cli/commands.h"
#include "image/image_store.h"
#include "monitor/volumes.h"
#include "store/volume_store.h"

namespace cli {

void add_volume_options(Options& opts) {
  opts.add()
      ("v,volume", "Bind mount a volume into the container", cxxopts::value<std::string>(), "stringArray")
      ("mount", "Attach a filesystem mount to the container", cxxopts::value<std::string>(), "stringArray")
      ("tmpfs", "Mount a temporary filesystem (tmpfs) into a container", cxxopts::value<std::string>(), "tmpfs")
      ("volumes-from", "Mount volumes from the specified container(s)", cxxopts::value<std::string>(), "stringArray")
      ("read-only", "Make containers root filesystem read-only")
      ("read-only-tmpfs", "When running containers in read-only mode mount a read-write tmpfs on /run, /tmp and /var/tmp",
       cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("image-volume", "Tells warren how to handle the builtin image volumes (\"bind\"|\"tmpfs\"|\"ignore\")",
       cxxopts::value<std::string>()->default_value("bind"), "string");
}

namespace {

// --volumes-from CTR[:ro|rw]: its volumes and binds, read-only or not as
// asked, else as they are there.
std::vector<store::Mount> volumes_from(Context& ctx, const std::string& spec) {
  auto colon = spec.find(':');
  std::string name = spec.substr(0, colon), mode = colon == std::string::npos ? "" : spec.substr(colon + 1);
  if (!mode.empty() && mode != "ro" && mode != "rw" && mode != "z") {
    throw base::error("invalid options {}, can only specify 'ro', 'rw', and 'z'", mode);
  }
  std::vector<store::Mount> out;
  for (auto m : containers(ctx).get(name).config.mounts) {
    if (m.type == "tmpfs") continue;
    if (mode == "ro" || mode == "rw") {
      for (auto& o : m.options) {
        if (o == "ro" || o == "rw") o = mode;
      }
    }
    m.anonymous = false;  // theirs: never removed with this container
    out.push_back(m);
  }
  return out;
}

void check_bind_source(const store::Mount& m) {
  struct stat st;
  if (::stat(m.source.c_str(), &st) < 0) {
    throw base::error("statfs {}: {}", m.source, errno == ENOENT ? "no such file or directory" : std::strerror(errno));
  }
}

}  // namespace

void apply_volume_options(Context& ctx, const cxxopts::ParseResult& r, const image::ImageConfig& img, store::ContainerConfig& c,
                          std::vector<std::string>& made) {
  std::string cwd;
  std::vector<store::Mount> mounts;
  auto add = [&](store::Mount m) {
    for (const auto& have : mounts) {
      if (have.destination == m.destination) throw base::error("{}: duplicate mount destination", m.destination);
    }
    mounts.push_back(std::move(m));
  };
  for (const auto& v : all_values(r, "volume")) {
    if (cwd.empty()) cwd = base::working_dir();
    add(store::parse_volume_flag(v, cwd));
  }
  for (const auto& v : all_values(r, "mount")) {
    if (cwd.empty()) cwd = base::working_dir();
    add(store::parse_mount_flag(v, cwd));
  }
  for (const auto& v : all_values(r, "tmpfs")) add(store::parse_tmpfs_flag(v));
  for (const auto& from : all_values(r, "volumes-from")) {
    for (auto& m : volumes_from(ctx, from)) {
      // A destination given here wins over the other container's.
      if (std::none_of(mounts.begin(), mounts.end(), [&](const store::Mount& h) { return h.destination == m.destination; })) {
        mounts.push_back(std::move(m));
      }
    }
  }
  // (pod create has -v and --volumes-from only.)
  std::string image_volume = r.count("image-volume") ? r["image-volume"].as<std::string>() : "bind";
  if (image_volume != "bind" && image_volume != "tmpfs" && image_volume != "ignore") {
    throw base::error("invalid image volume mode \"{}\": must be one of bind, tmpfs or ignore", image_volume);
  }
  for (const auto& path : img.volumes) {
    if (image_volume == "ignore" || path.empty() || path[0] != '/') continue;
    if (std::any_of(mounts.begin(), mounts.end(), [&](const store::Mount& h) { return h.destination == path; })) continue;
    if (image_volume == "tmpfs") {
      mounts.push_back(store::parse_tmpfs_flag(path));
    } else {
      store::Mount m{"volume", "", path, {"rw", "rprivate", "nodev", "exec", "nosuid", "rbind"}, true};
      mounts.push_back(m);
    }
  }
  for (auto& m : mounts) {
    if (m.type == "bind") check_bind_source(m);
    if (m.type == "image") m.source = image::ImageStore(ctx.paths().root, !ctx.paths().rootless).get(m.source).id;
  }
  // Volumes: named ones made on first use, anonymous ones for this
  // container alone (removed again if the container is not made).
  store::VolumeStore volumes(ctx.paths().root);
  std::optional<base::FileLock> lock;
  for (auto& m : mounts) {
    if (m.type != "volume") continue;
    if (!lock) lock = volumes.lock();
    if (m.anonymous) {
      m.source = volumes.create({}).name;
      made.push_back(m.source);
      record_event(ctx, "volume", "create", m.source);
    } else if (!volumes.find(m.source)) {
      volumes.create(store::VolumeRecord{m.source});
      record_event(ctx, "volume", "create", m.source);
    }
  }
  c.mounts = std::move(mounts);
  c.read_only = r.count("read-only") > 0;
  c.read_only_tmpfs = r.count("read-only-tmpfs") ? r["read-only-tmpfs"].as<bool>() : true;
}

void add_pod_mounts(Context& ctx, const store::PodConfig& pod, store::ContainerConfig& c) {
  if (pod.infra_id.empty()) return;
  auto infra = containers(ctx).find(pod.infra_id);
  if (!infra) return;
  for (auto m : infra->config.mounts) {
    if (std::any_of(c.mounts.begin(), c.mounts.end(), [&](const store::Mount& h) { return h.destination == m.destination; })) continue;
    m.anonymous = false;  // the pod's: they go with the infra
    c.mounts.push_back(std::move(m));
  }
}

void remove_volumes(Context& ctx, const std::vector<std::string>& names) {
  if (names.empty()) return;
  store::VolumeStore volumes = monitor::volume_store(ctx.settings());
  base::FileLock lock = volumes.lock();
  for (const auto& n : names) {
    volumes.remove(n);
    record_event(ctx, "volume", "remove", n);
  }
}

}  // namespace cli
