// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/dns_main.cc: warren-dns, the DNS responder (runtime/dns_responder.h).
// A container's monitor starts it; it is not for users.
#include "runtime/dns_responder.h"

int main(int argc, char** argv) { return runtime::dns_main(argc, argv); }
