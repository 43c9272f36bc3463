// SPDX-License-Identifier: GPL-2.0-or-later
// dns/responder.h: warren-dns, the one DNS responder for every
// DNS-enabled network (dns/records.h). It listens on each such
// network's gateway addresses, port 53, UDP and TCP, and nowhere else;
// answers A, AAAA and PTR for the names of the containers on the network
// the query came in on; forwards everything else to the host's resolvers
// (nothing, for an internal network). SIGHUP makes it read warren's state
// again (dns/control.h); it ends when no container is left on any
// DNS-enabled network.
#pragma once

namespace dns {

// warren-dns's main: --root, --runroot, --network-config-dir.
int dns_main(int argc, char** argv);

}  // namespace dns
