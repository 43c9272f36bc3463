// SPDX-License-Identifier: GPL-2.0-or-later
// launch/seccomp_lib.cc: dlopen and dlsym, once.
#include "launch/seccomp_lib.h"

#include <dlfcn.h>

#include <mutex>

#include "base/error.h"

namespace launch {

namespace {

template <typename F>
void resolve(void* lib, F& fn, const char* name) {
  void* sym = ::dlsym(lib, name);
  if (!sym) throw base::error("libseccomp: no {}", name);
  fn = reinterpret_cast<F>(sym);
}

SeccompLib load() {
  // The handle stays for the process's life.
  void* lib = ::dlopen("libseccomp.so.2", RTLD_NOW | RTLD_LOCAL);
  if (!lib) throw base::error("load libseccomp.so.2 (Debian's libseccomp2) for the seccomp profile: {}", ::dlerror());
  SeccompLib s{};
#define WARREN_SECCOMP_FN(name) resolve(lib, s.name, "seccomp_" #name);
  WARREN_SECCOMP_FUNCTIONS(WARREN_SECCOMP_FN)
#undef WARREN_SECCOMP_FN
  return s;
}

}  // namespace

const SeccompLib& seccomp_lib() {
  static SeccompLib lib;
  static std::once_flag once;
  std::call_once(once, [] { lib = load(); });
  return lib;
}

}  // namespace launch
