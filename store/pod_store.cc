// SPDX-License-Identifier: GPL-2.0-or-later
// store/pod_store.cc: pod records as JSON files.
#include "store/pod_store.h"

#include <dirent.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "base/clock.h"
#include "base/error.h"
#include "base/file.h"
#include "base/scope.h"
#include "base/json.h"
#include "store/resources_json.h"

namespace store {

std::string PodConfig::cgroup_path() const {
  std::string parent = cgroup_parent.empty() ? "/libpod_parent" : cgroup_parent;
  if (parent.size() > 1 && parent.back() == '/') parent.pop_back();
  return (parent == "/" ? "" : parent) + "/" + id;
}

bool PodConfig::shares(const std::string& ns) const {
  return infra && std::find(share.begin(), share.end(), ns) != share.end();
}

PodStore::PodStore(const std::string& root) : root_(root + "/pods") {}

PodConfig PodStore::create(PodConfig p) const {
  if (!p.name.empty() && !valid_name(p.name)) {
    throw base::error("running pod create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
  }
  base::ensure_dir(root_, 0700);
  if (p.id.empty()) p.id = random_id();
  bool random = p.name.empty();
  for (int tries = 0;; ++tries) {
    if (random) p.name = random_name() + (tries >= 5 ? std::to_string(tries) : "");
    if (names().claim(p.name, p.id)) break;
    if (!random || tries > 100) throw base::error("adding pod to state: name \"{}\" is in use: pod already exists", p.name);
  }
  auto undo = base::on_failure([&] { remove(p); });
  p.created = base::rfc3339_now();
  base::ensure_dir(dir(p.id), 0700);
  save(p);
  undo.dismiss();
  return p;
}

void PodStore::save(const PodConfig& p) const {
  base::write_file_atomic(dir(p.id) + "/config.json", pod_json(p), 0600);
}

std::optional<PodConfig> PodStore::load(const std::string& id) const {
  auto text = base::read_file(dir(id) + "/config.json");
  if (!text) return std::nullopt;
  try {
    return parse_pod(*text);
  } catch (base::Error& e) {
    e.wrap("read pod {}", id);
    throw;
  }
}

std::vector<PodConfig> PodStore::list() const {
  std::vector<PodConfig> out;
  DIR* d = ::opendir(root_.c_str());
  if (!d) return out;
  auto close = base::defer([&] { ::closedir(d); });
  while (dirent* e = ::readdir(d)) {
    std::string id = e->d_name;
    if (id.size() != 64) continue;
    if (auto p = load(id)) out.push_back(std::move(*p));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.created < b.created; });
  return out;
}

// As containers are found: the full id, the name, a unique id prefix.
std::optional<PodConfig> PodStore::find(const std::string& name_or_id) const {
  if (name_or_id.empty()) return std::nullopt;
  if (name_or_id.size() == 64) {
    if (auto p = load(name_or_id)) return p;
  }
  if (auto id = names().id_of(name_or_id)) {
    if (auto p = load(*id)) return p;
  }
  std::optional<PodConfig> hit;
  for (auto& p : list()) {
    if (!p.id.starts_with(name_or_id)) continue;
    if (hit) throw base::error("more than one result for pod \"{}\"", name_or_id);
    hit = std::move(p);
  }
  return hit;
}

PodConfig PodStore::get(const std::string& name_or_id) const {
  auto p = find(name_or_id);
  if (!p) throw base::error("no pod with name or ID {} found: no such pod", name_or_id);
  return *p;
}

void PodStore::remove(const PodConfig& p) const {
  names().release(p.name, p.id);
  base::remove_tree(dir(p.id));
}

std::vector<Container> pod_containers(const ContainerStore& store, const std::string& pod_id) {
  auto all = store.list();
  std::erase_if(all, [&](const Container& c) { return c.config.pod != pod_id; });
  return all;
}

std::string pod_status(const std::vector<std::string>& statuses) {
  size_t running = std::count(statuses.begin(), statuses.end(), "running");
  size_t created = std::count(statuses.begin(), statuses.end(), "created");
  if (statuses.empty() || created == statuses.size()) return "Created";
  if (running == statuses.size()) return "Running";
  if (running > 0) return "Degraded";
  return "Exited";
}

std::string pod_json(const PodConfig& p) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (auto [k, v] : {std::pair{"id", &p.id}, {"name", &p.name}, {"created", &p.created}, {"hostname", &p.hostname},
                      {"infra_id", &p.infra_id}}) {
    w.Key(k);
    w.String(v->c_str());
  }
  for (auto [k, list] : {std::pair{"share", &p.share}, {"create_command", &p.create_command}, {"sysctls", &p.sysctls},
                         {"devices", &p.devices}, {"security_opts", &p.security_opts}}) {
    w.Key(k);
    w.StartArray();
    for (const auto& s : *list) w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
    w.EndArray();
  }
  w.Key("labels");
  w.StartObject();
  for (const auto& [k, v] : p.labels) {
    w.Key(k.c_str());
    w.String(v.c_str());
  }
  w.EndObject();
  for (auto [k, v] : {std::pair{"infra", p.infra}, {"cgroup", p.cgroup}, {"share_parent", p.share_parent}}) {
    w.Key(k);
    w.Bool(v);
  }
  for (auto [k, v] : {std::pair{"cgroup_parent", &p.cgroup_parent}, {"exit_policy", &p.exit_policy}}) {
    w.Key(k);
    w.String(v->c_str());
  }
  w.Key("shm_size");
  w.Int64(p.shm_size);
  w.Key("resources");
  std::string resources = resources_json(p.resources);
  w.RawValue(resources.c_str(), resources.size(), rapidjson::kObjectType);
  w.EndObject();
  return buf.GetString();
}

PodConfig parse_pod(const std::string& text) {
  namespace json = base::json;
  const char* what = "pod config";
  json::Document d = json::parse(text, what);
  json::object(d, what);
  PodConfig p;
  p.id = json::string_or(d, "id", what);
  p.name = json::string_or(d, "name", what);
  p.created = json::string_or(d, "created", what);
  p.hostname = json::string_or(d, "hostname", what);
  p.infra_id = json::string_or(d, "infra_id", what);
  p.share = json::strings(d, "share", what);
  p.create_command = json::strings(d, "create_command", what);
  p.sysctls = json::strings(d, "sysctls", what);
  p.devices = json::strings(d, "devices", what);
  p.security_opts = json::strings(d, "security_opts", what);
  p.shm_size = json::opt_int_in(d, "shm_size", 1, INT64_MAX, what).value_or(65536000);
  p.labels = json::string_pairs(d, "labels", what);
  p.infra = json::boolean(d, "infra", true, what);
  p.cgroup = json::boolean(d, "cgroup", false, what);
  p.share_parent = json::boolean(d, "share_parent", true, what);
  p.cgroup_parent = json::string_or(d, "cgroup_parent", what);
  if (p.cgroup_parent.find("..") != std::string::npos) throw base::error("{}: bad cgroup parent \"{}\"", what, p.cgroup_parent);
  p.exit_policy = json::string_or(d, "exit_policy", what, "continue");
  if (d.HasMember("resources")) p.resources = parse_resources(d["resources"]);
  return p;
}

}  // namespace store
