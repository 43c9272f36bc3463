// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_store.cc: the store's index, import, load, tag and remove.
#include "image/image_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "base/clock.h"
#include "base/digest.h"
#include "base/error.h"
#include "base/json.h"
#include "base/file.h"
#include "base/log.h"
#include "base/process_id.h"
#include "base/scope.h"
#include "config/host.h"
#include "image/blobs.h"
#include "image/layer.h"
#include "image/manifest.h"

namespace image {

namespace {

std::string lock_path(const std::string& dir) { return dir + "/images.lock"; }

bool dir_exists(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Drop `names` from every other image; an image left nameless stays (dangling).
void take_names(std::vector<ImageRecord>& index, const std::vector<std::string>& names) {
  for (auto& r : index) {
    std::erase_if(r.names, [&](const std::string& n) { return std::find(names.begin(), names.end(), n) != names.end(); });
  }
}

}  // namespace

std::optional<std::string> matching_name(const ImageRecord& r, const std::string& text) {
  if (text.find('@') != std::string::npos) {
    // NAME@DIGEST: the image pulled by it (a repository digest, never a name to untag).
    try {
      std::string want = parse_pull_ref(text).str();
      if (std::find(r.repo_digests.begin(), r.repo_digests.end(), want) != r.repo_digests.end()) return "";
    } catch (const base::Error&) {
    }
    return std::nullopt;
  }
  std::vector<std::string> forms{text};
  for (auto dom : {DefaultDomain::localhost, DefaultDomain::docker_io}) {
    try {
      forms.push_back(parse_image_ref(text, dom).str());
    } catch (const base::Error&) {
    }
  }
  for (const auto& f : forms) {
    if (std::find(r.names.begin(), r.names.end(), f) != r.names.end()) return f;
  }
  return std::nullopt;
}

ImageStore::ImageStore(const std::string& root, bool owners) : dir_(root + "/images"), owners_(owners) {}

std::vector<ImageRecord> ImageStore::read_index() const {
  std::vector<ImageRecord> out;
  auto text = base::read_file(dir_ + "/images.json");
  if (!text) return out;
  // Checked field by field: a corrupt index is one error, never an assert.
  const std::string what = "image index " + dir_ + "/images.json";
  base::json::Document d = base::json::parse(*text, what);
  for (const auto& v : base::json::list(d, what)) {
    ImageRecord r;
    r.id = base::json::string(v, "id", what);
    if (r.id.size() != 64 || !looks_like_id(r.id)) throw base::error("{}: \"{}\" is not an image id", what, r.id);
    r.names = base::json::required_strings(v, "names", what);
    r.created = base::json::string(v, "created", what);
    base::json::member(v, "size", what);
    r.size = static_cast<uint64_t>(*base::json::opt_int_in(v, "size", 0, INT64_MAX, what));
    r.digest = base::json::string_or(v, "digest", what);
    if (!r.digest.empty() && !valid_digest(r.digest)) throw base::error("{}: \"{}\" is not a digest", what, r.digest);
    r.repo_digests = base::json::strings(v, "repo_digests", what);
    if (const auto* sizes = base::json::opt_array(v, "layer_sizes", what)) {
      for (const auto& n : sizes->GetArray()) {
        if (!n.IsUint64()) throw base::error("{}: \"layer_sizes\" must be a list of sizes", what);
        r.layer_sizes.push_back(n.GetUint64());
      }
    }
    out.push_back(r);
  }
  return out;
}

void ImageStore::write_index(const std::vector<ImageRecord>& v) const {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (const auto& r : v) {
    w.StartObject();
    w.Key("id");
    w.String(r.id.c_str());
    w.Key("names");
    w.StartArray();
    for (const auto& n : r.names) w.String(n.c_str());
    w.EndArray();
    w.Key("created");
    w.String(r.created.c_str());
    w.Key("size");
    w.Uint64(r.size);
    if (!r.layer_sizes.empty()) {
      w.Key("layer_sizes");
      w.StartArray();
      for (auto n : r.layer_sizes) w.Uint64(n);
      w.EndArray();
    }
    if (!r.digest.empty()) {
      w.Key("digest");
      w.String(r.digest.c_str());
      w.Key("repo_digests");
      w.StartArray();
      for (const auto& n : r.repo_digests) w.String(n.c_str());
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  base::write_file_atomic(dir_ + "/images.json", buf.GetString(), 0600);
}

std::vector<ImageRecord> ImageStore::list() const {
  if (!dir_exists(dir_)) return {};
  base::FileLock lock = base::FileLock::acquire(lock_path(dir_), base::FileLock::Mode::shared);
  auto v = read_index();
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.created > b.created; });
  return v;
}

std::optional<ImageRecord> ImageStore::find(const std::string& name_or_id) const {
  auto all = list();
  for (const auto& r : all) {
    if (matching_name(r, name_or_id)) return r;
  }
  std::string prefix = name_or_id.starts_with("sha256:") ? name_or_id.substr(7) : name_or_id;
  if (!looks_like_id(prefix)) return std::nullopt;
  std::optional<ImageRecord> hit;
  for (const auto& r : all) {
    if (r.id.starts_with(prefix)) {
      if (hit) throw base::error("{}: image id prefix is ambiguous", name_or_id);
      hit = r;
    }
  }
  return hit;
}

ImageRecord ImageStore::get(const std::string& name_or_id) const {
  auto r = find(name_or_id);
  if (!r) throw base::error("{}: image not known", name_or_id);
  return *r;
}

void ImageStore::sweep_staging() const {
  for (const auto& name : base::list_dir(dir_)) {
    if (!name.starts_with(".staging-")) continue;
    // .staging-PID-START-XXXXXX: left behind once its maker is gone.
    auto parts = name.substr(9);
    auto a = parts.find('-'), b = parts.find('-', a == std::string::npos ? a : a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    auto maker = base::ProcessId::parse(parts.substr(0, a) + " " + parts.substr(a + 1, b - a - 1));
    if (!maker || maker->alive()) continue;
    try {
      base::remove_tree(dir_ + "/" + name);
    } catch (const base::Error& e) {
      LOG_DEBUG("sweep {}: {}", name, e.what());
    }
  }
}

std::string ImageStore::staging_dir() const {
  base::ensure_dir(dir_, 0700);
  sweep_staging();
  // Named by its maker (pid and start time), so that a later command can
  // tell one in use from one an interrupted command left.
  std::string tmpl = dir_ + "/.staging-" + base::ProcessId::self().text() + "-XXXXXX";
  std::replace(tmpl.begin(), tmpl.end(), ' ', '-');
  if (!::mkdtemp(tmpl.data())) throw base::sys_error(errno, "create a staging directory in {}", dir_);
  return tmpl;
}

std::string ImageStore::commit(const std::string& staging, const NewImage& img) {
  // The id is the digest of the config's bytes, as they came.
  std::string id = base::sha256_hex(img.config_json);
  base::write_file_atomic(staging + "/config.json", img.config_json, 0644);
  if (!img.manifest_json.empty()) base::write_file_atomic(staging + "/manifest.json", img.manifest_json, 0644);
  base::FileLock lock = base::FileLock::acquire(lock_path(dir_));
  base::sweep_temp_files(dir_);  // an interrupted write's images.json.tmp-*
  auto index = read_index();
  auto it = std::find_if(index.begin(), index.end(), [&](const auto& r) { return r.id == id; });
  if (it == index.end()) {
    if (::rename(staging.c_str(), (dir_ + "/" + id).c_str()) < 0) throw base::sys_error(errno, "store image {}", id);
  } else {
    // The same image again: keep the one there, and its manifest too
    // unless this one came with one and it had none.
    if (!img.manifest_json.empty() && !base::read_file(dir_ + "/" + id + "/manifest.json")) {
      base::write_file_atomic(dir_ + "/" + id + "/manifest.json", img.manifest_json, 0644);
    }
    base::remove_tree(staging);
  }
  record(index, id, img);
  write_index(index);
  return id;
}

void ImageStore::record(std::vector<ImageRecord>& index, const std::string& id, const NewImage& img) const {
  take_names(index, img.names);
  auto it = std::find_if(index.begin(), index.end(), [&](const auto& r) { return r.id == id; });
  if (it == index.end()) {
    index.push_back({id, img.names, img.created, img.size, img.digest, img.repo_digests, img.layer_sizes});
    return;
  }
  for (const auto& n : img.names) it->names.push_back(n);
  if (!img.digest.empty()) it->digest = img.digest;
  for (const auto& d : img.repo_digests) {
    if (std::find(it->repo_digests.begin(), it->repo_digests.end(), d) == it->repo_digests.end()) it->repo_digests.push_back(d);
  }
}

std::optional<std::string> ImageStore::add_names(const std::string& repo_digest, const NewImage& img) {
  if (!dir_exists(dir_)) return std::nullopt;
  base::FileLock lock = base::FileLock::acquire(lock_path(dir_));
  auto index = read_index();
  for (const auto& r : index) {
    if (std::find(r.repo_digests.begin(), r.repo_digests.end(), repo_digest) == r.repo_digests.end()) continue;
    std::string id = r.id;
    record(index, id, img);
    write_index(index);
    return id;
  }
  return std::nullopt;
}

void ImageStore::drop_blobs(const std::vector<std::string>& hexes) const {
  if (hexes.empty()) return;
  base::FileLock lock = base::FileLock::acquire(lock_path(dir_));
  prune_blobs(read_index(), &hexes);
}

void ImageStore::prune_blobs(const std::vector<ImageRecord>& index, const std::vector<std::string>* only) const {
  auto blobs = only ? *only : base::list_dir(blob_dir());
  if (blobs.empty()) return;
  std::vector<std::string> kept;
  for (const auto& r : index) {
    auto text = base::read_file(dir_ + "/" + r.id + "/manifest.json");
    if (!text) continue;
    try {
      for (const auto& l : parse_manifest(*text, "", "manifest of image " + r.id).layers) kept.push_back(l.digest.substr(7));
    } catch (const base::Error& e) {
      LOG_DEBUG("prune blobs: {}", e.what());
      return;  // keep everything rather than guess
    }
  }
  for (const auto& b : blobs) {
    if (std::find(kept.begin(), kept.end(), b) == kept.end()) ::unlink((blob_dir() + "/" + b).c_str());
  }
}

std::string ImageStore::import(const std::string& source, const std::optional<ImageRef>& name,
                               const std::vector<std::string>& changes, const std::string& message) {
  ImageConfig cfg;
  cfg.created = base::rfc3339_now();
  cfg.architecture = config::go_arch();
  for (const auto& c : changes) apply_change(cfg, c);
  std::string staging = staging_dir();
  auto undo = base::on_failure([&] { base::remove_tree(staging); });
  base::ensure_dir(staging + "/rootfs", 0755);
  LayerInfo layer;
  Descriptor blob;
  const std::string what = source == "-" ? "standard input" : source;
  try {
    base::UniqueFd own;
    if (source != "-") {
      own.reset(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
      if (!own) throw base::sys_error(errno, "open {}", source);
    }
    // The tarball is kept as the image's layer (save and push send it).
    blob = cache_blob(*this, own ? own.get() : STDIN_FILENO, staging, what);
    base::UniqueFd cached{::open((blob_dir() + "/" + blob.digest.substr(7)).c_str(), O_RDONLY | O_CLOEXEC)};
    if (!cached) throw base::sys_error(errno, "open blob {}", blob.digest);
    layer = apply_layer(cached.get(), what, staging + "/rootfs", owners_);
  } catch (base::Error& e) {
    if (!blob.digest.empty()) drop_blobs({blob.digest.substr(7)});
    e.wrap("import {}", what);
    throw;
  }
  cfg.diff_ids = {layer.diff_id};
  cfg.history = {{cfg.created, "/bin/sh -c #(nop) ADD file:" + layer.diff_id.substr(7) + " in / ", message, false}};
  NewImage img{.config_json = config_json(cfg), .created = cfg.created, .size = layer.size};
  img.layer_sizes = {layer.size};
  img.manifest_json = oci_manifest_json(img.config_json, {blob});
  if (name) img.names.push_back(name->str());
  std::string id = commit(staging, img);
  undo.dismiss();
  LOG_DEBUG("image: imported {} as {}", source, id);
  return id;
}

ImageConfig ImageStore::config(const std::string& id) const {
  auto text = base::read_file(dir_ + "/" + id + "/config.json");
  if (!text) throw base::error("image {}: config is missing", id);
  return parse_config_json(*text);
}

void ImageStore::tag(const std::string& name_or_id, const ImageRef& ref) {
  ImageRecord img = get(name_or_id);
  base::FileLock lock = base::FileLock::acquire(lock_path(dir_));
  base::sweep_temp_files(dir_);  // an interrupted write's images.json.tmp-*
  auto index = read_index();
  take_names(index, {ref.str()});
  for (auto& r : index) {
    if (r.id == img.id) r.names.push_back(ref.str());
  }
  write_index(index);
}

void ImageStore::untag(const std::string& name_or_id, const std::vector<std::string>& names) {
  ImageRecord img = get(name_or_id);
  base::FileLock lock = base::FileLock::acquire(lock_path(dir_));
  base::sweep_temp_files(dir_);
  auto index = read_index();
  auto it = std::find_if(index.begin(), index.end(), [&](const auto& r) { return r.id == img.id; });
  if (it == index.end()) throw base::error("{}: image not known", name_or_id);
  if (names.empty()) {
    it->names.clear();
  } else {
    for (const auto& n : names) {
      auto name = matching_name(*it, n);
      if (!name || name->empty()) throw base::error("{}: tag not known", n);
      std::erase(it->names, *name);
    }
  }
  write_index(index);
}

Removal ImageStore::remove(const std::string& name_or_id, bool force) {
  ImageRecord img = get(name_or_id);
  Removal out;
  base::FileLock lock = base::FileLock::acquire(lock_path(dir_));
  base::sweep_temp_files(dir_);  // an interrupted write's images.json.tmp-*
  auto index = read_index();
  auto it = std::find_if(index.begin(), index.end(), [&](const auto& r) { return r.id == img.id; });
  if (it == index.end()) throw base::error("{}: image not known", name_or_id);
  auto name = matching_name(*it, name_or_id);
  if (name && !name->empty() && it->names.size() > 1) {
    // One of several names: untag it only.
    std::erase(it->names, *name);
    out.untagged.push_back(*name);
    write_index(index);
    return out;
  }
  bool by_id = !name || name->empty();  // by id or by repository digest
  if (by_id && it->names.size() > 1 && !force) {
    std::string list;
    for (const auto& n : it->names) list += (list.empty() ? "" : " ") + n;
    throw base::error("unable to delete image \"{}\" by ID with more than one tag ([{}]): please force removal", img.id, list);
  }
  out.untagged = it->names;
  out.deleted = img.id;
  index.erase(it);
  write_index(index);
  base::remove_tree(dir_ + "/" + img.id);
  prune_blobs(index);
  return out;
}

}  // namespace image
