// SPDX-License-Identifier: GPL-2.0-or-later
// cli/pod_control.cc: pod start, stop, kill, restart, rm and prune: the
// pods chosen, each acted on through runtime/pods.h.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "cli/commands.h"
#include "runtime/pods.h"

namespace cli {

namespace {

using Each = std::function<void(const store::PodConfig&)>;

// The pods named (or all of them with --all, or the newest with --latest),
// each acted on and printed by its full id, as Podman prints them.
// A missing pod fails with `missing_code` unless --ignore or `skip_missing`.
int for_pods(Context& ctx, const cxxopts::ParseResult& r, const Each& act, int missing_code = kExitError,
             bool skip_missing = false) {
  auto store = pods(ctx);
  std::vector<store::PodConfig> todo;
  bool all = r.count("all") > 0;
  if (all || r.count("latest")) {
    if (!r.unmatched().empty()) throw base::error("--all, --latest and pods cannot be used together");
    todo = store.list();
    if (!all && !todo.empty()) todo.erase(todo.begin(), todo.end() - 1);
  } else {
    if (r.unmatched().empty()) throw base::error("you must provide at least one name or id");
    for (const auto& name : r.unmatched()) {
      auto p = store.find(name);
      if (!p && (r.count("ignore") || skip_missing)) continue;
      if (!p) throw ExitError(missing_code, fmt::format("no pod with name or ID {} found: no such pod", name));
      todo.push_back(*p);
    }
  }
  for (const auto& p : todo) {
    act(p);
    fmt::print("{}\n", p.id);
  }
  return 0;
}

void add_selection(Options& opts) {
  opts.add()("a,all", "Act on all pods")("l,latest", "Act on the latest pod warren is aware of");
}

}  // namespace

int pod_start_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod start"), "Start one or more pods", "[options] POD [POD...]");
  add_selection(opts);
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  return for_pods(ctx, *r, [&](const store::PodConfig& p) { runtime::start_pod(ctx.settings(), p); });
}

int pod_stop_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod stop"), "Stop one or more pods", "[options] POD [POD...]");
  add_selection(opts);
  opts.add()("i,ignore", "Ignore errors when a specified pod is missing")
      ("t,time", "Seconds to wait for pod stop before killing the container", cxxopts::value<std::string>()->default_value("10"), "uint");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  int timeout = seconds_flag(*r);
  return for_pods(ctx, *r, [&](const store::PodConfig& p) { runtime::stop_pod(ctx.settings(), p, timeout); });
}

int pod_restart_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod restart"), "Restart one or more pods", "[options] POD [POD...]");
  add_selection(opts);
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  return for_pods(ctx, *r, [&](const store::PodConfig& p) {
    runtime::stop_pod(ctx.settings(), p, 10);
    runtime::start_pod(ctx.settings(), p);
  });
}

int pod_kill_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod kill"), "Send the specified signal or SIGKILL to containers in pod", "[options] POD [POD...]");
  add_selection(opts);
  opts.add()("s,signal", "Signal to send to the containers in the pod", cxxopts::value<std::string>()->default_value("KILL"), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  int sig = signal_number((*r)["signal"].as<std::string>());
  return for_pods(ctx, *r, [&](const store::PodConfig& p) { runtime::kill_pod(ctx.settings(), p, sig); });
}

int pod_rm_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod rm"), "Remove one or more pods", "[options] POD [POD...]");
  add_selection(opts);
  opts.add()("f,force", "Force removal of a running pod by first stopping all containers, then removing all containers in the pod")
      ("i,ignore", "Ignore errors when a specified pod is missing")
      ("t,time", "Seconds to wait for pod stop before killing the container", cxxopts::value<std::string>()->default_value("10"), "uint");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  bool force = r->count("force") > 0;
  int timeout = seconds_flag(*r);
  // A missing pod: exit 1 (Podman's), or passed over with -f.
  return for_pods(ctx, *r, [&](const store::PodConfig& p) { runtime::remove_pod(ctx.settings(), p, force, timeout); }, 1,
                  force);
}

int pod_prune_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod prune"), "Remove all stopped pods and their containers", "[options]");
  opts.add()("f,force", "Do not prompt for confirmation.  The default is false");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (!r->count("force") && !confirmed("WARNING! This will remove all stopped/exited pods..", true)) return 0;
  for (const auto& p : prune_pods(ctx)) fmt::print("{}\n", p.name);
  return 0;
}

std::vector<Pruned> prune_pods(Context& ctx) {
  std::vector<Pruned> out;
  for (const auto& p : pods(ctx).list()) {
    if (runtime::pod_state(ctx.settings(), p) != "Exited") continue;
    runtime::remove_pod(ctx.settings(), p, false, 0);
    out.push_back({p.id, 0});
  }
  return out;
}

}  // namespace cli
