// SPDX-License-Identifier: GPL-2.0-or-later
// cli/pod_control.cc: pod start, stop, kill, restart, rm and prune: the
// members and the infra together, in the order their namespaces need
// (the infra first up, last down).
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "cli/commands.h"
#include "image/image_store.h"

namespace cli {

void start_infra(Context& ctx, const store::ContainerStore& store, const std::string& pod_id) {
  auto pod = pods(ctx).get(pod_id);
  if (pod.infra_id.empty()) return;
  // Two members starting at once start it once.
  auto lock = base::FileLock::acquire(store.run_dir(pod.infra_id) + "/start.lock");
  auto infra = store.get(pod.infra_id);
  if (store.live_state(infra).status == "running") return;
  start_container(ctx, store, infra, "", false, false);
}

namespace {

using Each = std::function<void(const store::PodConfig&)>;

// The pods named (or all of them with --all, or the newest with --latest),
// each acted on and printed by its full id, as Podman prints them.
int for_pods(Context& ctx, const cxxopts::ParseResult& r, const Each& act) {
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
      if (!p && r.count("ignore")) continue;
      if (!p) throw base::error("no pod with name or ID {} found: no such pod", name);
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

// Podman's words for a container of the pod that would not start (exit 125).
template <typename F>
void starting(const std::string& id, F&& start) {
  try {
    start();
  } catch (const base::Error& e) {
    throw ExitError(kExitError, fmt::format("starting container {}: {}", id, e.what()));
  }
}

void start_pod(Context& ctx, const store::PodConfig& pod) {
  auto store = containers(ctx);
  starting(pod.infra_id, [&] { start_infra(ctx, store, pod.id); });
  image::ImageStore images(ctx.paths().root);
  for (const auto& c : store::pod_containers(store, pod.id)) {
    if (c.config.infra || store.live_state(c).status == "running") continue;
    starting(c.config.id, [&] { start_container(ctx, store, c, images.rootfs(c.config.image_id), false, false); });
  }
}

// Members first, newest first; the infra last.
void stop_pod(Context& ctx, const store::PodConfig& pod, int timeout) {
  auto store = containers(ctx);
  auto ctrs = store::pod_containers(store, pod.id);
  std::stable_partition(ctrs.begin(), ctrs.end(), [](const store::Container& c) { return !c.config.infra; });
  std::reverse(ctrs.begin(), ctrs.end() - (ctrs.empty() || !ctrs.back().config.infra ? 0 : 1));
  for (const auto& c : ctrs) {
    if (!stop_container(store, c, timeout)) throw base::error("container {} in pod {} did not stop", c.config.id, pod.name);
  }
}

}  // namespace

int pod_start_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod start"), "Start one or more pods", "[options] POD [POD...]");
  add_selection(opts);
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  return for_pods(ctx, *r, [&](const store::PodConfig& p) { start_pod(ctx, p); });
}

int pod_stop_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod stop"), "Stop one or more pods", "[options] POD [POD...]");
  add_selection(opts);
  opts.add()("i,ignore", "Ignore errors when a specified pod is missing")
      ("t,time", "Seconds to wait for pod stop before killing the container", cxxopts::value<std::string>()->default_value("10"), "uint");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  int timeout = seconds_flag(*r);
  return for_pods(ctx, *r, [&](const store::PodConfig& p) { stop_pod(ctx, p, timeout); });
}

int pod_restart_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod restart"), "Restart one or more pods", "[options] POD [POD...]");
  add_selection(opts);
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  return for_pods(ctx, *r, [&](const store::PodConfig& p) {
    stop_pod(ctx, p, 10);
    start_pod(ctx, p);
  });
}

int pod_kill_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod kill"), "Send the specified signal or SIGKILL to containers in pod", "[options] POD [POD...]");
  add_selection(opts);
  opts.add()("s,signal", "Signal to send to the containers in the pod", cxxopts::value<std::string>()->default_value("KILL"), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  int sig = signal_number((*r)["signal"].as<std::string>());
  return for_pods(ctx, *r, [&](const store::PodConfig& p) {
    auto store = containers(ctx);
    for (const auto& c : store::pod_containers(store, p.id)) {
      if (store.live_state(c).status == "running") ::kill(c.state.pid, sig);
    }
  });
}

void remove_pod(Context& ctx, const store::PodConfig& pod, bool force, int timeout) {
  auto store = containers(ctx);
  auto ctrs = store::pod_containers(store, pod.id);
  if (!force) {
    for (const auto& c : ctrs) {
      if (store.live_state(c).status != "running") continue;
      throw base::error("removing container {} from pod {}: cannot remove container {} as it is running - running or "
                        "paused containers cannot be removed without force: container state improper",
                        c.config.id, pod.id, c.config.id);
    }
  }
  stop_pod(ctx, pod, timeout);
  for (const auto& c : store::pod_containers(store, pod.id)) store.remove(c.config.id);
  pods(ctx).remove(pod);
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
  return for_pods(ctx, *r, [&](const store::PodConfig& p) { remove_pod(ctx, p, force, timeout); });
}

int pod_prune_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod prune"), "Remove all stopped pods and their containers", "[options]");
  opts.add()("f,force", "Do not prompt for confirmation.  The default is false");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (!r->count("force")) {
    fmt::print("WARNING! This will remove all stopped/exited pods..\nAre you sure you want to continue? [y/N] ");
    std::fflush(stdout);
    std::string answer;
    if (!std::getline(std::cin, answer)) throw base::error("EOF");
    if (answer != "y" && answer != "Y" && answer != "yes") return 0;
  }
  auto store = containers(ctx);
  for (const auto& p : pods(ctx).list()) {
    std::vector<std::string> states;
    for (const auto& c : store::pod_containers(store, p.id)) states.push_back(store.live_state(c).status);
    if (store::pod_status(states) != "Exited") continue;
    remove_pod(ctx, p, false, 0);
    fmt::print("{}\n", p.id);
  }
  return 0;
}

}  // namespace cli
