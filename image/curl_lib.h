// SPDX-License-Identifier: GPL-2.0-or-later
// image/curl_lib.h: libcurl, loaded when a registry is first talked to.
// Only pull, push, login and run's pull speak HTTP; the other commands
// never pay for libcurl's start-up (and through it OpenSSL's, and a dozen
// more libraries), as for libarchive (image/archive_lib.h).
#pragma once

#include <curl/curl.h>

namespace image {

#define WARREN_CURL_FUNCTIONS(X)                                                                      \
  X(global_init) X(easy_init) X(easy_cleanup) X(easy_reset) X(easy_setopt) X(easy_perform)           \
  X(easy_getinfo) X(easy_strerror) X(slist_append) X(slist_free_all)

struct CurlLib {
#define WARREN_CURL_FN(name) decltype(&::curl_##name) name;
  WARREN_CURL_FUNCTIONS(WARREN_CURL_FN)
#undef WARREN_CURL_FN
};

// Loads libcurl.so.4 (and runs curl_global_init) on first use; throws if
// it or a function is missing.
const CurlLib& curl_lib();

}  // namespace image
