// SPDX-License-Identifier: GPL-2.0-or-later
// cni/plugin_dirs.h: where CNI plugin executables are looked for, and the
// lookup of one plugin type by the CNI protocol's rules (first dir wins).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cni {

// containers.conf's default cni_plugin_dirs, in order.
const std::vector<std::string>& default_plugin_dirs();

// The executable for plugin `type`, or nullopt. `type` must be a bare name.
std::optional<std::string> find_plugin(const std::vector<std::string>& dirs, const std::string& type);

}  // namespace cni
