// SPDX-License-Identifier: GPL-2.0-or-later
// image/curl_lib.cc: dlopen and dlsym, once.
#include "image/curl_lib.h"

#include <dlfcn.h>

#include <mutex>

#include "base/error.h"

namespace image {

namespace {

template <typename F>
void resolve(void* lib, F& fn, const char* name) {
  void* sym = ::dlsym(lib, name);
  if (!sym) throw base::error("libcurl: no {}", name);
  fn = reinterpret_cast<F>(sym);
}

CurlLib load() {
  // The handle stays for the process's life.
  void* lib = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!lib) throw base::error("load libcurl.so.4 (Debian's libcurl4) to reach registries: {}", ::dlerror());
  CurlLib c{};
#define WARREN_CURL_FN(name) resolve(lib, c.name, "curl_" #name);
  WARREN_CURL_FUNCTIONS(WARREN_CURL_FN)
#undef WARREN_CURL_FN
  // Before any thread starts: curl_global_init is not thread-safe.
  if (c.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw base::error("libcurl: global init failed");
  return c;
}

}  // namespace

const CurlLib& curl_lib() {
  static CurlLib lib;
  static std::once_flag once;
  std::call_once(once, [] { lib = load(); });
  return lib;
}

}  // namespace image
