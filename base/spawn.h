// SPDX-License-Identifier: GPL-2.0-or-later
// base/spawn.h: a program started to outlive its caller: warren-dns, the
// holder of a regular user's network namespace. It runs in a session of
// its own, with nothing of the caller's open but `keep_fd` (as fd 3), no
// signal blocked, and it is no descendant of the caller's: a monitor is a
// subreaper, and would otherwise inherit it (and its zombie) when the
// intermediate child ends, so the caller stops being one until then.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace base {

// `body` run in a forked child, in a session of its own, with no signal
// blocked; what it starts is no descendant of the caller's (the caller
// stops being a subreaper until the child has ended and been reaped).
// Returns once the child has ended; throws when the fork fails. `body`
// must not return by an exception: the child ends with 0 after it.
void run_detached(const std::function<void()>& body);

// args[0] is the program's path. Throws when the fork fails; an exec that
// fails ends the child with 127, unseen (the caller learns of it its way).
void spawn_detached(const std::vector<std::string>& args, int keep_fd = -1);

}  // namespace base
