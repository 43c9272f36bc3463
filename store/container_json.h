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
// Only what a listing reads (id, name, image, created, pod, infra,
// restart policy, networks, ports, command, labels, mounts, health): the
// record's first members, up to kListed's. The other fields are defaults.
ContainerConfig parse_listing(const std::string& text);
// The same, into a config as default-constructed (a record kilobytes
// long is read where it stays, never moved).
void parse_config(const std::string& text, ContainerConfig& fresh);
void parse_listing(const std::string& text, ContainerConfig& fresh);
inline constexpr const char* kListed = "listed_above";
std::string state_json(const ContainerState& s);
ContainerState parse_state(const std::string& text);

}  // namespace store
