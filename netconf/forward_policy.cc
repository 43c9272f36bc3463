// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/forward_policy.cc: other tables' forward chains read through
// netns/nft_hooks, written (opt-in) through portmap/forward_accept.
#include "netconf/forward_policy.h"

#include <linux/netfilter.h>
#include <sys/socket.h>

#include <fmt/format.h>

#include "netconf/network_store.h"
#include "netns/netlink.h"
#include "netns/nft_hooks.h"
#include "portmap/forward_accept.h"
#include "portmap/table.h"

namespace netconf {

namespace {

std::vector<netns::nft::Blocking> forward_blocks(netns::Netlink& nft, const Network& net) {
  if (net.driver != "bridge" || net.internal) return {};
  auto chains = netns::nft::list_base_chains(nft);
  auto m = packet_match(net);
  auto out = netns::nft::blocking_chains(nft, chains, NF_INET_FORWARD, m, portmap::kTable, false);
  for (auto& b : netns::nft::blocking_chains(nft, chains, NF_INET_FORWARD, m, portmap::kTable, true)) out.push_back(std::move(b));
  return out;
}

}  // namespace

netns::nft::PacketMatch packet_match(const Network& net) { return {net.interface, network_subnets(net)}; }

std::string forward_warning(const Network& net) {
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  std::string names;
  for (const auto& b : forward_blocks(nft, net)) {
    names += fmt::format("{}table {} {} chain {} ({})", names.empty() ? "" : ", ", netns::nft::family_name(b.chain.table.family),
                         b.chain.table.name, b.chain.name, b.how);
  }
  if (names.empty()) return "";
  return fmt::format("network {}: {} drops its forwarded packets, and warren's accept cannot overrule another table's drop: "
                     "set forward_accept = true under [network] in containers.conf, or see warren network doctor {}",
                     net.name, names, net.name);
}

std::vector<std::string> accept_forwarding(const Network& net) {
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  auto blocks = forward_blocks(nft, net);
  if (blocks.empty()) return {};
  return portmap::add_forward_accepts(nft, blocks, packet_match(net).subnets, net.name);
}

void release_forwarding(const std::string& network) {
  portmap::remove_forward_accepts(netns::Netlink::shared(NETLINK_NETFILTER), network);
}

}  // namespace netconf
