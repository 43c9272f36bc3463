// SPDX-License-Identifier: GPL-2.0-or-later
// dns/dns_main.cc: warren-dns, the DNS responder (dns/responder.h).
// A container's monitor starts it; it is not for users.
#include "dns/responder.h"

int main(int argc, char** argv) { return dns::dns_main(argc, argv); }
