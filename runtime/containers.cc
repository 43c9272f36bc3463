// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/containers.cc: start, stop, kill and remove under the container's lock.
#include "runtime/containers.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "base/error.h"
#include "dns/control.h"
#include "launch/credentials.h"
#include "launch/root_access.h"
#include "image/image_store.h"
#include "monitor/root_mount.h"
#include "monitor/initialized.h"
#include "monitor/monitor.h"
#include "monitor/reconcile.h"
#include "netconf/network_config.h"
#include "rootless/id_mapping.h"
#include "runtime/cgroup_control.h"
#include "runtime/pods.h"
#include "monitor/user_volumes.h"
#include "monitor/volumes.h"
#include "store/events.h"
#include "store/volume_store.h"

namespace runtime {

namespace {

// host.containers.internal for a container off networks: the default
// network's gateway, as Podman 4.3 writes it.
std::string default_gateway(const config::Settings& settings) {
  try {
    return netconf::default_network(settings.conf.default_network, settings.conf.default_subnet).subnets.front().gateway;
  } catch (const base::Error&) {
    return "";  // a default_subnet that is no subnet: no host.containers.internal off networks
  }
}

// The full id that every lock is keyed by; throws for an unknown name. A
// full id is taken as it is: the record is read under the lock anyway.
std::string full_id(const store::ContainerStore& store, const std::string& name_or_id) {
  if (store::is_full_id(name_or_id)) return name_or_id;
  return store.get(name_or_id).config.id;
}

}  // namespace

std::optional<store::Container> reread(const config::Settings& settings, const store::ContainerStore& store,
                                       const std::string& id) {
  auto c = store.find(id);
  if (c) {
    c->state = monitor::reconcile_locked(store, *c, settings.paths);
  } else {
    ::unlink(store.lock_path(id).c_str());  // no record: no lock file either
  }
  return c;
}

store::Container reread_existing(const config::Settings& settings, const store::ContainerStore& store,
                                 const std::string& id, const std::string& named) {
  auto c = reread(settings, store, id);
  if (!c) throw base::error("no container with name or ID \"{}\" found: no such container", named);
  return std::move(*c);
}

store::ContainerState state_of(const config::Settings& settings, const store::ContainerStore& store,
                               const store::Container& c) {
  store::ContainerState s = monitor::reconcile(store, c, settings.paths);
  if (s.status == "running" && s.paused) s.status = "paused";
  return s;
}

rootless::ChildWork start_in_root(const config::Settings& settings, const store::ContainerStore& store,
                                  const store::Container& c, const std::string& lower,
                                  const std::function<void(const base::RootDir&)>& work) {
  launch::RootAccess access;
  std::optional<rootless::IdMaps> maps;
  if (settings.paths.rootless) maps = rootless::user_id_maps(launch::user_of(settings.env));
  access.maps = maps ? &*maps : nullptr;
  rootless::IdMaps own;
  monitor::UserVolumes volumes;  // let go of when the work is done
  if (!settings.paths.rootless && !c.config.uid_map.empty()) {
    own = rootless::direct_maps(c.config.uid_map, c.config.gid_map);
    access.own_maps = &own;
  }
  if (c.state.status == "running" && c.state.pid > 0) {
    access.pid = c.state.pid;
  } else {
    if (lower.empty()) throw base::error("container {} has no root filesystem of its own", c.config.name);
    access.lower = lower;
    access.direct_root = store::root_in_place(c.config);
    access.dir = store.dir(c.config.id);
    volumes = monitor::UserVolumes::prepare(settings, c.config, lower);
    access.mounts = monitor::launch_mounts(settings, c.config, lower, access.dir, volumes);
  }
  return launch::start_in_root(access, work);
}

namespace {

// --requires: a container this one needs runs first (started as Podman
// starts it, detached).
void start_required(const config::Settings& settings, const store::ContainerStore& store, const std::string& id) {
  auto other = store.find(id);
  if (!other) throw base::error("dependency container {} does not exist: no such container", id);
  image::ImageStore images(settings.paths.root, !settings.rootless());
  start_container(settings, store, id, StartRequest{root_lower(images, store, other->config)});
}

// start of an initialized container: its monitor goes on, and the start
// returns once the record says running (or the monitor has ended).
std::optional<pid_t> start_initialized(const store::ContainerStore& store, const store::Container& c) {
  base::ProcessId watcher = store::monitor_of(c.state);
  monitor::release_initialized(store, c.config.id, true);
  for (int i = 0; i < 1000 && watcher.alive(); ++i) {
    auto now = store.find(c.config.id);
    if (!now || now->state.status != "initialized") break;
    ::usleep(10 * 1000);
  }
  return std::nullopt;
}

// stop, kill and rm of an initialized container: its monitor ends it
// (its network torn down, the record as before init). False when it is
// not initialized.
bool end_initialized(const config::Settings& settings, const store::ContainerStore& store, const std::string& id) {
  base::ProcessId watcher;
  {
    base::FileLock lock = store.lock(id);
    auto c = reread(settings, store, id);
    if (!c || c->state.status != "initialized") return false;
    watcher = store::monitor_of(c->state);
    monitor::release_initialized(store, id, false);
  }
  watcher.wait_exit(10000);
  return true;
}

}  // namespace

std::optional<pid_t> start_container(const config::Settings& settings, const store::ContainerStore& store,
                                     const std::string& name, const StartRequest& req) {
  std::string id = full_id(store, name);
  base::FileLock lock = store.lock(id);
  store::Container c = reread_existing(settings, store, id, name);
  if (req.init_only && (c.state.status == "running" || c.state.status == "initialized")) {
    throw base::error("container {} has already been created in runtime: container state improper", c.config.id);
  }
  if (c.state.status == "running") return std::nullopt;
  if (c.state.status == "initialized") return start_initialized(store, c);
  if (c.state.restarting && store::monitor_of(c.state).alive()) return std::nullopt;  // its policy brings it back
  if (c.state.stop_requested || c.state.restarting) {
    // A start ends what a stop asked for: its policy holds again.
    c.state.stop_requested = false;
    c.state.restarting = false;
    store.save_state(id, c.state);
  }
  try {
    for (const auto& other : c.config.required) start_required(settings, store, other);
    if (!c.config.pod.empty() && !c.config.infra) start_infra(settings, store, c.config.pod);
    monitor::MonitorOptions opts{req.lower, req.attached, settings.paths.network_config_dir, req.exit_fd,
                                 default_gateway(settings)};
    opts.streams = req.streams;
    opts.detach_keys = req.detach_keys;
    opts.preserve_fds = req.preserve_fds;
    opts.lock_fd = lock.fd();
    opts.init_only = req.init_only;
    return monitor::start_monitor(store, c, opts);
  } catch (const base::Error&) {
    if (req.remove_on_failure) {
      // What failed is the error; a failure to clean up after it must
      // not hide it.
      try {
        store.remove(id);
        store::remove_anonymous_volumes(monitor::volume_store(settings), store, c.config);
      } catch (const base::Error&) {
      }
    }
    throw;
  }
}

bool stop_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& name,
                    int timeout) {
  std::string id = full_id(store, name);
  base::ProcessId watcher;
  std::optional<store::ContainerConfig> stopped;
  auto done = [&] {
    if (stopped) store::record_container_event(settings.paths, *stopped, "stop");
    return true;
  };
  if (end_initialized(settings, store, id)) return true;
  for (int round = 0; round < 2; ++round) {
    int sig = SIGKILL;
    {
      base::FileLock lock = store.lock(id);
      auto c = reread(settings, store, id);
      if (!c) return done();
      // Its --stop-signal first, then SIGKILL after `timeout` (its
      // --stop-timeout when none is given).
      if (round == 0) {
        sig = c->config.stop_signal;
        if (timeout < 0) timeout = c->config.stop_timeout;
      }
      watcher = store::monitor_of(c->state);
      bool coming_back = c->state.restarting && watcher.alive();
      if (c->state.status != "running" && !coming_back) return done();
      bool policy = !c->config.restart_policy.empty() && c->config.restart_policy != "no";
      if (policy && !c->state.stop_requested) {
        // No restart after this: its policy yields to the stop.
        c->state.stop_requested = true;
        store.save_state(id, c->state);
      }
      if (c->state.status == "running") store::process_of(c->state).signal(sig);
      thaw_if_paused(settings, store, *c);  // a frozen process takes no signal
      stopped = c->config;
    }
    // The lock is free again: the monitor takes it to record the end.
    if (watcher.wait_exit(round == 0 ? timeout * 1000 : 10000)) return done();
  }
  return false;
}

