// SPDX-License-Identifier: GPL-2.0-or-later
// launch/device_filter.h: cgroup v2's device allow-list, which has no
// files: a BPF_PROG_TYPE_CGROUP_DEVICE program made from the rules (the
// last rule that matches decides, as v1's files do; nothing matching is
// denied), loaded and attached to the cgroup's directory. The attachment
// lives as long as the cgroup.
#pragma once

#include <linux/bpf.h>

#include <string>
#include <vector>

#include "config/resources.h"

namespace launch {

// The program for `rules`, for a unit test to read.
std::vector<bpf_insn> device_filter_program(const std::vector<config::DeviceRule>& rules);

// Loads it and attaches it to the cgroup v2 directory `dir`; throws.
void attach_device_filter(const std::string& dir, const std::vector<config::DeviceRule>& rules);

}  // namespace launch
