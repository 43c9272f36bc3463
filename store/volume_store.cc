// SPDX-License-Identifier: GPL-2.0-or-later
// store/volume_store.cc: volume records and their data dirs.
#include "store/volume_store.h"

#include <sys/mount.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/json.h"
#include "base/scope.h"
#include "store/container_store.h"
#include "store/mounts.h"

namespace store {

namespace {

template <typename W>
void pairs(W& w, const char* key, const std::vector<std::pair<std::string, std::string>>& kv) {
  w.Key(key);
  w.StartObject();
  for (const auto& [k, v] : kv) {
    w.Key(k.c_str(), static_cast<rapidjson::SizeType>(k.size()));
    w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  }
  w.EndObject();
}

}  // namespace

std::string volume_json(const VolumeRecord& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (auto [k, s] : {std::pair{"name", &v.name}, {"driver", &v.driver}, {"created", &v.created}}) {
    w.Key(k);
    w.String(s->c_str(), static_cast<rapidjson::SizeType>(s->size()));
  }
  pairs(w, "labels", v.labels);
  pairs(w, "options", v.options);
  for (auto [k, b] : {std::pair{"anonymous", v.anonymous}, {"needs_copy_up", v.needs_copy_up}, {"needs_chown", v.needs_chown}}) {
    w.Key(k);
    w.Bool(b);
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

VolumeRecord parse_volume(const std::string& text) {
  namespace json = base::json;
  const char* what = "volume record";
  json::Document d = json::parse(text, what);
  json::object(d, what);
  VolumeRecord v;
  v.name = json::string(d, "name", what);
  if (!valid_volume_name(v.name)) throw base::error("{}: \"{}\" is not a volume name", what, v.name);
  v.driver = json::string_or(d, "driver", what, "local");
  v.created = json::string_or(d, "created", what);
  v.labels = json::string_pairs(d, "labels", what);
  v.options = json::string_pairs(d, "options", what);
  v.anonymous = json::boolean(d, "anonymous", false, what);
  v.needs_copy_up = json::boolean(d, "needs_copy_up", true, what);
  v.needs_chown = json::boolean(d, "needs_chown", true, what);
  return v;
}

std::string bind_device(const VolumeRecord& v) {
  std::string o, device;
  for (const auto& [key, value] : v.options) {
    if (key == "o") o = "," + value + ",";
    if (key == "device") device = value;
  }
  bool bind = o.find(",bind,") != std::string::npos || o.find(",rbind,") != std::string::npos;
  return bind ? device : "";
}

VolumeStore::VolumeStore(const std::string& root, TreeRemover remove_tree)
    : dir_(root + "/volumes"), remove_tree_(remove_tree ? std::move(remove_tree) : TreeRemover([](const std::string& p) { base::remove_tree(p); })) {}

base::FileLock VolumeStore::lock() const {
  base::ensure_dir(dir_, 0700);
  auto l = base::FileLock::acquire(dir_ + "/.lock");
  return l;
}

VolumeRecord VolumeStore::create(VolumeRecord v) const {
  if (v.name.empty()) {
    v.name = random_id();
    v.anonymous = true;
  }
  if (!valid_volume_name(v.name)) {
    throw base::error("running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
  }
  std::string d = dir_ + "/" + v.name;
  if (::mkdir(d.c_str(), 0700) < 0) {
    if (errno != EEXIST) throw base::sys_error(errno, "create volume directory {}", d);
    if (find(v.name)) throw base::error("volume with name {} already exists: volume already exists", v.name);
    // A dir without a record (a create cut short): nothing of it is kept.
    remove_tree_(d);
    if (::mkdir(d.c_str(), 0700) < 0) throw base::sys_error(errno, "create volume directory {}", d);
  }
  auto undo = base::on_failure([&] { base::remove_tree(d); });
  // The container's root owns it: root, or the user a rootless container's
  // root is.
  if (::mkdir((d + "/_data").c_str(), 0755) < 0 && errno != EEXIST) throw base::sys_error(errno, "create {}/_data", d);
  if (v.created.empty()) v.created = base::rfc3339_now();
  save(v);
  undo.dismiss();
  return v;
}

std::optional<VolumeRecord> VolumeStore::find(const std::string& name) const {
  if (!valid_volume_name(name)) return std::nullopt;
  auto text = base::read_file(record_path(name));
  if (!text) return std::nullopt;
  try {
    return parse_volume(*text);
  } catch (base::Error& e) {
    e.wrap("read volume {}", name);
    throw;
  }
}

VolumeRecord VolumeStore::get(const std::string& name) const {
  auto v = find(name);
  if (!v) throw base::error("no volume with name \"{}\" found: no such volume", name);
  return *v;
}

std::vector<VolumeRecord> VolumeStore::list() const {
  std::vector<VolumeRecord> out;
  auto names = base::list_dir(dir_);
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    if (auto v = find(name)) out.push_back(*v);
  }
  return out;
}

void VolumeStore::save(const VolumeRecord& v) const {
  base::sweep_temp_files(dir_ + "/" + v.name);
  base::write_file_atomic(record_path(v.name), volume_json(v), 0600);
}

void VolumeStore::remove(const std::string& name) const {
  if (!valid_volume_name(name)) return;
  // A file system of its own (-o) is unmounted first (none: EINVAL,
  // nothing to do). The data goes before the record: a removal that fails
  // halfway leaves a volume that is still listed, for rm to finish.
  ::umount2(mountpoint(name).c_str(), MNT_DETACH | UMOUNT_NOFOLLOW);
  remove_tree_(mountpoint(name));
  base::remove_file(record_path(name));
  base::remove_tree(dir_ + "/" + name);
}

VolumeUse volume_use(const ContainerStore& containers) {
  VolumeUse use;
  for (auto& c : containers.list()) {
    std::vector<std::string> names;
    for (const auto& m : c.config.mounts) {
      if (m.type == "volume" && std::find(names.begin(), names.end(), m.source) == names.end()) names.push_back(m.source);
    }
    for (const auto& n : names) use[n].push_back(c);
  }
  return use;
}

std::vector<std::string> volume_users(const ContainerStore& containers, const std::string& name) {
  VolumeUse use = volume_use(containers);
  std::vector<std::string> out;
  for (const auto& c : use[name]) out.push_back(c.config.id);
  return out;
}

void remove_anonymous_volumes(const VolumeStore& volumes, const ContainerStore& containers, const ContainerConfig& gone) {
  std::optional<base::FileLock> lock;
  VolumeUse use;
  for (const auto& m : gone.mounts) {
    if (m.type != "volume" || !m.anonymous) continue;
    if (!lock) {
      lock = volumes.lock();
      use = volume_use(containers);  // read once, under the lock
    }
    auto& users = use[m.source];
    std::erase_if(users, [&](const Container& c) { return c.config.id == gone.id; });
    if (users.empty()) volumes.remove(m.source);
  }
}

}  // namespace store
