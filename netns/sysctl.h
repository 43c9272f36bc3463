// SPDX-License-Identifier: GPL-2.0-or-later
// netns/sysctl.h: reading and writing sysctls of a given network namespace.
// /proc/sys/net shows the namespace of whoever opens the file, so the file
// is opened inside the namespace and used from here.
#pragma once

#include <optional>
#include <string>

namespace netns {

class Namespace;

// "net.ipv4.ip_forward" or "net/ipv4/conf/eth0.100/forwarding" (the slash
// form lets interface names keep their dots) to its /proc/sys path.
std::string sysctl_path(const std::string& key);

// nullopt when the key does not exist. ns == nullptr: the caller's own.
std::optional<std::string> read_sysctl(const std::string& key, const Namespace* ns = nullptr);
void write_sysctl(const std::string& key, const std::string& value, const Namespace* ns = nullptr);

}  // namespace netns
