// SPDX-License-Identifier: GPL-2.0-or-later
// netns/nft_batch_test.cc: batches of any size: a thousand elements (a
// thousand published ports) make several messages, each within its room
// and its 16-bit element list, and parse back to the same elements.
#include <catch2/catch.hpp>

#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include <fmt/format.h>

#include "netns/nft.h"
#include "netns/nft_objects.h"

using namespace netns;

namespace {

std::vector<nft::Element> port_elements(size_t n) {
  std::vector<nft::Element> out;
  for (size_t i = 0; i < n; ++i) {
    uint16_t port = static_cast<uint16_t>(20000 + i);
    nft::Element e;
    e.key = {static_cast<uint8_t>(port >> 8), static_cast<uint8_t>(port), 0, 0};
    e.data = {10, 88, 0, 2, static_cast<uint8_t>(port >> 8), static_cast<uint8_t>(port), 0, 0};
    e.comment = fmt::format("{:064x}", i);  // an owner tag as long as a container id
    out.push_back(std::move(e));
  }
  return out;
}

// The attributes between `from` and `to`, checked as libmnl checks them.
std::vector<const nlattr*> attributes(const void* from, const void* to) {
  std::vector<const nlattr*> out;
  const char* end = static_cast<const char*>(to);
  for (const auto* a = static_cast<const nlattr*>(from); mnl_attr_ok(a, static_cast<int>(end - reinterpret_cast<const char*>(a)));
       a = mnl_attr_next(a)) {
    out.push_back(a);
  }
  return out;
}

std::vector<const nlattr*> nested(const nlattr* nest) {
  const char* payload = static_cast<const char*>(mnl_attr_get_payload(nest));
  return attributes(payload, payload + mnl_attr_get_payload_len(nest));
}

// The element messages of a batch: how many elements each holds, in order.
std::vector<size_t> element_counts(const std::vector<uint8_t>& bytes, uint16_t type) {
  std::vector<size_t> counts;
  const auto* nlh = reinterpret_cast<const nlmsghdr*>(bytes.data());
  int len = static_cast<int>(bytes.size());
  for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
    if (nlh->nlmsg_type != ((NFNL_SUBSYS_NFTABLES << 8) | type)) continue;
    REQUIRE(nlh->nlmsg_len < 64 * 1024);
    // The element list nest: one entry per element, each with its key.
    size_t n = 0;
    bool listed = false;
    for (const nlattr* attr : attributes(mnl_nlmsg_get_payload_offset(nlh, sizeof(nfgenmsg)), mnl_nlmsg_get_payload_tail(nlh))) {
      if (mnl_attr_get_type(attr) != NFTA_SET_ELEM_LIST_ELEMENTS) continue;
      listed = true;
      for (const nlattr* elem : nested(attr)) {
        // libnftnl numbers the list's entries 1, 2, ... (the kernel reads any type).
        CHECK(mnl_attr_get_type(elem) == (n + 1) % 65536);
        bool keyed = false;
        for (const nlattr* field : nested(elem)) keyed = keyed || mnl_attr_get_type(field) == NFTA_SET_ELEM_KEY;
        CHECK(keyed);
        ++n;
      }
    }
    CHECK(listed);
    counts.push_back(n);
  }
  return counts;
}

}  // namespace

TEST_CASE("a thousand elements page into messages that parse back", "[netns]") {
  nft::TableRef t{NFPROTO_INET, "warren-test"};
  for (bool add : {true, false}) {
    CAPTURE(add);
    nft::Batch b;
    auto elems = port_elements(1000);
    if (add) nft::add_elements(b, t, "ports", elems);
    else nft::delete_elements(b, t, "ports", elems);
    auto counts = element_counts(b.bytes(), add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM);
    CHECK(counts.size() > 1);
    size_t total = 0;
    for (size_t c : counts) total += c;
    CHECK(total == 1000);
    CHECK(b.size() == counts.size());
  }
}

TEST_CASE("a small element list stays one message", "[netns]") {
  nft::Batch b;
  nft::add_elements(b, {NFPROTO_INET, "warren-test"}, "ports", port_elements(3));
  CHECK(element_counts(b.bytes(), NFT_MSG_NEWSETELEM) == std::vector<size_t>{3});
}
