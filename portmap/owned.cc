// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/owned.cc: adding, finding and removing tagged elements.
#include "portmap/owned.h"

#include <algorithm>
#include <cerrno>

#include "base/error.h"
#include "portmap/table.h"

namespace portmap {

namespace nft = netns::nft;

void merge(Entries& into, const Entries& more) {
  for (const auto& [set, elems] : more.sets) {
    auto& dst = into.sets[set];
    dst.insert(dst.end(), elems.begin(), elems.end());
  }
  for (const auto& c : more.counters) {
    if (std::find(into.counters.begin(), into.counters.end(), c) == into.counters.end()) into.counters.push_back(c);
  }
}

void add_to_batch(nft::Batch& b, const Entries& e) {
  for (const auto& c : e.counters) nft::add_counter(b, kTable, c);
  for (const auto& [set, elems] : e.sets) nft::add_elements(b, kTable, set, elems);
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

}  // namespace

void add_entries(netns::Netlink& nl, const Entries& e) {
  ensure_table(nl);
  nft::Batch b;
  add_to_batch(b, e);
  auto errors = nft::send(nl, b);
  // A set missing: the table was made by an older warren. Add what it
  // lacks and try again, once (this costs nothing when all is there).
  bool missing = std::any_of(errors.begin(), errors.end(), [](const auto& err) { return err.err == ENOENT; });
  if (missing && add_missing_sets(nl)) {
    nft::Batch again;
    add_to_batch(again, e);
    errors = nft::send(nl, again);
  }
  nft::throw_errors(errors);
}

void remove_owned(netns::Netlink& nl, const std::string& owner, const std::vector<std::string>& sets) {
  if (!table_exists(nl)) return;
  nft::Batch b;
  for (const auto& set : sets) {
    std::vector<nft::Element> mine;
    std::vector<nft::Element> all;
    try {
      all = nft::list_elements(nl, kTable, set);
    } catch (const base::Error& e) {
      if (e.err() != ENOENT) throw;
      continue;  // a set an older warren's table lacks holds nothing of anyone's
    }
    for (auto& el : all) {
      if (el.comment == owner) mine.push_back(std::move(el));
    }
    nft::delete_elements(b, kTable, set, mine);
  }
  send_deletions(nl, b);
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
}

bool has_entries(netns::Netlink& nl, const Entries& e) {
  if (!table_exists(nl)) return e.sets.empty();
  for (const auto& [set, want] : e.sets) {
    for (const auto& w : want) {
      auto h = nft::get_element(nl, kTable, set, w);
      if (!h || h->comment != w.comment || (!w.data.empty() && h->data != w.data)) return false;
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
