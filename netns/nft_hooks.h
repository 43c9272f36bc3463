// SPDX-License-Identifier: GPL-2.0-or-later
// netns/nft_hooks.h: every table's base chains and what their rules do,
// read and never written: for finding who else drops a packet that
// warren's own table accepts (another table's drop at the same hook wins
// over warren's accept). The words are the kernel's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "netns/ip.h"
#include "netns/nft.h"

namespace netns::nft {

// A chain attached to a hook: where packets enter the table.
struct BaseChain {
  TableRef table;
  std::string name;
  std::string type;       // filter, nat, route
  uint32_t hook = 0;      // NF_INET_FORWARD, ... (NF_BR_* for bridge tables)
  int32_t priority = 0;
  bool policy_drop = false;
};

// A rule, as far as a diagnosis needs it.
struct RuleSummary {
  std::string verdict;        // accept, drop, reject, jump, goto, return; empty: it goes on
  std::string target;         // the chain of a jump or goto
  bool conditional = false;   // it compares something before its verdict
  std::vector<std::vector<uint8_t>> compared;  // the data of each comparison
  uint64_t handle = 0;        // the kernel's, for deleting it
  std::string comment;
};

// "prerouting", "input", "forward", "output", "postrouting", "ingress".
std::string hook_name(uint32_t hook);

// The base chains of every table, of every family.
std::vector<BaseChain> list_base_chains(Netlink& nl);

// The rules of one chain, in order.
std::vector<RuleSummary> chain_rules(Netlink& nl, const TableRef& t, const std::string& chain);

// What identifies packets in a rule: an interface (a bridge) and subnets.
struct PacketMatch {
  std::string ifname;
  std::vector<Cidr> subnets;
};

struct Blocking {
  BaseChain chain;
  std::string how;  // "policy drop", "an unconditional reject rule in chain X", ...
};

// The base chains at `hook` (but the table `skip`) that drop the packets
// `match` describes, each walked rule by rule (jumps followed, bounded) as
// such a packet meets them: a rule naming the interface (or a prefix of
// its name) or an address of the subnets, with accept, lets it through;
// the policy drop or an unconditional drop or reject stops it. The ip,
// ip6 and inet tables; with `bridge_family` the bridge tables instead.
std::vector<Blocking> blocking_chains(Netlink& nl, const std::vector<BaseChain>& chains, uint32_t hook, const PacketMatch& match,
                                      const TableRef& skip, bool bridge_family);

}  // namespace netns::nft
