// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/monitor.h: the one long-lived process per container. The CLI
// forks it; it leaves the CLI's session, becomes the subreaper of what it
// starts, launches the container, tells the waiting CLI "running" or why
// not, writes the container's output to its log (k8s-file format, as
// conmon writes it) and, attached, to the terminal too; when the
// container ends it records the exit code, and removes it for --rm.
#pragma once

#include <sys/types.h>

#include <string>

#include "runtime/container_store.h"

namespace runtime {

// Returns the monitor's pid once the container runs; throws LaunchError
// (the container's record untouched) when it could not start.
pid_t start_monitor(const ContainerStore& store, const Container& c, const std::string& lower, bool attached);

// One line of the log: "2026-11-29T03:55:00.123456789Z stdout F text".
std::string log_line(const std::string& stream, const std::string& text, bool partial);

}  // namespace runtime
