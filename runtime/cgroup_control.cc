// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/cgroup_control.cc: pause, unpause and stats over monitor/cgroup.h.
#include "runtime/cgroup_control.h"

#include <sys/sysinfo.h>

#include <sstream>

#include "base/clock.h"
#include "base/error.h"
#include "base/file.h"
#include "monitor/cgroup.h"
#include "runtime/containers.h"
#include "store/events.h"

namespace runtime {

namespace {

launch::Cgroup cgroup_of(const config::Settings& settings, const store::Container& c, const char* rootless_error) {
  auto cg = monitor::container_cgroup(settings.paths, c.config);
  if (!cg && settings.paths.rootless) throw base::error("{}", rootless_error);
  if (!cg || !cg->exists()) throw base::error("container {} has no cgroup: it was made with --cgroups=disabled", c.config.id);
  return *cg;
}

void set_paused(const config::Settings& settings, const store::ContainerStore& store, const std::string& name, bool pause) {
  std::string id = store.get(name).config.id;
  base::FileLock lock = store.lock(id);
  store::Container c = reread_existing(settings, store, id, name);
  if (c.state.status != "running") {
    if (pause) throw base::error("\"{}\" is not running, can't pause: container state improper", c.state.status);
    throw base::error("\"{}\" is not paused, can't unpause: container state improper", c.config.id);
  }
  if (pause && c.state.paused) throw base::error("\"{}\" is already paused: container state improper", c.config.id);
  if (!pause && !c.state.paused) throw base::error("\"{}\" is not paused, can't unpause: container state improper", c.config.id);
  cgroup_of(settings, c, "can not pause containers on rootless containers with cgroup V1: this container does not have a cgroup").freeze(pause);
  c.state.paused = pause;
  store.save_state(id, c.state);
  store::record_container_event(settings.paths, c.config, pause ? "pause" : "unpause");
}

// What its interfaces moved, from its network namespace's /proc/PID/net/dev.
void net_io(pid_t pid, ContainerStats& s) {
  auto text = base::read_file("/proc/" + std::to_string(pid) + "/net/dev");
  if (!text) return;
  std::istringstream in(*text);
  std::string line;
  for (int i = 0; i < 2 && std::getline(in, line); ++i) {
  }
  while (std::getline(in, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    name.erase(0, name.find_first_not_of(' '));
    if (name == "lo") continue;
    std::istringstream fields(line.substr(colon + 1));
    uint64_t v[16] = {};
    for (auto& f : v) fields >> f;
    s.net_rx += v[0];
    s.net_tx += v[8];
  }
}

}  // namespace

void pause_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& name) {
  set_paused(settings, store, name, true);
}

void unpause_container(const config::Settings& settings, const store::ContainerStore& store, const std::string& name) {
  set_paused(settings, store, name, false);
}

void thaw_if_paused(const config::Settings& settings, const store::ContainerStore& store, const store::Container& c) {
  if (!c.state.paused) return;
  if (auto cg = monitor::container_cgroup(settings.paths, c.config); cg && cg->exists()) cg->freeze(false);
  store::ContainerState s = c.state;
  s.paused = false;
  store.save_state(c.config.id, s);
}

ContainerStats container_stats(const config::Settings& settings, const store::ContainerStore& store, const store::Container& c) {
  ContainerStats s;
  if (settings.paths.rootless && !monitor::container_cgroup(settings.paths, c.config)) {
    throw base::error("stats is not supported in rootless mode without cgroups v2");
  }
  store::ContainerState state = state_of(settings, store, c);
  if (state.status != "running" && state.status != "paused") return s;
  launch::Cgroup cg = cgroup_of(settings, c, "stats is not supported in rootless mode without cgroups v2");
  launch::CgroupStats cs = cg.stats();
  s.cpu_ns = cs.cpu_ns;
  s.memory = cs.memory;
  struct sysinfo si {};
  uint64_t host = ::sysinfo(&si) == 0 ? static_cast<uint64_t>(si.totalram) * si.mem_unit : 0;
  s.memory_limit = cs.memory_limit && cs.memory_limit < host ? cs.memory_limit : host;
  s.pids = cs.pids;
  s.block_read = cs.read_bytes;
  s.block_write = cs.write_bytes;
  if (auto started = base::parse_rfc3339(state.started)) s.cpu_seconds_up = static_cast<double>(base::now_ns() - *started) / 1e9;
  net_io(state.pid, s);
  return s;
}

}  // namespace runtime
