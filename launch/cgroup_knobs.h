// SPDX-License-Identifier: GPL-2.0-or-later
// launch/cgroup_knobs.h: inside launch/cgroups: reading and writing a
// cgroup's files, and the limits and device rules written at creation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/resources.h"
#include "launch/cgroups.h"

namespace launch {

std::optional<std::string> read_knob(const std::string& dir, const char* name);
// One write of `value`; false with errno set.
bool write_knob(const std::string& dir, const char* name, const std::string& value);
// Or "cgroup DIR: write VALUE to NAME: WHY".
void write_knob_or_throw(const std::string& dir, const char* name, const std::string& value);
std::string trim(const std::string& s);
// The number after `key` in "key N" lines (memory.events, cgroup.events); -1 if absent.
int64_t knob_value(const std::string& text, const std::string& key);

void apply_limits(const Cgroup& cg, const CgroupFs& fs, const config::Resources& r);
void apply_device_rules(const Cgroup& cg, const CgroupFs& fs, const std::vector<config::DeviceRule>& rules);

}  // namespace launch
