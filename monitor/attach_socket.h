// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/attach_socket.h: `attach` to a detached container: a
// SOCK_SEQPACKET socket in its run dir on which its monitor listens. Each
// packet is one byte saying what it is, then its bytes: the monitor sends
// the container's output (kStdout, kStderr) to every client; a client
// sends what its user types (kInput, for a container made with -i) and
// its terminal's size (kResize, for one made with -t: rows and columns,
// two bytes each, little-endian).
#pragma once

#include <cstddef>
#include <string>

#include "base/fd.h"

namespace monitor {

inline constexpr char kStdout = '1', kStderr = '2', kInput = 'i', kResize = 'r';
inline constexpr size_t kAttachPacket = 16384 + 1;

// The listening socket, made anew in `run_dir` (a path longer than a
// socket address holds is reached through /proc/self/fd).
base::UniqueFd listen_attach(const std::string& run_dir);
// A client's connection; an error when the container has none (it runs
// attached, or has ended).
base::UniqueFd connect_attach(const std::string& run_dir);

}  // namespace monitor
