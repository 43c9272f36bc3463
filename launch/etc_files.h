// SPDX-License-Identifier: GPL-2.0-or-later
// launch/etc_files.h: the /etc/hostname, /etc/hosts and /etc/resolv.conf
// a container sees, written in its directory and bound over the image's.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace launch {

struct EtcInput {
  std::string hostname;
  std::string name;     // the container's name, also resolvable
  bool host_network = false;
  std::string host_resolv = "/etc/resolv.conf";
  std::string host_hosts = "/etc/hosts";
  std::vector<std::string> add_hosts;  // host:ip, as --add-host takes them (ip host-gateway: host_gateway)
  std::vector<std::string> dns;        // replace the host's nameservers; {"none"}: no resolv.conf
  std::vector<std::string> dns_search;   // replace its search domains; "." alone: none
  std::vector<std::string> dns_options;  // replace its options
  std::vector<std::string> own_addresses;  // on networks: its addresses carry its names
  std::string host_gateway;                // host.containers.internal, when on a network
  std::vector<std::string> dns_responders;  // warren's DNS responder: the DNS-enabled networks' gateways
  std::string dns_domain = "dns.podman";   // searched first when there are responders
  bool no_hosts = false;                   // no hosts file: the image's stays
};

// hosts, as Podman 4.3 writes it: --add-host entries, the host's entries
// (with localhost added when they lack it), host.containers.internal, then
// the container's own addresses and names.
std::string hosts_file(const EtcInput& in);
// The host's resolv.conf; sharing the host's network, as is, else without
// the loopback nameservers the container could not reach. --dns,
// --dns-search and --dns-option replace the host's lines of their kind.
std::string resolv_file(const EtcInput& in);

// A running container's files follow network connect and disconnect:
// the line `line` added (at the end, or for a nameserver before the first
// one) or removed, in place, since the file is bound into the container
// (its inode must stay). Absent files are left so.
void add_etc_line(const std::string& path, const std::string& line, bool first_nameserver = false);
void remove_etc_line(const std::string& path, const std::string& line);

// Write the files into `dir` (hostname, hosts unless no_hosts,
// resolv.conf unless --dns none); returns (file, path in the container).
std::vector<std::pair<std::string, std::string>> write_etc_files(const std::string& dir, const EtcInput& in);

}  // namespace launch
