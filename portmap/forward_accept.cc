// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/forward_accept.cc: the accepts built with libnftnl and found
// again by their comment.
#include "portmap/forward_accept.h"

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <sys/socket.h>

#include <algorithm>

#include <fmt/format.h>

#include "netns/nft_objects.h"

namespace portmap {

namespace nft = netns::nft;

namespace {

// ip saddr SUBNET accept (or daddr), for a table of `family`.
nft::Rule accept_rule(uint16_t family, const netns::Cidr& subnet, bool source, const std::string& comment) {
  bool v4 = subnet.family() == AF_INET;
  nft::Rule r;
  if (family == NFPROTO_INET) {
    r.meta(NFT_META_NFPROTO, nft::kReg1).cmp(nft::kReg1, NFT_CMP_EQ, {static_cast<uint8_t>(v4 ? NFPROTO_IPV4 : NFPROTO_IPV6)});
  } else if (family == NFPROTO_BRIDGE) {
    // The ethertype, in network order: 0x0800 or 0x86dd.
    r.meta(NFT_META_PROTOCOL, nft::kReg1).cmp(nft::kReg1, NFT_CMP_EQ, v4 ? std::vector<uint8_t>{0x08, 0x00} : std::vector<uint8_t>{0x86, 0xdd});
  }
  uint32_t len = v4 ? 4 : 16;
  uint32_t offset = v4 ? (source ? 12 : 16) : (source ? 8 : 24);
  std::vector<uint8_t> mask(len, 0);
  for (int i = 0; i < subnet.prefix(); ++i) mask[i / 8] |= static_cast<uint8_t>(0x80 >> (i % 8));
  netns::Cidr net = subnet.network();
  r.payload(NFT_PAYLOAD_NETWORK_HEADER, offset, len, nft::kReg1)
      .bitwise(nft::kReg1, mask)
      .cmp(nft::kReg1, NFT_CMP_EQ, nft::key_bytes(net.addr().data(), len))
      .verdict(NF_ACCEPT)
      .comment(comment);
  return r;
}

bool family_fits(uint16_t family, const netns::Cidr& s) {
  if (family == NFPROTO_IPV4) return s.family() == AF_INET;
  if (family == NFPROTO_IPV6) return s.family() == AF_INET6;
  return true;
}

}  // namespace

std::string accept_comment(const std::string& network) { return "warren-accept " + network; }

std::vector<std::string> add_forward_accepts(netns::Netlink& nl, const std::vector<nft::Blocking>& blocking,
                                             const std::vector<netns::Cidr>& subnets, const std::string& network) {
  std::string comment = accept_comment(network);
  nft::Batch b;
  std::vector<std::string> written;
  for (const auto& block : blocking) {
    const auto& c = block.chain;
    auto rules = nft::chain_rules(nl, c.table, c.name);
    if (std::any_of(rules.begin(), rules.end(), [&](const auto& r) { return r.comment == comment; })) continue;
    for (const auto& s : subnets) {
      if (!family_fits(c.table.family, s)) continue;
      for (bool source : {false, true}) {  // inserted first each: source ends up first
        nft::Rule r = accept_rule(c.table.family, s, source, comment);
        nft::insert_rule(b, c.table, c.name, r);
      }
    }
    written.push_back(fmt::format("{} {} {}", nft::family_name(c.table.family), c.table.name, c.name));
  }
  if (!b.empty()) nft::commit(nl, b);
  return written;
}

size_t remove_forward_accepts(netns::Netlink& nl, const std::string& network) {
  std::string comment = accept_comment(network);
  nft::Batch b;
  size_t n = 0;
  for (const auto& c : nft::list_base_chains(nl)) {
    for (const auto& r : nft::chain_rules(nl, c.table, c.name)) {
      if (r.comment != comment) continue;
      nft::delete_rule(b, c.table, c.name, r.handle);
      ++n;
    }
  }
  if (!b.empty()) nft::commit(nl, b);
  return n;
}

}  // namespace portmap
