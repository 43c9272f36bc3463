// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/slirp_stack.h: the user-mode TCP/IP stack of a rootless
// container: libslirp (loaded when the first rootless container needs
// it, so that no other process maps it or GLib) driven by a thread of the
// container's monitor, between the tap device inside the container's
// namespace and ordinary sockets of the user's on the host. The
// container sees 10.0.2.0/24: itself at .100, the gateway (the host) at
// .2, DNS at .3.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "base/fd.h"

namespace rootless {

// --network slirp4netns:OPTIONS, as Podman spells them.
struct SlirpOptions {
  bool allow_host_loopback = false;  // the host's 127.0.0.1 reachable as 10.0.2.2
  unsigned mtu = 65520;
  std::string cidr = "10.0.2.0/24";
  bool enable_ipv6 = false;
  // The host address outgoing connections leave from: given as an IPv4
  // address, or as an interface whose first IPv4 address it is.
  std::string outbound_addr;
};

// Parses "allow_host_loopback=true,mtu=1500,..." (port_handler= accepts
// rootlesskit and slirp4netns, both meaning warren's forwarder). Throws
// on an unknown option or a bad value, in Podman's words.
SlirpOptions parse_slirp_options(const std::string& text);

// The container's address, gateway and DNS in the options' network.
struct SlirpAddresses {
  std::string container_cidr, gateway, dns;
};
SlirpAddresses slirp_addresses(const SlirpOptions& o);

class SlirpStack {
 public:
  // Starts the stack's thread on `tap`. Throws when libslirp cannot be
  // loaded or refuses the options.
  SlirpStack(base::UniqueFd tap, const SlirpOptions& options);
  ~SlirpStack();  // stops the thread, frees the stack
  SlirpStack(const SlirpStack&) = delete;
  SlirpStack& operator=(const SlirpStack&) = delete;

  struct State;

 private:
  std::unique_ptr<State> state_;
  std::thread thread_;
};

}  // namespace rootless
