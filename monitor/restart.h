// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/restart.h: --restart, without systemd or a daemon: when the
// container ends and its policy asks for it, its monitor records the end
// (State.Restarting true, RestartCount one more), waits out a backoff
// (none after a run of 10 s or more; else 100 ms, doubling, at most
// 10 s) and execs itself anew, which sets the container up again as
// `start` would: its network, cgroup and process. `stop` sets
// stop_requested, which ends the restarting; `start` clears it. And a
// pod's exit policy, the other thing decided when a member ends.
#pragma once

#include <string>
#include <vector>

#include "base/fd.h"
#include "monitor/monitor.h"
#include "store/container_store.h"

namespace monitor {

// Whether a container that ended with `code` goes again, by its policy
// and what its record says now (stop_requested, the count so far).
bool restart_wanted(const store::ContainerConfig& cfg, const store::ContainerState& now, int code);

// A pod's --exit-policy stop: once its last member has ended (and will
// not restart), its infra is stopped (SIGTERM), and the pod with it.
void apply_pod_exit_policy(const config::Settings& settings, const store::ContainerStore& store, const store::ContainerConfig& cfg);

// The wait before the next start, from how the last run went.
int restart_delay_ms(const store::ContainerState& s);

// The program this process runs (/proc/self/exe).
std::string self_program();

// warren-monitor's command line for the container (the report fd's
// value left empty, second to last).
std::vector<std::string> monitor_args(const store::ContainerStore& store, const std::string& id, const MonitorOptions& opts);

// After the backoff, if the record still asks for it (there, restarting,
// no stop asked for), execs the monitor again, detached, for the next
// run; otherwise ends this process with `code`.
[[noreturn]] void restart_later(const store::ContainerStore& store, const std::string& id, MonitorOptions opts, int code);

// A regular user's container on bridge networks: its monitor joins the
// user's network namespace (monitor/user_netns.h), where a monitor
// exec'd anew could not hold host ports. With a restart policy, a child
// forked before that stays outside, holding nothing but a pipe, and
// restarts (restart_later) when told; it ends when the pipe closes.
class Restarter {
 public:
  static Restarter fork_outside(const store::ContainerStore& store, const std::string& id, const MonitorOptions& opts);
  Restarter(Restarter&&) noexcept = default;
  Restarter& operator=(Restarter&&) noexcept = default;
  // Hands the restart, with the code, to the child; then this process ends.
  [[noreturn]] void restart(int code);

 private:
  explicit Restarter(base::UniqueFd w) : w_(std::move(w)) {}
  base::UniqueFd w_;
};

}  // namespace monitor
