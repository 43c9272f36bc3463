// SPDX-License-Identifier: GPL-2.0-or-later
// netns/nft_hooks.h: every table's base chains and what their rules do,
// read and never written: for finding who else drops a packet that
// warren's own table accepts (another table's drop at the same hook wins
// over warren's accept). The words are the kernel's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
};

// "prerouting", "input", "forward", "output", "postrouting", "ingress".
std::string hook_name(uint32_t hook);

// The base chains of every table, of every family.
std::vector<BaseChain> list_base_chains(Netlink& nl);

// The rules of one chain, in order.
std::vector<RuleSummary> chain_rules(Netlink& nl, const TableRef& t, const std::string& chain);

}  // namespace netns::nft
