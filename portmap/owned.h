// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/owned.h: per-container state in warren's table is only ever set
// or map elements, each tagged (its comment) with the attachment that owns
// it, and every set is a hash: adding or removing an element costs the same
// however many there are. These are the operations on such elements,
// whatever the set.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "netns/netlink.h"
#include "netns/nft_objects.h"

namespace portmap {

// Elements by set (or map) name, and the named counters their objrefs
// name (made before the elements, and never removed with them).
struct Entries {
  std::map<std::string, std::vector<netns::nft::Element>> sets;
  std::vector<std::string> counters;
};

// Merge `more` into `into`.
void merge(Entries& into, const Entries& more);

// Add `e`'s counters, then its elements, to a batch.
void add_to_batch(netns::nft::Batch& b, const Entries& e);

// Add every element in one batch, creating the table first if needed. Throws the kernel's error
// (EBUSY/EEXIST: a key owned by someone else).
void add_entries(netns::Netlink& nft, const Entries& e);

// Remove every element of `sets` tagged `owner`; none is fine.
void remove_owned(netns::Netlink& nft, const std::string& owner, const std::vector<std::string>& sets);

// Remove the elements of `e` that are there and tagged with their own
// owner, looking each up alone: a cost independent of the set's size.
// An element found under another owner is left alone.
void remove_exact(netns::Netlink& nft, const Entries& e);

// Whether each element of `e` is in its set with the same key and data.
bool has_entries(netns::Netlink& nft, const Entries& e);

// Every owner tag found in `sets`.
std::vector<std::string> owners(netns::Netlink& nft, const std::vector<std::string>& sets);

}  // namespace portmap
