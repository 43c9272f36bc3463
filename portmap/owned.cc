// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/owned.cc: adding, finding and removing tagged elements, and the
// subnet chains they jump to.
#include "portmap/owned.h"

#include <algorithm>
#include <cerrno>
#include <set>

#include "base/error.h"
#include "portmap/rules.h"
#include "portmap/table.h"

namespace portmap {

namespace nft = netns::nft;

std::string chain_name(const SubnetChain& c) {
  static const char* prefix[] = {"masq", "hairpin", "fwd", "fwd-internal"};
  std::string hex;
  for (size_t i = 0; i < c.subnet.addr().size(); ++i) hex += fmt::format("{:02x}", c.subnet.network().addr().data()[i]);
  return fmt::format("{}-{}-{}", prefix[c.kind], hex, c.subnet.prefix());
}

void merge(Entries& into, const Entries& more) {
  for (const auto& [set, elems] : more.sets) {
    auto& dst = into.sets[set];
    dst.insert(dst.end(), elems.begin(), elems.end());
  }
  into.chains.insert(more.chains.begin(), more.chains.end());
}

namespace {

// Send a batch of deletions. A concurrent teardown of the same owner may
// have got there first: ENOENT still means gone.
void send_deletions(netns::Netlink& nl, nft::Batch& b) {
  if (b.empty()) return;
  auto errors = nft::send(nl, b);
  bool all_gone = std::all_of(errors.begin(), errors.end(), [](const auto& err) { return err.err == ENOENT; });
  if (!all_gone) nft::throw_errors(errors);
}

void ensure_chain(netns::Netlink& nl, const std::string& name, const SubnetChain& c) {
  if (nft::chain_exists(nl, kTable, name)) return;
  nft::Batch b;
  add_subnet_chain(b, name, c, true);
  auto errors = nft::send(nl, b);
  // Made by a concurrent ADD since we looked: whole, as batches are.
  if (errors.empty() || (errors.size() == 1 && errors[0].err == EEXIST)) return;
  nft::throw_errors(errors);
}

// Drop chains nothing jumps to any more. The kernel refuses (EBUSY) while
// an element still does, and the refused batch changes nothing; but a
// refused batch costs a grace period, so the chain's use count is asked
// first (two lookups) and only an unused chain is tried.
void release_chains(netns::Netlink& nl, const std::set<std::string>& chains) {
  for (const auto& name : chains) {
    auto referenced = nft::chain_referenced(nl, kTable, name);
    if (!referenced || *referenced) continue;
    nft::Batch b;
    nft::delete_chain(b, kTable, name);
    auto errors = nft::send(nl, b);
    for (const auto& e : errors) {
      if (e.err != EBUSY && e.err != ENOENT) nft::throw_errors(errors);
    }
  }
}

}  // namespace

void add_entries(netns::Netlink& nl, const Entries& e) {
  ensure_table(nl);
  for (const auto& [name, chain] : e.chains) ensure_chain(nl, name, chain);
  nft::Batch b;
  for (const auto& [set, elems] : e.sets) nft::add_elements(b, kTable, set, elems);
  nft::commit(nl, b);
}

void remove_owned(netns::Netlink& nl, const std::string& owner, const std::vector<std::string>& sets) {
  if (!table_exists(nl)) return;
  nft::Batch b;
  std::set<std::string> chains;
  for (const auto& set : sets) {
    std::vector<nft::Element> mine;
    for (auto& el : nft::list_elements(nl, kTable, set)) {
      if (el.comment != owner) continue;
      if (!el.jump.empty()) chains.insert(el.jump);
      mine.push_back(std::move(el));
    }
    nft::delete_elements(b, kTable, set, mine);
  }
  send_deletions(nl, b);
  release_chains(nl, chains);
}

void remove_exact(netns::Netlink& nl, const Entries& e) {
  if (!table_exists(nl)) return;
  nft::Batch b;
  for (const auto& [set, elems] : e.sets) {
    std::vector<nft::Element> mine;
    for (const auto& want : elems) {
      auto have = nft::get_element(nl, kTable, set, want);
      if (have && have->comment == want.comment) mine.push_back(want);
    }
    nft::delete_elements(b, kTable, set, mine);
  }
  send_deletions(nl, b);
  std::set<std::string> chains;
  for (const auto& [name, c] : e.chains) chains.insert(name);
  release_chains(nl, chains);
}

bool has_entries(netns::Netlink& nl, const Entries& e) {
  if (!table_exists(nl)) return e.sets.empty();
  for (const auto& [name, c] : e.chains) {
    if (!nft::chain_exists(nl, kTable, name)) return false;
  }
  for (const auto& [set, want] : e.sets) {
    for (const auto& w : want) {
      auto h = nft::get_element(nl, kTable, set, w);
      if (!h || h->comment != w.comment || (!w.data.empty() && h->data != w.data) || h->jump != w.jump) return false;
    }
  }
  return true;
}

std::vector<std::string> owners(netns::Netlink& nl, const std::vector<std::string>& sets) {
  std::vector<std::string> out;
  if (!table_exists(nl)) return out;
  for (const auto& set : sets) {
    for (const auto& e : nft::list_elements(nl, kTable, set)) {
      if (std::find(out.begin(), out.end(), e.comment) == out.end()) out.push_back(e.comment);
    }
  }
  return out;
}

}  // namespace portmap
