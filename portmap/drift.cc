// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/drift.cc: comparing the kernel's table with the wanted one.
#include "portmap/drift.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "base/error.h"
#include "base/log.h"
#include "netns/nft_objects.h"
#include "portmap/table.h"

namespace portmap {

namespace nft = netns::nft;

namespace {

std::map<std::string, size_t> expected_rule_counts() {
  nft::Batch b;
  add_skeleton(b, false);
  std::map<std::string, size_t> out;
  const std::string prefix = "add rule inet warren ";
  for (const auto& w : b.whats()) {
    if (!w.starts_with(prefix)) continue;
    ++out[w.substr(prefix.size(), w.find(' ', prefix.size()) - prefix.size())];
  }
  return out;
}

auto as_tuple(const nft::Element& e) { return std::tie(e.key, e.key_end, e.data, e.objref, e.comment); }

bool same_elements(std::vector<nft::Element> a, std::vector<nft::Element> b) {
  auto less = [](const nft::Element& x, const nft::Element& y) { return as_tuple(x) < as_tuple(y); };
  std::sort(a.begin(), a.end(), less);
  std::sort(b.begin(), b.end(), less);
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) { return as_tuple(x) == as_tuple(y); });
}

}  // namespace

std::string table_drift(netns::Netlink& nl, const Entries& want) {
  if (!table_exists(nl)) return kTableMissing;
  auto chains = nft::list_chains(nl, kTable);
  const std::vector<std::string>& wanted = all_chains();
  for (const auto& c : wanted) {
    if (std::find(chains.begin(), chains.end(), c) == chains.end()) return "chain " + c + " is missing";
  }
  for (const auto& c : chains) {
    if (std::find(wanted.begin(), wanted.end(), c) == wanted.end()) return "chain " + c + " is not in the state";
  }
  auto counts = nft::count_rules(nl, kTable);
  for (const auto& [chain, n] : expected_rule_counts()) {
    if (counts[chain] != n) return fmt::format("chain {} has {} rules, not {}", chain, counts[chain], n);
  }
  for (const auto& set : all_sets()) {
    std::vector<nft::Element> have;
    try {
      have = nft::list_elements(nl, kTable, set);
    } catch (const base::Error& e) {
      return fmt::format("set {}: {}", set, e.what());
    }
    auto it = want.sets.find(set);
    if (!same_elements(have, it == want.sets.end() ? std::vector<nft::Element>{} : it->second)) {
      return fmt::format("set {} holds other elements than the state says", set);
    }
  }
  return {};
}

void rebuild_table(netns::Netlink& nl, const Entries& want) {
  nft::Batch b;
  if (table_exists(nl)) b.delete_table(kTable);
  add_skeleton(b, false);
  add_to_batch(b, want);
  try {
    nft::commit(nl, b);
  } catch (base::Error& e) {
    throw e.wrap("rebuild table inet warren");
  }
}

std::string repair_table(netns::Netlink& nl, const Entries& want) {
  std::string drift = table_drift(nl, want);
  if (drift.empty()) return drift;
  LOG_DEBUG("portmap: {}; rebuilding", drift);
  rebuild_table(nl, want);
  return drift;
}

}  // namespace portmap
