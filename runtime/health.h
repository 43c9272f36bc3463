// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/health.h: `healthcheck run`: one check of a container's health,
// run as an exec session in it (its namespaces, cgroup, seccomp filter),
// its output and exit code recorded in State.Health under the
// container's lock, and the --health-on-failure action taken when it
// turns unhealthy. The monitor's periodic checks run the same command.
#pragma once

#include <string>

#include "config/settings.h"
#include "store/container_store.h"

namespace runtime {

// Runs one check; returns the status it leaves (healthy, unhealthy,
// starting). Podman's errors for a container without a check or that
// does not run.
std::string run_health_check(const config::Settings& settings, const store::ContainerStore& store, const std::string& name);

}  // namespace runtime
