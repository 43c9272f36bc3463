// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/containers.h: a container's life as the commands change it:
// start, stop, kill and remove, each under the container's lock
// (store/container_store.h), so that two commands on one container
// serialize and the second sees what the first did. A record whose
// monitor is gone is reconciled (monitor/reconcile.h) before it is acted
// on or shown.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>

#include "base/root_dir.h"
#include "config/settings.h"
#include "image/image_store.h"
#include "rootless/mapped_root.h"
#include "runtime/storage.h"
#include "store/container_store.h"

namespace runtime {

// For a caller holding the container's lock (store.lock(id), `id` the full
// id): the record read again and reconciled; nullopt when it is gone (and
// then its lock file too).
std::optional<store::Container> reread(const config::Settings& settings, const store::ContainerStore& store,
                                       const std::string& id);
// The same, or Podman's "no container with name or ID" for `named`.
store::Container reread_existing(const config::Settings& settings, const store::ContainerStore& store,
                                 const std::string& id, const std::string& named);

// The state of `c` as it really is, what a dead monitor left cleaned up;
// "paused" for a running container that is frozen (the record says
// "running" with `paused`).
store::ContainerState state_of(const config::Settings& settings, const store::ContainerStore& store,
                               const store::Container& c);

// For a caller holding the container's lock (so that it neither starts
// nor ends meanwhile): `work` started in a child given the container's
// root (launch/root_access.h): a running one's, or its overlay over
// `lower` (the image's root filesystem) mounted for the child alone.
rootless::ChildWork start_in_root(const config::Settings& settings, const store::ContainerStore& store,
                                  const store::Container& c, const std::string& lower,
                                  const std::function<void(const base::RootDir&)>& work);

struct StartRequest {
  std::string lower;               // the image's root filesystem; empty for a pod's infra
  bool attached = false;           // the monitor relays to this terminal
  bool remove_on_failure = false;  // a container that never ran leaves nothing
  int exit_fd = -1;                // the monitor writes the exit code here (run, attached)
  std::string streams;             // run -a: the outputs shown ("": both)
  std::string detach_keys = "ctrl-p,ctrl-q";  // run -it's
  int preserve_fds = 0;            // run --preserve-fds
  bool init_only = false;          // init: made and held before its exec ("initialized")
};

// Starts `id` (its pod's infra first) and returns its monitor's pid once
// it runs; nullopt when it was running already. Throws LaunchError (the
// exit code Podman gives) when it could not start.
std::optional<pid_t> start_container(const config::Settings& settings, const store::ContainerStore& store,
                                     const std::string& id, const StartRequest& req);

// Its stop signal (--stop-signal, SIGTERM), then SIGKILL after `timeout`
// seconds (negative: its --stop-timeout);
// true once it has ended (or was not running), false if it would not end.
// The lock is let go while waiting: the monitor records the end under it.
bool stop_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& id,
                    int timeout);

// Sends `sig` to its first process; throws Podman's "can only kill
// running containers" when it does not run.
void kill_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& id, int sig);

// `podman rename`: a new name for it (not for a pod's infra); a running
// container's name records on its networks follow.
void rename_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& name,
                      const std::string& new_name);

// Stops it (when running) and takes it out of every view, its name free;
// its files are left for store.purge_trash() (monitor::spawn_purge).
// Throws when it would not stop.
void retire_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& id,
                      int timeout);

// Stops it and removes its files now (a pod's members and infra).
void remove_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& id,
                      int timeout);

}  // namespace runtime
