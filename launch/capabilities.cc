// SPDX-License-Identifier: GPL-2.0-or-later
// launch/capabilities.cc: capability names and --cap-add/--cap-drop.
#include "launch/capabilities.h"

#include <linux/capability.h>

#include <algorithm>
#include <cctype>

#include "base/error.h"

namespace launch {

namespace {

// Indexed by capability number, as in <linux/capability.h>.
constexpr const char* kNames[] = {
    "CAP_CHOWN",           "CAP_DAC_OVERRIDE",   "CAP_DAC_READ_SEARCH", "CAP_FOWNER",        "CAP_FSETID",
    "CAP_KILL",            "CAP_SETGID",         "CAP_SETUID",          "CAP_SETPCAP",       "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",       "CAP_NET_RAW",       "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",       "CAP_SYS_MODULE",     "CAP_SYS_RAWIO",       "CAP_SYS_CHROOT",    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",       "CAP_SYS_ADMIN",      "CAP_SYS_BOOT",        "CAP_SYS_NICE",      "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",        "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",           "CAP_LEASE",         "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",   "CAP_SETFCAP",        "CAP_MAC_OVERRIDE",    "CAP_MAC_ADMIN",     "CAP_SYSLOG",
    "CAP_WAKE_ALARM",      "CAP_BLOCK_SUSPEND",  "CAP_AUDIT_READ",      "CAP_PERFMON",       "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE"};
constexpr int kCount = sizeof kNames / sizeof kNames[0];

uint64_t bit(int cap) { return uint64_t{1} << cap; }

std::string canonical(const std::string& name) {
  std::string up;
  for (char c : name) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return up == "ALL" || up.starts_with("CAP_") ? up : "CAP_" + up;
}

// The set `names` stands for; "ALL" is every capability.
uint64_t parse(const std::vector<std::string>& names) {
  uint64_t out = 0;
  for (const auto& given : names) {
    std::string name = canonical(given);
    if (name == "ALL") return bit(kCount) - 1;
    auto it = std::find_if(std::begin(kNames), std::end(kNames), [&](const char* n) { return name == n; });
    if (it == std::end(kNames)) throw base::error("\"{}\": unknown capability", name);
    out |= bit(static_cast<int>(it - std::begin(kNames)));
  }
  return out;
}

}  // namespace

uint64_t default_capabilities() {
  uint64_t out = 0;
  for (int cap : {CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_FSETID, CAP_KILL, CAP_NET_BIND_SERVICE, CAP_SETFCAP,
                  CAP_SETGID, CAP_SETPCAP, CAP_SETUID, CAP_SYS_CHROOT}) {
    out |= bit(cap);
  }
  return out;
}

uint64_t merge_capabilities(const std::vector<std::string>& add, const std::vector<std::string>& drop) {
  uint64_t added = parse(add), dropped = parse(drop);
  // Dropping all keeps only what is added; otherwise the default grows and shrinks.
  if (dropped == bit(kCount) - 1) return added;
  return (default_capabilities() | added) & ~dropped;
}

uint64_t capability_bit(const std::string& name) {
  std::string up = canonical(name);
  auto it = std::find_if(std::begin(kNames), std::end(kNames), [&](const char* n) { return up == n; });
  return it == std::end(kNames) ? 0 : bit(static_cast<int>(it - std::begin(kNames)));
}

std::vector<std::string> capability_names(uint64_t caps) {
  std::vector<std::string> out;
  for (int cap = 0; cap < kCount; ++cap) {
    if (caps & bit(cap)) out.emplace_back(kNames[cap]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace launch
