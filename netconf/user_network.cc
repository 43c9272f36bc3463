// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/user_network.cc: the agent, the stack and the forwarder started
// and stopped together.
#include "netconf/user_network.h"

#include <netinet/in.h>

#include "config/host.h"

namespace netconf {

void UserNet::stop() {
  forwarder.reset();
  stack.reset();
  agent.reset();
}

// The stack on the agent's tap, and the forwarder on the held host ports
// (in hold_host_ports' order: SCTP is not forwarded).
void start_user_net(UserNet& user_net, const store::ContainerConfig& cfg, ContainerNetwork& net, pid_t pid) {
  auto o = rootless::parse_slirp_options(net.slirp_options);
  auto a = rootless::slirp_addresses(o);
  rootless::TapConfig tap;
  tap.address = a.container_cidr;
  tap.gateway = a.gateway;
  tap.mtu = o.mtu;
  if (o.enable_ipv6) {
    tap.address6 = "fd00::100/64";  // the stack's prefix (rootless/slirp_stack.cc)
    tap.gateway6 = "fd00::2";
  }
  std::vector<rootless::ForwardedPort> forwarded;
  size_t k = 0;
  for (const auto& p : cfg.ports) {
    if (p.protocol == "sctp") continue;
    bool udp = p.protocol == "udp";
    tap.published.push_back({static_cast<uint8_t>(udp ? IPPROTO_UDP : IPPROTO_TCP), p.container_port,
                             static_cast<uint16_t>(p.container_port + p.range - 1)});
    for (uint16_t i = 0; i < p.range && k < net.held.size(); ++i) {
      forwarded.push_back({std::move(net.held[k++]), static_cast<uint16_t>(p.container_port + i), udp});
    }
  }
  user_net.agent.emplace(rootless::NsAgent::start(pid, tap, config::helper_path("warren-agent")));
  user_net.stack = std::make_unique<rootless::SlirpStack>(user_net.agent->take_tap(), o);
  std::string ip = a.container_cidr.substr(0, a.container_cidr.find('/'));
  if (!forwarded.empty()) user_net.forwarder = std::make_unique<rootless::Forwarder>(std::move(forwarded), *user_net.agent, ip);
}

}  // namespace netconf
