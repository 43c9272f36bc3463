// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/masquerade.cc: masquerade elements.
#include "portmap/masquerade.h"

#include "base/error.h"
#include "portmap/table.h"

namespace portmap {

namespace nft = netns::nft;

nft::Element address_on(const netns::Cidr& a, const std::string& ifname, const std::string& owner) {
  nft::Element e{.key = nft::key_bytes(a.addr().data(), a.addr().size()), .comment = owner};
  auto name = nft::ifname_bytes(ifname);
  e.key.insert(e.key.end(), name.begin(), name.end());
  return e;
}

Entries masquerade_entries(const std::string& owner, const std::vector<netns::Cidr>& addrs, const std::string& bridge) {
  Entries e;
  for (const auto& a : addrs) {
    bool v4 = a.addr().is_v4();
    e.sets[v4 ? kMasq4 : kMasq6].push_back({.key = nft::key_bytes(a.addr().data(), a.addr().size()), .comment = owner});
    if (!bridge.empty()) e.sets[v4 ? kMasq4Skip : kMasq6Skip].push_back(address_on(a, bridge, owner));
  }
  return e;
}

void setup_masquerade(netns::Netlink& nl, const std::string& owner, const std::vector<netns::Cidr>& addrs,
                      const std::string& bridge) {
  try {
    add_entries(nl, masquerade_entries(owner, addrs, bridge));
  } catch (base::Error& err) {
    err.wrap("masquerade for {}", owner);
    throw;
  }
}

void teardown_masquerade(netns::Netlink& nl, const std::string& owner, const std::vector<netns::Cidr>& addrs,
                         const std::string& bridge) {
  try {
    if (!addrs.empty() && !bridge.empty()) return remove_exact(nl, masquerade_entries(owner, addrs, bridge));
    remove_owned(nl, owner, {kMasq4, kMasq4Skip, kMasq6, kMasq6Skip});
  } catch (base::Error& err) {
    err.wrap("remove masquerade for {}", owner);
    throw;
  }
}

bool has_masquerade(netns::Netlink& nl, const std::string& owner, const std::vector<netns::Cidr>& addrs,
                    const std::string& bridge) {
  return table_exists(nl) && has_entries(nl, masquerade_entries(owner, addrs, bridge));
}

std::vector<std::string> masquerade_owners(netns::Netlink& nl) { return owners(nl, {kMasq4, kMasq6}); }

}  // namespace portmap
