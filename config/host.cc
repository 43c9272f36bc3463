// SPDX-License-Identifier: GPL-2.0-or-later
// config/host.cc: helper lookup and the build's architecture.
#include "config/host.h"

#include <unistd.h>

namespace config {

std::string helper_path(const std::string& name) {
  char self[4096];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) {
    std::string dir(self, static_cast<size_t>(n));
    dir = dir.substr(0, dir.rfind('/'));
    std::string here = dir + "/" + name;
    if (::access(here.c_str(), X_OK) == 0) return here;
  }
  return std::string(WARREN_LIBEXEC_DIR) + "/" + name;
}

std::string go_arch() {
#if defined(__x86_64__)
  return "amd64";
#elif defined(__aarch64__)
  return "arm64";
#elif defined(__i386__)
  return "386";
#elif defined(__arm__)
  return "arm";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return "ppc64le";
#elif defined(__s390x__)
  return "s390x";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64";
#else
  return "unknown";
#endif
}

}  // namespace config