void kill_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& name, int sig) {
  std::string id = full_id(store, name);
  if (end_initialized(settings, store, id)) {
    if (auto c = store.find(id)) store::record_container_event(settings.paths, c->config, "kill");
    return;
  }
  base::FileLock lock = store.lock(id);
  store::Container c = reread_existing(settings, store, id, id);
  if (c.state.status != "running") {
    throw base::error("can only kill running containers. {} is in state {}: container state improper", c.config.id,
                      c.state.status);
  }
  if (!store::process_of(c.state).signal(sig)) throw base::sys_error(errno, "kill container {}", name);
  thaw_if_paused(settings, store, c);
  store::record_container_event(settings.paths, c.config, "kill");
}

void rename_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& name,
                      const std::string& new_name) {
  std::string id = full_id(store, name);
  bool running = false;
  {
    base::FileLock lock = store.lock(id);
    store::Container c = reread_existing(settings, store, id, id);
    if (c.config.infra) throw base::error("renaming infra containers is not supported: invalid argument");
    store.rename(c.config, new_name);
    running = c.state.status == "running";
    c.config.name = new_name;
    store::record_container_event(settings.paths, c.config, "rename");
  }
  dns::DnsPaths dns{store.root(), store.runroot(), settings.paths.network_config_dir};
  if (running && dns::dns_responder_pid(dns) > 0) dns::refresh_dns(dns, false);
}

void retire_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& name,
                      int timeout) {
  std::string id = full_id(store, name);
  end_initialized(settings, store, id);  // its monitor holds it made: ended first
  for (int tries = 0; tries < 3; ++tries) {
    {
      base::FileLock lock = store.lock(id);
      auto c = reread(settings, store, id);
      if (!c) return;
      if (c->state.status != "running") {
        monitor::unmount_root(store, id, true);  // `warren mount`'s, if any
        store.retire(*c);
        store::record_container_event(settings.paths, c->config, "remove");
        return;
      }
    }
    // Running (or started again while it was stopping): stopped without
    // the lock, which its monitor takes to record the end.
    if (!stop_container(settings, store, id, timeout)) throw base::error("container {} did not stop", name);
  }
  throw base::error("container {} did not stop: it was started again", name);
}

void remove_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& name,
                      int timeout) {
  std::string id = full_id(store, name);
  if (!stop_container(settings, store, id, timeout)) throw base::error("container {} did not stop", name);
  base::FileLock lock = store.lock(id);
  if (auto c = store.find(id)) {
    monitor::unmount_root(store, id, true);
    store.remove(id);
    store::record_container_event(settings.paths, c->config, "remove");
  }
}

}  // namespace runtime
