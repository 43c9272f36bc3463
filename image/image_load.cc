// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_load.cc: `load`: docker-archive (manifest.json with
// Config, RepoTags, Layers) and OCI image layouts (index.json, manifests
// and blobs under blobs/sha256), as `docker save` and `podman save` write
// them; members read inside the archive, regular files only, and every
// blob checked against its digest; layers applied in order, whiteouts
// included.
#include <rapidjson/document.h>

#include <optional>

#include "base/digest.h"
#include "base/error.h"
#include "base/root_dir.h"
#include "base/json_fields.h"
#include "base/file.h"
#include "base/log.h"
#include "base/scope.h"
#include "image/image_store.h"
#include "image/layer.h"

namespace image {

namespace {

// What a manifest or a config may weigh (containers/image takes 4 MiB).
constexpr size_t kMaxJson = 4 << 20;

// A file of the archive: its path inside it and, for a blob, its digest.
struct Member {
  std::string path;
  std::string digest;  // "sha256:...", or empty: not a blob
};

struct Pending {
  Member config;
  std::vector<Member> layers;  // in order
  std::vector<std::string> names;
};

// A member's bytes, regular files only; symlinks are followed inside the
// archive, never out of it.
std::string read_member(const base::RootDir& root, const Member& m, const std::string& what) {
  auto text = root.read_regular(m.path, kMaxJson);
  if (!text) throw base::error("{} is missing", what);
  if (!m.digest.empty() && base::sha256_hex(*text) != m.digest.substr(7)) {
    throw base::error("{}: Digest did not match, expected {}, got sha256:{}", what, m.digest, base::sha256_hex(*text));
  }
  return *text;
}

rapidjson::Document read_json(const base::RootDir& root, const Member& m, const std::string& what) {
  rapidjson::Document d;
  d.Parse(read_member(root, m, what).c_str());
  if (d.HasParseError()) throw base::error("{} is not valid JSON", what);
  return d;
}

Member safe_path(const std::string& rel) {
  if (rel.empty() || rel[0] == '/' || rel.find("..") != std::string::npos) {
    throw base::error("archive names a file outside itself: \"{}\"", rel);
  }
  return {rel, ""};
}

Member blob(const rapidjson::Value& descriptor, const std::string& what) {
  std::string d = base::require_string(descriptor, "digest", what);
  if (!d.starts_with("sha256:") || d.size() != 71 || d.find_first_not_of("0123456789abcdef", 7) != std::string::npos) {
    throw base::error("unsupported digest {}", d);
  }
  return {"blobs/sha256/" + d.substr(7), d};
}

std::vector<Pending> docker_archive(const base::RootDir& root) {
  auto m = read_json(root, {"manifest.json", ""}, "manifest.json");
  if (!m.IsArray()) throw base::error("manifest.json is not a list");
  std::vector<Pending> out;
  for (const auto& e : m.GetArray()) {
    const std::string what = "an image of manifest.json";
    Pending p;
    p.config = safe_path(base::require_string(e, "Config", what));
    for (const auto& l : base::require_strings(e, "Layers", what)) p.layers.push_back(safe_path(l));
    if (e.HasMember("RepoTags") && !e["RepoTags"].IsNull()) {
      for (const auto& t : base::require_strings(e, "RepoTags", what)) {
        p.names.push_back(parse_image_ref(t, DefaultDomain::docker_io).str());
      }
    }
    out.push_back(p);
  }
  return out;
}

// The image's name from an index entry's annotations, if it gives one.
std::optional<std::string> ref_name(const rapidjson::Value& desc) {
  if (!desc.HasMember("annotations") || !desc["annotations"].IsObject()) return std::nullopt;
  const auto& a = desc["annotations"];
  auto m = a.FindMember("org.opencontainers.image.ref.name");
  if (m == a.MemberEnd() || !m->value.IsString()) return std::nullopt;
  std::string ref = m->value.GetString();
  // A bare tag names nothing by itself; a full reference names the image.
  if (ref.find('/') == std::string::npos && ref.find(':') == std::string::npos) return std::nullopt;
  return parse_image_ref(ref, DefaultDomain::docker_io).str();
}

std::vector<Pending> oci_layout(const base::RootDir& root) {
  auto index = read_json(root, {"index.json", ""}, "index.json");
  std::vector<Pending> out;
  for (const auto& desc : base::require_array(index, "manifests", "index.json")) {
    Member m = blob(desc, "an entry of index.json");
    auto manifest = read_json(root, m, "manifest " + m.digest);
    Pending p;
    p.config = blob(base::require_member(manifest, "config", "an OCI manifest"), "an OCI manifest's config");
    for (const auto& l : base::require_array(manifest, "layers", "an OCI manifest")) {
      p.layers.push_back(blob(l, "an OCI manifest's layer"));
    }
    if (auto name = ref_name(desc)) p.names.push_back(*name);
    out.push_back(p);
  }
  return out;
}

// Applies the image's layers onto `rootfs`, each checked against its
// digest (an OCI blob's) and against the config's diff_ids, so that the
// image id (the config's digest) stands for exactly this content.
uint64_t apply_layers(const base::RootDir& root, const Pending& p, const ImageConfig& cfg, const std::string& rootfs,
                      bool owners, const std::string& staging) {
  if (cfg.diff_ids.size() != p.layers.size()) {
    throw base::error("the image config lists {} layers, its manifest {}", cfg.diff_ids.size(), p.layers.size());
  }
  uint64_t size = 0;
  for (size_t i = 0; i < p.layers.size(); ++i) {
    const Member& l = p.layers[i];
    const std::string what = "layer " + l.path;
    auto fd = root.open_regular(l.path);
    if (!fd) throw base::error("{} is missing", what);
    if (!l.digest.empty()) {
      std::string got = digest_of(fd->get(), what);
      if (got != l.digest) throw base::error("{}: Digest did not match, expected {}, got {}", what, l.digest, got);
    }
    LayerInfo info = apply_layer(fd->get(), what, rootfs, owners, staging);
    if (info.diff_id != cfg.diff_ids[i]) {
      throw base::error("{}: Digest did not match, expected {}, got {}", what, cfg.diff_ids[i], info.diff_id);
    }
    size += info.size;
  }
  return size;
}

}  // namespace

std::vector<std::string> ImageStore::load(const std::string& archive) {
  std::string unpacked = staging_dir();
  auto cleanup = base::defer([&] { base::remove_tree(unpacked); });
  try {
    unpack_archive(archive, unpacked);
  } catch (base::Error& e) {
    e.wrap("payload does not match any of the supported image formats (oci-archive, docker-archive): {}", archive);
    throw;
  }
  base::RootDir root(unpacked);
  std::vector<Pending> images;
  if (root.exists("manifest.json")) images = docker_archive(root);
  else if (root.exists("index.json")) images = oci_layout(root);
  else throw base::error("payload does not match any of the supported image formats (oci-archive, docker-archive): {}", archive);
  std::vector<std::string> loaded;
  for (const auto& p : images) {
    std::string json = read_member(root, p.config, "image config " + p.config.path);
    ImageConfig cfg = parse_config_json(json);
    std::string staging = staging_dir();
    auto undo = base::on_failure([&] { base::remove_tree(staging); });
    base::ensure_dir(staging + "/rootfs", 0755);
    uint64_t size = apply_layers(root, p, cfg, staging + "/rootfs", owners_, staging);
    std::string id = commit(staging, json, cfg.created, size, p.names);
    undo.dismiss();
    if (p.names.empty()) loaded.push_back("sha256:" + id);
    for (const auto& n : p.names) loaded.push_back(n);
  }
  return loaded;
}

}  // namespace image
