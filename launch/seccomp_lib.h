// SPDX-License-Identifier: GPL-2.0-or-later
// launch/seccomp_lib.h: libseccomp, loaded when a profile is first
// compiled. Only the commands that start a container's process (and
// create, which checks the profile) use it; the others never load it, as
// for libcurl (image/curl_lib.h).
#pragma once

#include <seccomp.h>

namespace launch {

#define WARREN_SECCOMP_FUNCTIONS(X)                                                                  \
  X(init) X(release) X(arch_add) X(arch_native) X(arch_resolve_name) X(attr_set) X(rule_add_array) \
  X(syscall_resolve_name) X(export_bpf)

struct SeccompLib {
#define WARREN_SECCOMP_FN(name) decltype(&::seccomp_##name) name;
  WARREN_SECCOMP_FUNCTIONS(WARREN_SECCOMP_FN)
#undef WARREN_SECCOMP_FN
};

// Loads libseccomp.so.2 on first use; throws if it or a function is missing.
const SeccompLib& seccomp_lib();

}  // namespace launch
