// SPDX-License-Identifier: GPL-2.0-or-later
// store/container_json.h: a container's config and state as the JSON
// files of its record. Unknown or missing fields read as their defaults,
// so that records written by an older warren still load; a field of the
// wrong type or JSON cut short is an error naming it (base/json.h).
#pragma once

#include <string>

#include "store/container_store.h"

namespace store {

std::string config_json(const ContainerConfig& c);
ContainerConfig parse_config(const std::string& text);
std::string state_json(const ContainerState& s);
ContainerState parse_state(const std::string& text);

}  // namespace store
