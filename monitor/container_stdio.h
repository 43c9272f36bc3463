// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/container_stdio.h: a container's standard I/O as its monitor carries it:
// pipes for its output (or its terminal), its stdin, and the relay set up
// over them (monitor/relay.h) for the log, the attached terminal (run's
// -a, -i, -t), `attach` clients and run -it's detach keys.
#pragma once

#include <string>

#include "base/fd.h"
#include "launch/launcher.h"
#include "monitor/monitor.h"
#include "monitor/relay.h"
#include "store/container_store.h"

namespace monitor {

// Where the container's standard I/O comes from and goes to, without a
// terminal: pipes for the output; the attached CLI's stdin for -i, a pipe
// held open for -i detached, /dev/null otherwise.
struct Pipes {
  base::UniqueFd out_r, out_w, err_r, err_w, in_r, in_w, null;
};

Pipes make_pipes(bool interactive, bool attached);

// The relay of a launched container's output (its terminal, or `pipes`).
Relay relay_for(launch::Launched& l, Pipes& pipes, const store::ContainerConfig& cfg, const MonitorOptions& opts);

// A detached container takes `attach` clients: its output goes to them,
// and (made with -i) what they type to its stdin or terminal. Without the
// socket it runs all the same; attach is then refused.
void listen_for_attach(Relay& r, const store::ContainerStore& store, const store::ContainerConfig& cfg, const Pipes& pipes);

// run -it's detach keys: once typed, the container goes on as if run -d
// (its output to the log and `attach` clients), and the CLI, finding the
// exit pipe closed with no code, returns.
void arm_detach(Relay& relay, const MonitorOptions& opts, const store::ContainerStore& store, const store::ContainerConfig& cfg,
                const Pipes& pipes, int& exit_fd);

}  // namespace monitor
