// SPDX-License-Identifier: GPL-2.0-or-later
// cni/loader.cc: the chain.
#include "cni/loader.h"

#include <fmt/format.h>

#include "base/file.h"
#include "base/log.h"
#include "cni/error.h"
#include "cni/plugin.h"

namespace cni {

Loader::Loader(std::vector<std::string> plugin_dirs, std::string cache_dir)
    : plugin_dirs_(std::move(plugin_dirs)), cache_(std::move(cache_dir)) {}

Env Loader::env(const char* command, const RuntimeConf& rt) const {
  return Env{command, rt.container_id, rt.netns, rt.ifname, cni_args_string(rt.args), plugin_dirs_, timeout_};
}

Result Loader::add(const Conflist& list, const RuntimeConf& rt) {
  base::FileLock guard = cache_.guard(base::FileLock::Mode::shared);
  std::optional<Result> prev;
  try {
    for (size_t i = 0; i < list.plugins.size(); ++i) {
      base::json::Document conf = plugin_config(list, i, prev, rt.capability_args.value());
      prev = invoke(list.type(i), conf, env("ADD", rt), builtins_);
      if (!prev) throw Error(kGeneric, fmt::format("plugin {} returned no result", list.type(i)));
    }
    cache_.store(list, rt, *prev);
  } catch (...) {
    Error first = to_cni_error(std::current_exception());
    try {
      del_chain(list, rt, prev);
    } catch (const std::exception& e) {
      LOG_DEBUG("cleanup after failed ADD of {} on {}: {}", rt.container_id, list.name, e.what());
    }
    throw first;
  }
  LOG_DEBUG("cni: ADD {} {} on {} -> ok", rt.container_id, rt.ifname, list.name);
  return *prev;
}

void Loader::check(const Conflist& list, const RuntimeConf& rt) {
  if (!version_at_least(list.cni_version, "0.4.0")) {
    throw Error(kIncompatibleVersion, fmt::format("configuration version \"{}\" does not support the CHECK command", list.cni_version));
  }
  if (list.disable_check) return;
  auto prev = cache_.load(list, rt);
  if (!prev) throw Error(kGeneric, fmt::format("no cached result for {} {} on network {}", rt.container_id, rt.ifname, list.name));
  for (size_t i = 0; i < list.plugins.size(); ++i) {
    base::json::Document conf = plugin_config(list, i, prev, rt.capability_args.value());
    invoke(list.type(i), conf, env("CHECK", rt), builtins_);
  }
}

void Loader::del_chain(const Conflist& list, const RuntimeConf& rt, const std::optional<Result>& prev) {
  base::Errors errs;
  for (size_t i = list.plugins.size(); i-- > 0;) {
    errs.collect([&] {
      base::json::Document conf = plugin_config(list, i, prev, rt.capability_args.value());
      invoke(list.type(i), conf, env("DEL", rt), builtins_);
    });
  }
  errs.throw_if_any(fmt::format("DEL {} {} on network {}", rt.container_id, rt.ifname, list.name));
}

void Loader::del(const Conflist& list, const RuntimeConf& rt) {
  base::FileLock guard = cache_.guard(base::FileLock::Mode::shared);
  // Before 0.4.0 plugins got no prevResult on DEL.
  std::optional<Result> prev;
  if (version_at_least(list.cni_version, "0.4.0")) prev = cache_.load(list, rt);
  // A DEL must undo what ADD did: without capability args of its own it
  // gets the ones the ADD had (published ports, requested addresses).
  if (rt.capability_args.value().ObjectEmpty()) {
    if (auto cached = cache_.capability_args(list, rt)) {
      RuntimeConf with;
      with.container_id = rt.container_id;
      with.netns = rt.netns;
      with.ifname = rt.ifname;
      with.args = rt.args;
      for (const auto& m : cached->GetObject()) with.capability_args.add(m.name.GetString(), m.value);
      del_chain(list, with, prev);
      cache_.remove(list, rt);
      return;
    }
  }
  del_chain(list, rt, prev);
  cache_.remove(list, rt);
  LOG_DEBUG("cni: DEL {} {} on {} -> ok", rt.container_id, rt.ifname, list.name);
}

void Loader::gc(const Conflist& list, const std::vector<std::pair<std::string, std::string>>& valid) {
  RuntimeConf rt;
  base::json::Object attachments;
  base::json::Value arr(rapidjson::kArrayType);
  for (const auto& [id, ifname] : valid) {
    base::json::Object a;
    a.add("containerID", id).add("ifname", ifname);
    arr.PushBack(base::json::Value(a.value(), attachments.alloc()), attachments.alloc());
  }
  base::Errors errs;
  if (!list.disable_gc) {
    bool external_ok = version_at_least(list.cni_version, "1.1.0");
    for (size_t i = 0; i < list.plugins.size(); ++i) {
      if (!external_ok && !find_builtin(list.type(i))) continue;  // older plugins know no GC
      errs.collect([&] {
        base::json::Document conf = plugin_config(list, i, std::nullopt, rt.capability_args.value());
        conf.AddMember("cni.dev/valid-attachments", base::json::Value(arr, conf.GetAllocator()), conf.GetAllocator());
        invoke(list.type(i), conf, env("GC", rt));
      });
    }
  }
  for (const auto& e : cache_.entries(list.name)) {
    bool keep = false;
    for (const auto& [id, ifname] : valid) keep = keep || (id == e.container_id && ifname == e.ifname);
    if (!keep) errs.collect([&] { base::remove_file(e.path); });
  }
  errs.throw_if_any(fmt::format("GC of network {}", list.name));
}

void Loader::status(const Conflist& list) {
  RuntimeConf rt;
  bool external_ok = version_at_least(list.cni_version, "1.1.0");
  for (size_t i = 0; i < list.plugins.size(); ++i) {
    if (!external_ok && !find_builtin(list.type(i))) continue;
    base::json::Document conf = plugin_config(list, i, std::nullopt, rt.capability_args.value());
    invoke(list.type(i), conf, env("STATUS", rt));
  }
}

}  // namespace cni
