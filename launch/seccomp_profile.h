// SPDX-License-Identifier: GPL-2.0-or-later
// launch/seccomp_profile.h: a container's seccomp filter. A profile in
// containers-common's JSON format (Podman's and Docker's) is compiled with
// libseccomp, before the clone, into classic BPF for a process with a
// given capability set; the child installs it with seccomp(2) just before
// it drops its privileges, so the filter covers everything the command
// does. The profile's conditions apply as Podman applies them: a rule's
// `includes.caps` all held, none of its `excludes.caps` held, its arches
// (Go's names: amd64, x86, x32) and minimum kernel.
#pragma once

#include <linux/filter.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace launch {

struct SeccompFilter {
  std::vector<sock_filter> program;  // empty: no filter (unconfined)
  unsigned flags = 0;                // SECCOMP_FILTER_FLAG_*, from the profile's "flags"
  bool empty() const { return program.empty(); }
};

// What a rule's conditions are checked against: the process's bounding
// set, the machine's architecture (Go's name) and the running kernel.
struct SeccompHost {
  uint64_t caps = 0;
  std::string arch = "amd64";
  int kernel_major = 0, kernel_minor = 0;
  static SeccompHost of(uint64_t caps);  // this machine's
};

// Compiles `profile`; throws "<what>: <why>" for a document that is not a
// profile (an unknown action, operator or architecture, a bad field).
// Syscalls this libseccomp does not know are left out, as Podman does.
SeccompFilter compile_seccomp(std::string_view profile, const SeccompHost& host, std::string_view what);

// The filter for a container's profile as its record keeps it: "" for the
// default (`default_path`, containers.conf's seccomp_profile, or the
// built-in profile where that file is missing), "unconfined" for none,
// or a file. Podman's errors: "opening seccomp profile failed: ...",
// "loading seccomp profile (PATH) failed: ...".
//
// Compiling the default profile takes libseccomp ~15 ms; the program is
// kept in `cache_dir` (the run root's seccomp/, a tmpfs), named by the
// SHA-256 of what names the profile (its file's path and identity: device,
// inode, size, modification and change times, so that an edited or new
// file is another; the built-in's digest) and of what its conditions read
// (the capabilities, the architecture, the kernel), so that later
// containers read ~3 KB instead, the profile itself not even read. Empty
// `cache_dir`: no cache.
SeccompFilter profile_filter(const std::string& given, const std::string& default_path, uint64_t caps,
                             const std::string& cache_dir = "");

// containers-common's seccomp.json (0.50, Debian 12; launch/seccomp_default.json, Apache-2.0), built in for a
// machine where the file is missing.
std::string_view default_seccomp_profile();
std::string_view default_seccomp_profile_digest();  // its SHA-256, hex

// In the child: installs the filter (nothing for an empty one); false
// with errno set on failure. Async-signal-safe.
bool load_seccomp(const SeccompFilter& f);

}  // namespace launch
