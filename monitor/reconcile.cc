// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/reconcile.cc: cleaning up after a dead monitor.
#include "monitor/reconcile.h"

#include <signal.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/log.h"
#include "monitor/cgroup.h"
#include "monitor/shm.h"
#include "monitor/user_netns.h"
#include "netconf/network_attach.h"

namespace monitor {

store::ContainerState reconcile_locked(const store::ContainerStore& store, const store::Container& c,
                                       const config::Paths& paths) {
  store::ContainerState s = c.state;
  if (!store::ContainerStore::monitor_lost(s)) return s;
  // Its first process, only if it is still the one that was started (the
  // pid with its start time): a container would run on unwatched.
  if (s.pid_start != 0) store::process_of(s).signal(SIGKILL);
  if (!s.networks.empty()) {
    auto detach = [&] {
      std::string problems = netconf::detach_networks(c.config.id, paths.netns_dir(), store.run_dir(c.config.id),
                                                      netconf::CniDirs::of(paths), s.networks);
      if (!problems.empty()) LOG_DEBUG("reconcile {}: {}", c.config.id, problems);
    };
    // A regular user's: in the user's network namespace while it runs
    // (else what is left is the leases and the namespace's file).
    try {
      if (!paths.rootless || !in_user_netns(paths, detach)) detach();
    } catch (const base::Error& e) {
      LOG_DEBUG("reconcile {}: {}", c.config.id, e.what());
    }
    if (paths.rootless) nudge_user_netns(paths);
    s.networks.clear();
  }
  if (auto cg = container_cgroup(paths, c.config)) {
    s.oom_killed = cg->oom_killed();
    cg->remove();
  }
  release_shm(store, c.config, paths.rootless);
  s.status = "exited";
  s.exit_code = 137;
  s.finished = base::rfc3339_now();
  store.save_state(c.config.id, s);
  return s;
}

store::ContainerState reconcile(const store::ContainerStore& store, const store::Container& c, const config::Paths& paths) {
  if (!store::ContainerStore::monitor_lost(c.state)) return c.state;
  base::FileLock lock = store.lock(c.config.id);
  auto now = store.find(c.config.id);
  if (!now) return store.live_state(c);  // removed meanwhile: what it was, as it ended
  return reconcile_locked(store, *now, paths);
}

}  // namespace monitor
