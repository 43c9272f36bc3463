// SPDX-License-Identifier: GPL-2.0-or-later
// base/fd_passing.h: handing a file descriptor to another process over a
// unix socket (SCM_RIGHTS). The sending side may be a freshly cloned child:
// send_fd allocates nothing.
#pragma once

#include "base/fd.h"

namespace base {

// Sends `fd` with one byte of data; returns false (errno set) on failure.
bool send_fd(int socket, int fd) noexcept;

// Receives one descriptor, close-on-exec; an empty UniqueFd when the peer
// closed without sending. Throws on a socket error.
UniqueFd receive_fd(int socket);

}  // namespace base
