// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/doctor_hooks.h: for network doctor, the other tables' base
// chains at a hook, walked rule by rule (jumps followed) as a packet of
// the network would meet them: does one drop what warren's table accepts?
// A drop in any table at a hook wins over an accept in another.
#pragma once

#include <string>
#include <vector>

#include "netns/ip.h"
#include "netns/netlink.h"
#include "netns/nft_hooks.h"

namespace runtime {

// What identifies the network's packets in a rule: its bridge and subnets.
struct PacketOwner {
  std::string bridge;
  std::vector<netns::Cidr> subnets;
};

struct HookBlock {
  netns::nft::BaseChain chain;
  std::string how;  // "policy drop", "an unconditional reject in chain X", ...
};

// The base chains (not in `skip`) at `hook` of the tables whose family
// sees the network's packets, that drop them: the ip, ip6 and inet
// tables, or with `bridge_family` the bridge tables (frames on the bridge).
std::vector<HookBlock> blocking_chains(netns::Netlink& nft, const std::vector<netns::nft::BaseChain>& chains, uint32_t hook,
                                       const PacketOwner& owner, const netns::nft::TableRef& skip, bool bridge_family);

// The commands that would let the network's packets through `chain`: for
// iptables' tables the iptables words, else nft's.
std::string accept_fix(const netns::nft::BaseChain& chain, const PacketOwner& owner, bool input_dns);

}  // namespace runtime
