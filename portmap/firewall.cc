// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/firewall.cc: firewall elements.
#include "portmap/firewall.h"

#include "base/error.h"
#include "netns/nft_objects.h"
#include "portmap/masquerade.h"
#include "portmap/table.h"

namespace portmap {

Entries firewall_entries(const std::string& owner, const std::vector<netns::Cidr>& addrs, const std::string& bridge,
                         bool internal) {
  Entries e;
  for (const auto& a : addrs) {
    bool v4 = a.addr().is_v4();
    netns::nft::Element self{.key = netns::nft::key_bytes(a.addr().data(), a.addr().size()), .comment = owner};
    e.sets[v4 ? kFw4 : kFw6].push_back(self);
    if (!bridge.empty()) e.sets[v4 ? kFw4Net : kFw6Net].push_back(address_on(a, bridge, owner));
    if (internal) e.sets[v4 ? kFw4Internal : kFw6Internal].push_back(self);
  }
  return e;
}

void setup_firewall(netns::Netlink& nl, const std::string& owner, const std::vector<netns::Cidr>& addrs,
                    const std::string& bridge, bool internal) {
  try {
    add_entries(nl, firewall_entries(owner, addrs, bridge, internal));
  } catch (base::Error& e) {
    e.wrap("firewall for {}", owner);
    throw;
  }
}

void teardown_firewall(netns::Netlink& nl, const std::string& owner, const std::vector<netns::Cidr>& addrs,
                       const std::string& bridge, bool internal) {
  if (!addrs.empty() && !bridge.empty()) return remove_exact(nl, firewall_entries(owner, addrs, bridge, internal));
  remove_owned(nl, owner, {kFw4, kFw4Net, kFw4Internal, kFw6, kFw6Net, kFw6Internal});
}

bool has_firewall(netns::Netlink& nl, const std::string& owner, const std::vector<netns::Cidr>& addrs,
                  const std::string& bridge, bool internal) {
  return table_exists(nl) && has_entries(nl, firewall_entries(owner, addrs, bridge, internal));
}

}  // namespace portmap
