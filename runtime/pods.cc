// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/pods.cc: a pod's containers together.
#include "runtime/pods.h"

#include <algorithm>

#include "base/error.h"
#include "base/scope.h"
#include "image/image_store.h"
#include "monitor/cgroup.h"
#include "monitor/volumes.h"
#include "runtime/containers.h"
#include "store/events.h"

namespace runtime {

namespace {

store::ContainerStore containers_of(const config::Settings& settings) { return monitor::container_store(settings); }

// Podman's words for a container of the pod that would not start (exit 125).
template <typename F>
void starting(const std::string& id, F&& start) {
  try {
    start();
  } catch (const base::Error& e) {
    throw base::LaunchError(125, 0, fmt::format("starting container {}: {}", id, e.what()));
  }
}

// Podman's pod events: the pod's id and name, no image.
void record_pod_event(const config::Settings& settings, const store::PodConfig& pod, const std::string& status) {
  store::record_event(settings.paths, store::make_event("pod", status, pod.name, pod.id));
}

}  // namespace

store::PodConfig create_pod(const config::Settings& settings, store::PodConfig pod, store::ContainerConfig infra) {
  store::PodStore pods(settings.paths.root);
  pod = pods.create(pod);
  try {
    monitor::make_pod_cgroup(pod);  // its limits checked now, as Podman's
  } catch (const base::Error&) {
    pods.remove(pod);
    throw;
  }
  record_pod_event(settings, pod, "create");
  if (!pod.infra) return pod;
  auto undo = base::on_failure([&] { pods.remove(pod); });
  if (pod.hostname.empty()) pod.hostname = pod.name;
  if (infra.name.empty()) infra.name = pod.id.substr(0, 12) + "-infra";
  if (pod.cgroup) infra.cgroup_parent = pod.cgroup_path();  // in the pod's cgroup, as Podman's
  infra.pod = pod.id;
  infra.infra = true;
  infra.hostname = pod.shares("uts") ? pod.hostname : infra.id.substr(0, 12);
  if (infra.image_id.empty()) infra.image_name = "";  // warren-infra: no image
  auto ctrs = containers_of(settings);
  auto made = ctrs.create(infra);
  store::record_container_event(settings.paths, made.config, "create");
  auto undo_infra = base::on_failure([&] { ctrs.remove(made.config.id); });
  pod.infra_id = made.config.id;
  pods.save(pod);
  undo_infra.dismiss();
  undo.dismiss();
  return pod;
}

void join_pod(const store::PodConfig& pod, store::ContainerConfig& c) {
  c.pod = pod.id;
  // Under the pod's cgroup (Podman's --share-parent), unless given another.
  if (pod.cgroup && pod.share_parent && c.cgroup_parent.empty()) c.cgroup_parent = pod.cgroup_path();
  for (const auto& d : pod.devices) {
    if (std::find(c.devices.begin(), c.devices.end(), d) == c.devices.end()) c.devices.push_back(d);
  }
  // The pod's --sysctl, but where the member sets the same key.
  for (const auto& kv : pod.sysctls) {
    std::string key = kv.substr(0, kv.find('='));
    bool own = std::any_of(c.sysctls.begin(), c.sysctls.end(), [&](const std::string& s) { return s.substr(0, s.find('=')) == key; });
    if (!own) c.sysctls.push_back(kv);
  }
  if (!pod.infra) return;
  if (pod.shares("net")) {
    c.network = store::NetworkMode(store::NetworkMode::Kind::container, pod.infra_id);
    c.networks.clear();
    c.ports.clear();
  }
  if (pod.shares("uts")) {
    c.uts = pod.infra_id;
    c.hostname = pod.hostname;
  }
  if (pod.shares("pid")) c.pid = pod.infra_id;
  if (pod.shares("cgroup")) c.cgroupns = "container:" + pod.infra_id;
  if (pod.shares("ipc")) {
    c.ipc = pod.infra_id;
    c.shm_size = pod.shm_size;  // the pod's /dev/shm (a regular user's members mount their own of its size)
  }
}

store::ContainerConfig infra_for(store::ContainerConfig& c) {
  store::ContainerConfig infra;
  infra.id = store::random_id();
  for (auto& n : c.networks) {
    std::erase(n.aliases, c.id.substr(0, 12));
    n.aliases.push_back(infra.id.substr(0, 12));
  }
  infra.network = c.network;
  infra.networks = c.networks;
  infra.ports = c.ports;
  infra.add_hosts = c.add_hosts;
  infra.no_hosts = c.no_hosts;
  infra.dns = c.dns;
  infra.dns_search = c.dns_search;
  infra.dns_options = c.dns_options;
  return infra;
}

void start_infra(const config::Settings& settings, const store::ContainerStore& store, const std::string& pod_id) {
  auto pod = store::PodStore(settings.paths.root).get(pod_id);
  if (pod.infra_id.empty()) return;
  // An infra of an image (pod create --infra-image): its root, as a container's.
  auto infra = store.find(pod.infra_id);
  std::string lower;
  if (infra && !infra->config.image_id.empty()) lower = root_lower(image::ImageStore(settings.paths.root, !settings.rootless()), store, infra->config);
  start_container(settings, store, pod.infra_id, StartRequest{lower});
}

namespace {

// A member removed with its anonymous volumes, as Podman's pod rm takes them.
void remove_member(const config::Settings& settings, const store::ContainerStore& store, const store::Container& c) {
  remove_container(settings, store, c.config.id, 0);
  store::remove_anonymous_volumes(monitor::volume_store(settings), store, c.config);
}

// The pod's init containers, after its infra and before the others, one
// at a time to their end, in the order they were made: one that fails
// fails the pod's start; a `once` one is removed after its run.
void run_init_containers(const config::Settings& settings, const store::ContainerStore& store, const store::PodConfig& pod,
                         const image::ImageStore& images) {
  for (const auto& c : store::pod_containers(store, pod.id)) {
    if (c.config.init_ctr.empty()) continue;
    start_container(settings, store, c.config.id, StartRequest{root_lower(images, store, c.config)});
    if (auto now = store.find(c.config.id); now && state_of(settings, store, *now).status == "running") {
      store::monitor_of(now->state).wait_exit(-1);
    }
    auto ended = store.find(c.config.id);
    int code = ended ? state_of(settings, store, *ended).exit_code : 0;
    if (code != 0) throw base::error("init container {} exited with code {}", c.config.id, code);
    if (c.config.init_ctr == "once") remove_member(settings, store, c);
  }
}

}  // namespace

void start_pod(const config::Settings& settings, const store::PodConfig& pod) {
  auto store = containers_of(settings);
  starting(pod.infra_id, [&] { start_infra(settings, store, pod.id); });
  image::ImageStore images(settings.paths.root, !settings.rootless());
  run_init_containers(settings, store, pod, images);
  for (const auto& c : store::pod_containers(store, pod.id)) {
    if (c.config.infra || !c.config.init_ctr.empty()) continue;
    starting(c.config.id, [&] {
      start_container(settings, store, c.config.id, StartRequest{root_lower(images, store, c.config)});
    });
  }
  record_pod_event(settings, pod, "start");
}

void stop_pod(const config::Settings& settings, const store::PodConfig& pod, int timeout) {
  auto store = containers_of(settings);
  auto ctrs = store::pod_containers(store, pod.id);
  std::stable_partition(ctrs.begin(), ctrs.end(), [](const store::Container& c) { return !c.config.infra; });
  std::reverse(ctrs.begin(), ctrs.end() - (ctrs.empty() || !ctrs.back().config.infra ? 0 : 1));
  for (const auto& c : ctrs) {
    if (!stop_container(settings, store, c.config.id, timeout)) {
      throw base::error("container {} in pod {} did not stop", c.config.id, pod.name);
    }
  }
  record_pod_event(settings, pod, "stop");
}

void kill_pod(const config::Settings& settings, const store::PodConfig& pod, int sig) {
  auto store = containers_of(settings);
  for (const auto& c : store::pod_containers(store, pod.id)) {
    if (state_of(settings, store, c).status != "running") continue;
    try {
      kill_container(settings, store, c.config.id, sig);
    } catch (const base::Error&) {
      // ended meanwhile: nothing to signal
    }
  }
  record_pod_event(settings, pod, "kill");
}

void remove_pod(const config::Settings& settings, const store::PodConfig& pod, bool force, int timeout) {
  auto store = containers_of(settings);
  if (!force) {
    for (const auto& c : store::pod_containers(store, pod.id)) {
      if (state_of(settings, store, c).status != "running") continue;
      throw base::error("removing container {} from pod {}: cannot remove container {} as it is running - running or "
                        "paused containers cannot be removed without force: container state improper",
                        c.config.id, pod.id, c.config.id);
    }
  }
  stop_pod(settings, pod, timeout);
  for (const auto& c : store::pod_containers(store, pod.id)) remove_member(settings, store, c);
  monitor::remove_pod_cgroup(pod);
  store::PodStore(settings.paths.root).remove(pod);
  record_pod_event(settings, pod, "remove");
}

std::string pod_state(const config::Settings& settings, const store::PodConfig& pod) {
  auto store = containers_of(settings);
  std::vector<std::string> states;
  for (const auto& c : store::pod_containers(store, pod.id)) states.push_back(state_of(settings, store, c).status);
  return store::pod_status(states);
}

}  // namespace runtime
