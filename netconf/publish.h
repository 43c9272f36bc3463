// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/publish.h: -p/--publish as Podman reads it, host ports picked
// for what asks for a random one, and the sockets that hold published host
// ports for a container's life (as Podman's rootful ports are held), so
// that nothing else on the host takes them.
#pragma once

#include <string>
#include <vector>

#include "base/fd.h"
#include "store/container_store.h"

namespace netconf {

// [[ip:][hostPort]:]containerPort[/tcp|udp|sctp], ranges of equal length
// (8080-8081:80-81), [::1]:... for IPv6 host addresses. A host port of 0
// means "pick one". Errors are Podman's.
std::vector<store::PublishedPort> parse_publish(const std::string& spec);

// The image's EXPOSE ("80/tcp", "53/udp") and --expose values, each to a
// random host port.
std::vector<store::PublishedPort> publish_all(const std::vector<std::string>& exposed);
// As Podman's create normalizes them: by protocol and host address, the
// fixed host ports sorted and joined into runs (a duplicate or a port
// inside a run dropped; a host port taken by another container port of the
// same run refused, in Podman's words), then the random ones as given.
// Protocols in the order tcp, udp, sctp; host addresses sorted (Podman's
// order there is a Go map's, different from run to run).
void normalize_ports(std::vector<store::PublishedPort>& ports);

// Gives every port with host_port 0 a free one from the kernel's
// ephemeral range (a range gets consecutive ones).
void pick_host_ports(std::vector<store::PublishedPort>& ports);

// Binds every published host port (TCP bound, not listening; UDP bound;
// SCTP not held); an error names the first one taken, in Podman's words.
// With `listen` (a regular user's forwarder), TCP ports listen at once,
// with SO_REUSEADDR as Go's listeners have (a port forwarded in user space
// keeps its closed connections in TIME_WAIT, which must not stop the next
// container), and errors are in rootlessport's words (a privileged port
// names the sysctl).
std::vector<base::UniqueFd> hold_host_ports(const std::vector<store::PublishedPort>& ports, bool listen = false);

}  // namespace netconf
