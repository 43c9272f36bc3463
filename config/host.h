// SPDX-License-Identifier: GPL-2.0-or-later
// config/host.h: facts of this build and this installation that every
// room may need: where warren's helper programs are, and Go's name for
// the machine's architecture (what images and `info` call it).
#pragma once

#include <string>

namespace config {

// warren's helper programs (warren-monitor, warren-infra, warren-dns,
// warren-agent): next to this executable (the build tree, a relocated
// install), else where they were installed.
std::string helper_path(const std::string& name);

// Go's GOARCH for this build: amd64, arm64, ...
std::string go_arch();

}  // namespace config
