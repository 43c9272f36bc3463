// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/restart.cc: the restart policy's decision, its backoff, the exec.
#include "monitor/restart.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>

#include "base/clock.h"
#include "base/error.h"
#include "config/host.h"
#include "store/pod_store.h"

namespace monitor {

std::string self_program() {
  char self[4096];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  return n > 0 ? std::string(self, static_cast<size_t>(n)) : "warren";
}

void apply_pod_exit_policy(const config::Settings& settings, const store::ContainerStore& store, const store::ContainerConfig& cfg) {
  if (cfg.pod.empty() || cfg.infra) return;
  auto pod = store::PodStore(settings.paths.root).find(cfg.pod);
  if (!pod || pod->exit_policy != "stop" || pod->infra_id.empty()) return;
  for (const auto& c : store::pod_containers(store, pod->id)) {
    if (c.config.infra) continue;
    if (c.config.id != cfg.id && store.live_state(c).status == "running") return;
    if (c.state.restarting) return;
  }
  if (auto infra = store.find(pod->infra_id); infra && store.live_state(*infra).status == "running") {
    store::process_of(infra->state).signal(SIGTERM);
  }
}

bool restart_wanted(const store::ContainerConfig& cfg, const store::ContainerState& now, int code) {
  if (now.stop_requested || cfg.remove) return false;
  const std::string& p = cfg.restart_policy;
  if (p == "always" || p == "unless-stopped") return true;
  if (p == "on-failure") return code != 0 && (cfg.restart_retries == 0 || now.restart_count < cfg.restart_retries);
  return false;
}

int restart_delay_ms(const store::ContainerState& s) {
  if (s.quick_restarts == 0) return 0;
  return std::min(10000, 100 << std::min(s.quick_restarts - 1, 7));
}

std::vector<std::string> monitor_args(const store::ContainerStore& store, const std::string& id, const MonitorOptions& opts) {
  std::vector<std::string> args = {config::helper_path("warren-monitor"), "--root", store.root(), "--runroot", store.runroot(),
                                   "--lower", opts.lower, "--network-config-dir", opts.network_config_dir};
  if (opts.attached) args.emplace_back("--attached");
  if (!opts.default_gateway.empty()) {
    args.emplace_back("--default-gateway");
    args.push_back(opts.default_gateway);
  }
  if (opts.exit_fd >= 0) {
    args.emplace_back("--exit-fd");
    args.push_back(std::to_string(opts.exit_fd));
  }
  if (opts.restarting) args.emplace_back("--restarting");
  if (opts.init_only) args.emplace_back("--init");
  if (opts.attached) {
    for (auto [flag, value] : {std::pair{"--streams", opts.streams}, {"--detach-keys", opts.detach_keys}}) {
      args.emplace_back(flag);
      args.push_back(value);
    }
  }
  if (opts.lock_fd >= 0) {
    args.emplace_back("--lock-fd");
    args.push_back(std::to_string(opts.lock_fd));
  }
  if (opts.preserve_fds > 0) {
    args.emplace_back("--preserve-fds");
    args.push_back(std::to_string(opts.preserve_fds));
  }
  args.emplace_back("--cli");
  args.push_back(opts.cli.empty() ? self_program() : opts.cli);
  args.emplace_back("--report-fd");
  args.emplace_back("");
  args.push_back(id);
  return args;
}

void restart_later(const store::ContainerStore& store, const std::string& id, MonitorOptions opts, int code) {
  detach_stdio();
  auto wanted = [&] {
    auto c = store.find(id);
    return c && c->state.restarting && !c->state.stop_requested;
  };
  auto c = store.find(id);
  int delay = c ? restart_delay_ms(c->state) : 0;
  // In slices, so that a stop or an rm meanwhile ends the wait at once.
  for (int waited = 0; waited < delay && wanted(); waited += 50) ::usleep(50 * 1000);
  if (!wanted()) ::_exit(code & 0xff);
  opts.attached = false;
  opts.exit_fd = -1;
  opts.preserve_fds = 0;  // handed over at the first start
  opts.lock_fd = -1;      // the first start's CLI's, long released
  opts.init_only = false;
  opts.restarting = true;
  std::vector<std::string> args = monitor_args(store, id, opts);
  // Nobody waits for this run's report: it goes to /dev/null.
  int null = ::open("/dev/null", O_WRONLY);
  args[args.size() - 2] = std::to_string(null);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(args[0].c_str(), argv.data());
  ::_exit(code & 0xff);
}

Restarter Restarter::fork_outside(const store::ContainerStore& store, const std::string& id, const MonitorOptions& opts) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw base::LaunchError(125, errno, "create the restarter's pipe");
  base::UniqueFd r(fds[0]), w(fds[1]);
  ::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw base::LaunchError(125, errno, "fork the restarter");
  if (pid == 0) {
    // Nothing of the monitor's held here (its locks, ports, pipes): the
    // pipe alone, as fd 3.
    if (::dup2(r.get(), 3) < 0) ::_exit(0);
    ::syscall(SYS_close_range, 4, ~0U, 0);
    detach_stdio();
    unsigned char code;
    ssize_t n;
    while ((n = ::read(3, &code, 1)) < 0 && errno == EINTR) {
    }
    if (n != 1) ::_exit(0);
    ::close(3);
    restart_later(store, id, opts, code);
  }
  return Restarter(std::move(w));
}

void Restarter::restart(int code) {
  unsigned char byte = static_cast<unsigned char>(code & 0xff);
  (void)!::write(w_.get(), &byte, 1);
  ::_exit(code & 0xff);
}

}  // namespace monitor
