// SPDX-License-Identifier: GPL-2.0-or-later
// base/resident.cc: memory given back after start-up (base/resident.h).
#include "base/resident.h"

#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace base {

namespace {

// The pages of the stack below the caller's frame (with a page of room):
// nothing lives there; a later use finds them again as zero pages.
[[gnu::noinline]] void release_stack_below(uintptr_t low) {
  volatile char here = 0;
  uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  uintptr_t top = (reinterpret_cast<uintptr_t>(&here) & ~(page - 1)) - 2 * page;
  if (low != 0 && top > low) ::madvise(reinterpret_cast<void*>(low), top - low, MADV_DONTNEED);
}

}  // namespace

void release_startup_memory() {
  ::malloc_trim(0);
  // /proc/self/smaps read with plain stdio into a fixed buffer per line:
  // nothing here may grow the heap it just trimmed. A mapping's header
  // line comes first, its "Anonymous:" line (pages it holds privately,
  // written since it was mapped: the loader's relocations) later.
  FILE* smaps = std::fopen("/proc/self/smaps", "re");
  if (!smaps) return;
  char line[512];
  uintptr_t stack_low = 0;
  unsigned long start = 0, end = 0;
  bool candidate = false;
  while (std::fgets(line, sizeof line, smaps)) {
    unsigned long s = 0, e = 0, inode = 0;
    char perms[8] = {};
    if (std::sscanf(line, "%lx-%lx %7s %*s %*s %lu", &s, &e, perms, &inode) == 4) {
      start = s;
      end = e;
      candidate = inode != 0 && perms[1] == '-' && perms[3] == 'p';  // a file's, never writable
      if (std::strstr(line, "[stack]")) stack_low = s;
      continue;
    }
    unsigned long anonymous = 0;
    if (candidate && std::sscanf(line, "Anonymous: %lu kB", &anonymous) == 1) {
      if (anonymous == 0) ::madvise(reinterpret_cast<void*>(start), end - start, MADV_DONTNEED);
      candidate = false;
    }
  }
  std::fclose(smaps);
  release_stack_below(stack_low);
}

}  // namespace base
