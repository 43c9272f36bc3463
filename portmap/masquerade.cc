// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/masquerade.cc: masquerade elements.
#include "portmap/masquerade.h"

#include "base/error.h"
#include "portmap/table.h"

namespace portmap {

namespace nft = netns::nft;

void add_jump(Entries& e, const std::string& map, SubnetChain::Kind kind, const netns::Cidr& addr,
              const std::string& owner) {
  SubnetChain chain{kind, addr.network()};
  std::string name = chain_name(chain);
  e.sets[map].push_back({.key = nft::key_bytes(addr.addr().data(), addr.addr().size()), .jump = name, .comment = owner});
  e.chains[name] = chain;
}

Entries masquerade_entries(const std::string& owner, const std::vector<netns::Cidr>& addrs) {
  Entries e;
  for (const auto& a : addrs) add_jump(e, a.addr().is_v4() ? kMasq4 : kMasq6, SubnetChain::masquerade, a, owner);
  return e;
}

void setup_masquerade(netns::Netlink& nl, const std::string& owner, const std::vector<netns::Cidr>& addrs) {
  try {
    add_entries(nl, masquerade_entries(owner, addrs));
  } catch (base::Error& err) {
    throw err.wrap("masquerade for {}", owner);
  }
}

void teardown_masquerade(netns::Netlink& nl, const std::string& owner, const std::vector<netns::Cidr>& addrs) {
  try {
    if (!addrs.empty()) return remove_exact(nl, masquerade_entries(owner, addrs));
    remove_owned(nl, owner, {kMasq4, kMasq6});
  } catch (base::Error& err) {
    throw err.wrap("remove masquerade for {}", owner);
  }
}

bool has_masquerade(netns::Netlink& nl, const std::string& owner, const std::vector<netns::Cidr>& addrs) {
  return table_exists(nl) && has_entries(nl, masquerade_entries(owner, addrs));
}

std::vector<std::string> masquerade_owners(netns::Netlink& nl) { return owners(nl, {kMasq4, kMasq6}); }

}  // namespace portmap
