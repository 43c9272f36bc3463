// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/table.cc: building `inet warren`.
//
//   chain postrouting { type nat hook postrouting priority srcnat;
//     ip saddr . ip daddr @masq4_skip return
//     ip saddr @masq4 ip daddr & 240.0.0.0 != 224.0.0.0 masquerade
//     ip6 saddr . ip6 daddr @masq6_skip return
//     ip6 saddr @masq6 ip6 daddr & ff00:: != ff00:: masquerade }
#include "portmap/table.h"

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <algorithm>
#include <cerrno>

#include "base/error.h"
#include "base/log.h"
#include "netns/nft_objects.h"

namespace portmap {

namespace nft = netns::nft;

namespace {

constexpr int32_t kSrcNatPriority = 100;

struct Family {
  uint8_t nfproto;
  uint32_t addr_type;
  uint32_t addr_len;
  uint32_t saddr_offset;
  uint32_t daddr_offset;
  uint32_t second_reg;             // where daddr goes in a concatenation
  std::vector<uint8_t> mcast_mask;  // daddr & mask == mcast: multicast
  std::vector<uint8_t> mcast;
  const char* masq;
  const char* skip;
};

const Family kV4{NFPROTO_IPV4, nft::kTypeIpv4Addr, 4, 12, 16, nft::kReg32_01,
                 {0xf0, 0, 0, 0}, {0xe0, 0, 0, 0}, kMasq4, kMasq4Skip};
const Family kV6{NFPROTO_IPV6, nft::kTypeIpv6Addr, 16, 8, 24, nft::kReg32_04,
                 {0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                 {0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, kMasq6, kMasq6Skip};

nft::Rule match_family(const Family& f) {
  nft::Rule r;
  r.meta(NFT_META_NFPROTO, nft::kReg1).cmp(nft::kReg1, NFT_CMP_EQ, {f.nfproto});
  return r;
}

void add_masquerade(nft::Batch& b, const Family& f) {
  nft::add_set(b, kTable, {.name = f.masq, .key_type = f.addr_type, .key_len = f.addr_len});
  nft::add_set(b, kTable, {.name = f.skip,
                           .key_type = nft::concat_type({f.addr_type, f.addr_type}),
                           .key_len = 2 * f.addr_len,
                           .flags = NFT_SET_INTERVAL | NFT_SET_CONCAT,
                           .field_lens = {f.addr_len, f.addr_len}});
  nft::Rule skip = match_family(f);
  skip.payload(NFT_PAYLOAD_NETWORK_HEADER, f.saddr_offset, f.addr_len, nft::kReg32_00)
      .payload(NFT_PAYLOAD_NETWORK_HEADER, f.daddr_offset, f.addr_len, f.second_reg)
      .lookup(nft::kReg32_00, f.skip)
      .verdict(NFT_RETURN);
  nft::add_rule(b, kTable, "postrouting", skip);
  nft::Rule masq = match_family(f);
  masq.payload(NFT_PAYLOAD_NETWORK_HEADER, f.saddr_offset, f.addr_len, nft::kReg1)
      .lookup(nft::kReg1, f.masq)
      .payload(NFT_PAYLOAD_NETWORK_HEADER, f.daddr_offset, f.addr_len, nft::kReg1)
      .bitwise(nft::kReg1, f.mcast_mask)
      .cmp(nft::kReg1, NFT_CMP_NEQ, f.mcast)
      .masquerade();
  nft::add_rule(b, kTable, "postrouting", masq);
}

}  // namespace

bool table_exists(netns::Netlink& nl) {
  auto tables = nft::list_tables(nl);
  return std::find(tables.begin(), tables.end(), kTable) != tables.end();
}

void ensure_table(netns::Netlink& nl) {
  if (table_exists(nl)) return;
  nft::Batch b;
  // Exclusive: if another warren made the table since we looked, this
  // batch fails whole with EEXIST and theirs stands, complete.
  b.add_table(kTable, true);
  nft::add_chain(b, kTable, {.name = "postrouting", .type = "nat", .hook = NF_INET_POST_ROUTING,
                             .priority = kSrcNatPriority});
  add_masquerade(b, kV4);
  add_masquerade(b, kV6);
  auto errors = nft::send(nl, b);
  if (errors.empty()) {
    LOG_DEBUG("portmap: created table inet warren");
    return;
  }
  if (errors.size() == 1 && errors[0].err == EEXIST && table_exists(nl)) return;
  try {
    nft::throw_errors(errors);
  } catch (base::Error& e) {
    throw e.wrap("create table inet warren");
  }
}

void delete_table(netns::Netlink& nl) {
  if (!table_exists(nl)) return;
  nft::Batch b;
  b.delete_table(kTable);
  auto errors = nft::send(nl, b);
  if (errors.size() == 1 && errors[0].err == ENOENT) return;  // gone meanwhile
  nft::throw_errors(errors);
}

}  // namespace portmap
