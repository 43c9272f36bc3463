// SPDX-License-Identifier: GPL-2.0-or-later
// cni/plugin_dirs.h: the lookup of one plugin type in the plugin dirs the
// caller gives, by the CNI protocol's rules (first dir wins).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cni {

// The executable for plugin `type`, or nullopt. `type` must be a bare name.
std::optional<std::string> find_plugin(const std::vector<std::string>& dirs, const std::string& type);

}  // namespace cni
