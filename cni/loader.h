// SPDX-License-Identifier: GPL-2.0-or-later
// cni/loader.h: runs a conflist for one attachment, as libcni does: ADD
// through the plugins in order, each given the previous result; CHECK in
// order with the cached result; DEL in reverse, idempotent; GC and STATUS
// of spec 1.1. Built-in types run in-process, others as executables.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cni/cache.h"
#include "cni/config.h"
#include "cni/plugin.h"
#include "cni/result.h"

namespace cni {

class Loader {
 public:
  // `cache_dir`: libcni's default is /var/lib/cni.
  Loader(std::vector<std::string> plugin_dirs, std::string cache_dir);

  // On failure, what the chain did is undone (DEL through every plugin)
  // and the first error is thrown.
  Result add(const Conflist& list, const RuntimeConf& rt);
  void check(const Conflist& list, const RuntimeConf& rt);
  // Succeeds for an attachment never added, added twice, or whose netns is
  // gone. Every plugin runs even if one fails; all failures are reported.
  void del(const Conflist& list, const RuntimeConf& rt);
  // Releases what belongs to no attachment in `valid` (containerID, ifname).
  void gc(const Conflist& list, const std::vector<std::pair<std::string, std::string>>& valid);
  void status(const Conflist& list);

  std::optional<Result> cached(const Conflist& list, const RuntimeConf& rt) const { return cache_.load(list, rt); }
  // How long an external plugin may run (60 s by default).
  void set_timeout(std::chrono::milliseconds t) { timeout_ = t; }
  // Run every type as an executable from the plugin dirs, built-ins too.
  void set_builtins(bool on) { builtins_ = on; }

 private:
  Env env(const char* command, const RuntimeConf& rt) const;
  void del_chain(const Conflist& list, const RuntimeConf& rt, const std::optional<Result>& prev);

  std::vector<std::string> plugin_dirs_;
  ResultCache cache_;
  std::chrono::milliseconds timeout_{std::chrono::seconds(60)};
  bool builtins_ = true;
};

}  // namespace cni
