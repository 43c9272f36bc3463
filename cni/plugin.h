// SPDX-License-Identifier: GPL-2.0-or-later
// cni/plugin.h: a plugin as the CNI protocol sees it: a command and the
// CNI_* environment, a config on stdin, a result or an error. Built-in
// plugins implement this interface and run in-process from the loader or
// as warren-cni; any other type runs as an executable (cni/exec.h).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "cni/result.h"

namespace cni {

struct Env {
  std::string command;       // ADD, DEL, CHECK, GC, STATUS, VERSION
  std::string container_id;
  std::string netns;
  std::string ifname;
  std::string args;          // CNI_ARGS
  std::vector<std::string> path;  // CNI_PATH
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};  // for executables
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  // `conf` is the config as the plugin's stdin would carry it.
  virtual Result add(const base::json::Value& conf, const Env& env) = 0;
  virtual void del(const base::json::Value& conf, const Env& env) = 0;
  virtual void check(const base::json::Value& conf, const Env& env) = 0;
  // Release what belongs to no attachment of conf's cni.dev/valid-attachments.
  virtual void gc(const base::json::Value& conf, const Env& env) { (void)conf; (void)env; }
  // Throws cni::Error(50) when the plugin cannot serve ADD now.
  virtual void status(const base::json::Value& conf, const Env& env) { (void)conf; (void)env; }
};

// The built-in plugin for `type`, or nullptr.
Plugin* find_builtin(const std::string& type);
const std::vector<std::string>& builtin_types();

// Run one plugin command by type: built-in in-process, or the executable
// found in env.path (always, when `builtins` is false: benchmarks run the
// reference plugins so). Returns the result for ADD, nullopt otherwise.
std::optional<Result> invoke(const std::string& type, const base::json::Value& conf, const Env& env, bool builtins = true);

// Check the environment a command needs (CNI_CONTAINERID for ADD, ...),
// as error 4 naming what is missing.
void require_env(const Env& env);

// The prevResult in `conf`, if there is one.
std::optional<Result> prev_result(const base::json::Value& conf);

}  // namespace cni
