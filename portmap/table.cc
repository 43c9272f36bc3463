// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/table.cc: the table's sets, maps and chains, made in one batch.
#include "portmap/table.h"

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <algorithm>
#include <cerrno>
#include <set>

#include "base/error.h"
#include "base/log.h"
#include "netns/nft_objects.h"
#include "portmap/rules.h"

namespace portmap {

namespace nft = netns::nft;

namespace {

constexpr int32_t kDstNatPriority = -100;
constexpr int32_t kSrcNatPriority = 100;
constexpr int32_t kFilterPriority = 0;

using nft::concat_type;

nft::SetSpec addr_set(const char* name, uint32_t type, uint32_t len) {
  return {.name = name, .key_type = type, .key_len = len};
}

// (address . interface name): a plain hash of the concatenation.
nft::SetSpec addr_if_set(const char* name, uint32_t type, uint32_t len) {
  return {.name = name, .key_type = concat_type({type, nft::kTypeIfname}), .key_len = len + 16};
}

// proto . port [: address . port], with an optional host address first.
nft::SetSpec port_map(const char* name, uint32_t type, uint32_t len, bool by_host_addr) {
  nft::SetSpec s{.name = name, .flags = NFT_SET_MAP};
  // Field lengths go only with interval concatenations: the kernel
  // refuses them on a plain hash map.
  if (by_host_addr) {
    s.key_type = concat_type({type, nft::kTypeInetProto, nft::kTypeInetService});
    s.key_len = len + 8;
  } else {
    s.key_type = concat_type({nft::kTypeInetProto, nft::kTypeInetService});
    s.key_len = 8;
  }
  s.data_type = concat_type({type, nft::kTypeInetService});
  s.data_len = len + 4;
  return s;
}

// (address . interface name) : a named counter.
nft::SetSpec addr_if_objref_map(const char* name, uint32_t type, uint32_t len) {
  nft::SetSpec s = addr_if_set(name, type, len);
  s.flags = NFT_SET_OBJECT;  // not NFT_SET_MAP: the kernel takes one or the other
  s.obj_type = NFT_OBJECT_COUNTER;
  return s;
}

std::vector<nft::SetSpec> skeleton_sets() {
  const uint32_t v4 = nft::kTypeIpv4Addr, v6 = nft::kTypeIpv6Addr;
  return {addr_set(kMasq4, v4, 4), addr_if_set(kMasq4Skip, v4, 4), addr_set(kMasq6, v6, 16),
          addr_if_set(kMasq6Skip, v6, 16), port_map(kPorts4, v4, 4, false),
          port_map(kPorts4Addr, v4, 4, true), port_map(kPorts6, v6, 16, false),
          port_map(kPorts6Addr, v6, 16, true), addr_if_set(kHairpin4, v4, 4),
          addr_if_set(kHairpin6, v6, 16), addr_if_objref_map(kLocalnet4, v4, 4),
          addr_set(kFw4, v4, 4), addr_if_set(kFw4Net, v4, 4),
          addr_set(kFw4Internal, v4, 4), addr_set(kFw6, v6, 16), addr_if_set(kFw6Net, v6, 16),
          addr_set(kFw6Internal, v6, 16)};
}

}  // namespace

const std::vector<std::string>& all_sets() {
  static const std::vector<std::string> sets = [] {
    std::vector<std::string> names;
    for (const auto& s : skeleton_sets()) names.push_back(s.name);
    return names;
  }();
  return sets;
}

const std::vector<std::string>& all_chains() {
  static const std::vector<std::string> chains = {"prerouting", "output", "postrouting", "forward"};
  return chains;
}

void add_skeleton(nft::Batch& b, bool exclusive) {
  b.add_table(kTable, exclusive);
  for (const auto& s : skeleton_sets()) nft::add_set(b, kTable, s);
  nft::add_chain(b, kTable, {.name = "prerouting", .type = "nat", .hook = NF_INET_PRE_ROUTING, .priority = kDstNatPriority});
  nft::add_chain(b, kTable, {.name = "output", .type = "nat", .hook = NF_INET_LOCAL_OUT, .priority = kDstNatPriority});
  nft::add_chain(b, kTable, {.name = "postrouting", .type = "nat", .hook = NF_INET_POST_ROUTING, .priority = kSrcNatPriority});
  nft::add_chain(b, kTable, {.name = "forward", .type = "filter", .hook = NF_INET_FORWARD, .priority = kFilterPriority});
  add_dnat_rules(b, "prerouting");
  add_dnat_rules(b, "output");
  add_snat_rules(b);
  add_forward_rules(b);
}

bool table_exists(netns::Netlink& nl) {
  auto tables = nft::list_tables(nl);
  return std::find(tables.begin(), tables.end(), kTable) != tables.end();
}

void ensure_table(netns::Netlink& nl) {
  if (table_exists(nl)) return;
  nft::Batch b;
  // Exclusive: if another warren made the table since we looked, this
  // batch fails whole with EEXIST and theirs stands, complete.
  add_skeleton(b, true);
  auto errors = nft::send(nl, b);
  if (errors.empty()) {
    LOG_DEBUG("portmap: created table inet warren");
    return;
  }
  if (errors.size() == 1 && errors[0].err == EEXIST && table_exists(nl)) return;
  try {
    nft::throw_errors(errors);
  } catch (base::Error& e) {
    e.wrap("create table inet warren");
    throw;
  }
}

namespace {

// The references an older warren's containers would hold: one for each
// (address . bridge) of the hairpin set whose owner publishes an IPv4 port.
void add_localnet_references(nft::Batch& b, netns::Netlink& nl) {
  std::set<std::string> owners;
  for (const char* map : {kPorts4, kPorts4Addr}) {
    for (const auto& e : nft::list_elements(nl, kTable, map)) owners.insert(e.comment);
  }
  std::set<std::string> counters;
  std::vector<nft::Element> refs;
  for (auto& e : nft::list_elements(nl, kTable, kHairpin4)) {
    if (!owners.count(e.comment) || e.key.size() < 20) continue;
    std::string bridge(reinterpret_cast<const char*>(e.key.data() + 4), 16);
    bridge.resize(bridge.find('\0') == std::string::npos ? bridge.size() : bridge.find('\0'));
    counters.insert(localnet_counter(bridge));
    refs.push_back({.key = std::move(e.key), .objref = localnet_counter(bridge), .comment = e.comment});
  }
  for (const auto& c : counters) nft::add_counter(b, kTable, c);
  nft::add_elements(b, kTable, kLocalnet4, refs);
}

}  // namespace

bool add_missing_sets(netns::Netlink& nl) {
  auto have = nft::list_sets(nl, kTable);
  nft::Batch b;
  bool localnet = false;
  for (const auto& s : skeleton_sets()) {
    if (std::find(have.begin(), have.end(), s.name) != have.end()) continue;
    nft::add_set(b, kTable, s);
    localnet = localnet || s.name == kLocalnet4;
  }
  if (b.empty()) return false;
  LOG_DEBUG("portmap: adding {} set(s) an older warren's table lacks", b.size());
  if (localnet) add_localnet_references(b, nl);
  nft::commit(nl, b);
  return true;
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
