// SPDX-License-Identifier: GPL-2.0-or-later
// cni/cache.cc: reading and writing cached results.
#include "cni/cache.h"

#include <dirent.h>

#include <fmt/format.h>

#include "base/base64.h"
#include "base/file.h"
#include "base/log.h"
#include "base/scope.h"

namespace cni {

std::string ResultCache::path(const std::string& network, const std::string& id, const std::string& ifname) const {
  return fmt::format("{}/results/{}-{}-{}", dir_, network, id, ifname);
}

void ResultCache::store(const Conflist& list, const RuntimeConf& rt, const Result& r) {
  base::json::Object o;
  o.add("kind", "cniCacheV1");
  o.add("containerId", rt.container_id);
  o.add("config", base::base64_encode(list.source));
  o.add("ifName", rt.ifname);
  o.add("networkName", list.name);
  o.add("netns", rt.netns);
  base::json::Value args(rapidjson::kArrayType);
  for (const auto& [k, v] : rt.args) {
    base::json::Value pair(rapidjson::kArrayType);
    pair.PushBack(base::json::Value(k.c_str(), o.alloc()), o.alloc());
    pair.PushBack(base::json::Value(v.c_str(), o.alloc()), o.alloc());
    args.PushBack(pair, o.alloc());
  }
  o.value().AddMember("cniArgs", args, o.alloc());
  o.add("capabilityArgs", rt.capability_args.value());
  base::json::Object res;
  to_json(r, list.cni_version, res);
  o.add("result", res);
  base::ensure_dir(dir_ + "/results", 0700);
  // No fsync, as libcni: the attachments it records die with the machine too.
  base::write_file_atomic(path(list.name, rt.container_id, rt.ifname), base::json::dump(o.value()), 0600, false);
}

std::optional<Result> ResultCache::load(const Conflist& list, const RuntimeConf& rt) const {
  std::string p = path(list.name, rt.container_id, rt.ifname);
  auto text = base::read_file(p);
  if (!text) return std::nullopt;
  try {
    base::json::Document d = base::json::parse(*text, "cached result");
    const base::json::Value* r = base::json::opt_object(d, "result", "cached result");
    if (!r) return std::nullopt;
    return parse_result(*r);
  } catch (const std::exception& e) {
    // A corrupt cache must not block DEL: go on as if there were none.
    LOG_DEBUG("ignoring unreadable cached result {}: {}", p, e.what());
    return std::nullopt;
  }
}

std::optional<base::json::Document> ResultCache::capability_args(const Conflist& list, const RuntimeConf& rt) const {
  auto text = base::read_file(path(list.name, rt.container_id, rt.ifname));
  if (!text) return std::nullopt;
  try {
    base::json::Document d = base::json::parse(*text, "cached result");
    const base::json::Value* caps = base::json::opt_object(d, "capabilityArgs", "cached result");
    if (!caps) return std::nullopt;
    base::json::Document out;
    out.CopyFrom(*caps, out.GetAllocator());
    return out;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void ResultCache::remove(const Conflist& list, const RuntimeConf& rt) {
  base::remove_file(path(list.name, rt.container_id, rt.ifname));
  base::sweep_temp_files(dir_ + "/results");  // what a command killed mid-write left
}

std::vector<ResultCache::Entry> ResultCache::entries(const std::string& network) const {
  std::vector<Entry> out;
  std::string dir = dir_ + "/results";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return out;
  auto close = base::defer([&] { ::closedir(d); });
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.starts_with(".") || name.find(".tmp-") != std::string::npos || (!network.empty() && !name.starts_with(network + "-"))) continue;
    auto text = base::read_file(dir + "/" + name);
    if (!text) continue;
    try {
      base::json::Document doc = base::json::parse(*text, "cached result");
      Entry en{base::json::opt_string(doc, "networkName", "cache").value_or(""),
               base::json::opt_string(doc, "containerId", "cache").value_or(""),
               base::json::opt_string(doc, "ifName", "cache").value_or(""), dir + "/" + name};
      if (network.empty() || en.network == network) out.push_back(en);
    } catch (const std::exception&) {
    }
  }
  return out;
}

base::FileLock ResultCache::guard(base::FileLock::Mode mode) const {
  base::ensure_dir(dir_, 0700);
  return base::FileLock::acquire(dir_ + "/warren-firewall.lock", mode);
}

}  // namespace cni
