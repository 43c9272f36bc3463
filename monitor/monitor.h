// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/monitor.h: the one long-lived process per container. The CLI
// forks it; it leaves the CLI's session, becomes the subreaper of what it
// starts, launches the container, tells the waiting CLI "running" or why
// not, relays the container's output to its log and, attached, to the
// terminal (monitor/relay.h), with a pty for -t and stdin for -i; when the
// container ends it records the exit code, and removes it for --rm.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

#include "config/settings.h"
#include "store/container_store.h"
#include "launch/process.h"

namespace monitor {

// Starts the container's monitor: for a detached container, warren-monitor
// (an exec, so that none of the CLI's memory stays for the container's
// life: many run so, and each holds only its own small binary's pages);
// for an attached one, whose CLI stays for its life, the fork itself runs
// it (monitor_main, named warren-monitor, its command line the CLI's):
// no exec, loader and C library start-up (~0.7 ms of a run --rm), and
// pages shared with the CLI. Returns its pid once the container runs;
// throws LaunchError (the container's record untouched) when it could
// not start.
struct MonitorOptions {
  std::string lower;               // the image's root filesystem
  bool attached = false;           // the CLI's terminal gets the output
  std::string network_config_dir;  // where its networks' conflists are
  int exit_fd = -1;                // the monitor writes the exit code (one byte) here when all is done
  std::string default_gateway;     // the default network's, for host.containers.internal off networks
  bool restarting = false;         // started again by its restart policy (monitor/restart.h)
  std::string cli;                 // the warren CLI, for the health checks (empty: the running program)
  // run's -a: which of the outputs the attached terminal gets ("" : both).
  std::string streams;
  std::string detach_keys = "ctrl-p,ctrl-q";  // run -it's --detach-keys ("": none)
  int preserve_fds = 0;            // --preserve-fds: the CLI's fds 3 .. 3+N-1, handed to the container
  // The container's lock, held by the starting CLI: the monitor shares it
  // until the record says "running", so that a CLI killed meanwhile leaves
  // no window in which an rm takes the record from under a starting monitor.
  int lock_fd = -1;
  // init: the container is made and its process held before its mounts
  // and exec, the record saying "initialized", until a start says go
  // (monitor/initialized.h).
  bool init_only = false;
};
pid_t start_monitor(const store::ContainerStore& store, const store::Container& c, const MonitorOptions& opts);


// Deletes the store's retired containers from a forked process of its own
// session, and returns at once.
void spawn_purge(const store::ContainerStore& store);

// warren-monitor's main: --root, --runroot, --lower, --network-config-dir,
// [--default-gateway IP], [--attached], [--streams S], [--detach-keys K],
// [--preserve-fds N], [--exit-fd N], [--lock-fd N], --report-fd N, and the container's id.
int monitor_main(int argc, char** argv);

// Forks a monitor (its own session, the subreaper of what it starts) that
// runs `body`; body calls `ready` once its process runs (or hands the
// `report` pipe on), or throws a LaunchError, which the parent rethrows.
// Returns the monitor's pid.
pid_t fork_monitor(const std::function<void(const std::function<void()>& ready, int report)>& body);

// Points stdin, stdout and stderr at /dev/null: a detached monitor holds
// nothing of the CLI's terminal.
void detach_stdio();

// The container's first process as its config describes it: command,
// environment (with HOME from its passwd), user, capabilities. exec starts
// from the same.
// Its seccomp filter too, from its profile (none when privileged).
launch::ProcessSpec container_process(const config::Settings& settings, const store::ContainerStore& store, const store::Container& c,
                                      const std::string& lower);

}  // namespace monitor
