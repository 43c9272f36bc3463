// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/container_stdio.cc: a container's pipes and its relay's set-up (container_stdio.h).
#include "monitor/container_stdio.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "base/error.h"
#include "base/log.h"
#include "monitor/attach_socket.h"
#include "monitor/detach_keys.h"

namespace monitor {

Pipes make_pipes(bool interactive, bool attached) {
  Pipes p;
  auto pipe = [](base::UniqueFd& r, base::UniqueFd& w) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) throw base::LaunchError(125, errno, "create the container's pipes");
    r.reset(fds[0]);
    w.reset(fds[1]);
  };
  pipe(p.out_r, p.out_w);
  pipe(p.err_r, p.err_w);
  if (interactive && !attached) pipe(p.in_r, p.in_w);
  p.null.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  return p;
}

namespace {

// run -a: whether the attached terminal gets `stream` ("stdout", "stderr").
bool shown(const MonitorOptions& opts, const std::string& stream) {
  return opts.attached && (opts.streams.empty() || ("," + opts.streams + ",").find("," + stream + ",") != std::string::npos);
}

}  // namespace

Relay relay_for(launch::Launched& l, Pipes& pipes, const store::ContainerConfig& cfg, const MonitorOptions& opts) {
  Relay r;
  bool attached = opts.attached;
  if (l.terminal) {
    int master = l.terminal.get();
    bool out = shown(opts, "stdout") || shown(opts, "stderr");  // one stream on a terminal
    r.outputs.push_back({std::move(l.terminal), "stdout", out ? 1 : -1});
    if (attached && cfg.interactive) {
      r.input = 0;
      r.input_to = master;
    }
    if (attached && ::isatty(0)) {
      r.size_from = 0;
      r.size_to = master;
    }
    return r;
  }
  r.outputs.push_back({std::move(pipes.out_r), "stdout", shown(opts, "stdout") ? 1 : -1});
  r.outputs.push_back({std::move(pipes.err_r), "stderr", shown(opts, "stderr") ? 2 : -1});
  return r;
}

void listen_for_attach(Relay& r, const store::ContainerStore& store, const store::ContainerConfig& cfg, const Pipes& pipes) {
  try {
    r.listener = listen_attach(store.run_dir(cfg.id));
  } catch (const base::Error& e) {
    LOG_DEBUG("container {}: no attach socket: {}", cfg.id, e.what());
    return;
  }
  int master = cfg.tty && !r.outputs.empty() ? r.outputs.front().fd.get() : -1;
  r.attach_pty = master;
  if (cfg.interactive) r.attach_input = cfg.tty ? master : pipes.in_w.get();
}

void arm_detach(Relay& relay, const MonitorOptions& opts, const store::ContainerStore& store, const store::ContainerConfig& cfg,
                const Pipes& pipes, int& exit_fd) {
  if (!cfg.tty || !cfg.interactive || opts.detach_keys.empty()) return;
  relay.detach.emplace(parse_detach_keys(opts.detach_keys));
  relay.on_detach = [&store, &cfg, &pipes, &exit_fd](Relay& r) {
    for (auto& o : r.outputs) o.terminal = -1;
    r.size_from = -1;
    listen_for_attach(r, store, cfg, pipes);
    detach_stdio();
    if (exit_fd >= 0) ::close(exit_fd);
    exit_fd = -1;
  };
}

}  // namespace monitor
