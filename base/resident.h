// SPDX-License-Identifier: GPL-2.0-or-later
// base/resident.h: what a long-lived process (a container's monitor, the
// DNS responder) keeps in memory once its start is done.
#pragma once

namespace base {

// Gives back what starting up left resident: the heap's free memory
// (malloc_trim), this process's hold on the file pages it read or ran
// (its executable's and its libraries' read-only mappings: they stay in
// the page cache, and what is used again later comes back on a minor
// fault), and the stack's pages below the current frame. A read-only
// mapping that holds pages of its own (the loader's relocations, RELRO)
// is kept: dropping those would bring back the file's unrelocated bytes.
void release_startup_memory();

}  // namespace base
