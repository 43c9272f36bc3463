// SPDX-License-Identifier: GPL-2.0-or-later
// image/archive_lib.cc: dlopen and dlsym, once.
#include "image/archive_lib.h"

#include <dlfcn.h>

#include <mutex>

#include "base/error.h"

namespace image {

namespace {

template <typename F>
void resolve(void* lib, F& fn, const char* name) {
  void* sym = ::dlsym(lib, name);
  if (!sym) throw base::error("libarchive: no {}", name);
  fn = reinterpret_cast<F>(sym);
}

ArchiveLib load() {
  // The handle stays for the process's life.
  void* lib = ::dlopen("libarchive.so.13", RTLD_NOW | RTLD_LOCAL);
  if (!lib) throw base::error("load libarchive.so.13 (Debian's libarchive13) to read archives: {}", ::dlerror());
  ArchiveLib a{};
#define WARREN_ARCHIVE_FN(name) resolve(lib, a.name, "archive_" #name);
  WARREN_ARCHIVE_FUNCTIONS(WARREN_ARCHIVE_FN)
#undef WARREN_ARCHIVE_FN
  resolve(lib, a.error_number, "archive_errno");
  return a;
}

}  // namespace

const ArchiveLib& archive_lib() {
  static ArchiveLib lib;
  static std::once_flag once;
  std::call_once(once, [] { lib = load(); });
  return lib;
}

}  // namespace image
