// SPDX-License-Identifier: GPL-2.0-or-later
// launch/capabilities.h: capability names and the set a container's
// processes keep, merged from --cap-add and --cap-drop as Podman does.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace launch {

// Podman's default set: CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL,
// NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT.
uint64_t default_capabilities();

// The default set with `add` added and `drop` taken out. Names in any case,
// with or without CAP_; "all" adds or drops every capability. An unknown
// name is an error naming it as Podman does: "CAP_FOO": unknown capability.
uint64_t merge_capabilities(const std::vector<std::string>& add, const std::vector<std::string>& drop);

// The set of one capability's name (CAP_ or not, any case); 0 for a name
// this kernel's list does not have.
uint64_t capability_bit(const std::string& name);

// CAP_ names of a set, in alphabetical order as Podman lists them.
std::vector<std::string> capability_names(uint64_t caps);

}  // namespace launch
