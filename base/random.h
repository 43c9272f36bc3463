// SPDX-License-Identifier: GPL-2.0-or-later
// base/random.h: random numbers from the kernel (getrandom(2)), for ids,
// names, MAC addresses and temporary files. Nothing is kept in the
// process: a generator's state was kilobytes of written memory in every
// monitor (and seeded from 32 bits, one sequence for many processes).
#pragma once

#include <sys/random.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>

#include "base/error.h"

namespace base {

inline void random_bytes(void* out, size_t n) {
  auto* at = static_cast<unsigned char*>(out);
  while (n > 0) {
    ssize_t got = ::getrandom(at, n, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw sys_error(errno, "getrandom");
    at += got;
    n -= static_cast<size_t>(got);
  }
}

inline uint64_t random_u64() {
  uint64_t v;
  random_bytes(&v, sizeof v);
  return v;
}

}  // namespace base
