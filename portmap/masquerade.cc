// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/masquerade.cc: masquerade elements.
#include "portmap/masquerade.h"

#include "base/error.h"
#include "portmap/table.h"

namespace portmap {

namespace nft = netns::nft;

namespace {

std::vector<uint8_t> bytes(const netns::IpAddress& ip) { return nft::key_bytes(ip.data(), ip.size()); }

// The last address of the subnet.
netns::IpAddress last_of(const netns::Cidr& c) {
  netns::Cidr net = c.network();
  std::vector<uint8_t> b(net.addr().data(), net.addr().data() + net.addr().size());
  for (size_t i = 0; i < b.size(); ++i) {
    int bits = c.prefix() - static_cast<int>(i) * 8;
    if (bits < 8) b[i] |= bits <= 0 ? 0xff : static_cast<uint8_t>(0xff >> bits);
  }
  return netns::IpAddress::from_bytes(c.family(), b);
}

}  // namespace

nft::Element address_in_subnet(const netns::Cidr& a, const std::string& owner) {
  std::vector<uint8_t> key = bytes(a.addr()), key_end = bytes(a.addr());
  auto first = bytes(a.network().addr()), last = bytes(last_of(a));
  key.insert(key.end(), first.begin(), first.end());
  key_end.insert(key_end.end(), last.begin(), last.end());
  return {.key = key, .key_end = key_end, .comment = owner};
}

nft::Element subnet_to_address(const netns::Cidr& a, const std::string& owner) {
  std::vector<uint8_t> key = bytes(a.network().addr()), key_end = bytes(last_of(a));
  auto self = bytes(a.addr());
  key.insert(key.end(), self.begin(), self.end());
  key_end.insert(key_end.end(), self.begin(), self.end());
  return {.key = key, .key_end = key_end, .comment = owner};
}

Entries masquerade_entries(const std::string& owner, const std::vector<netns::Cidr>& addrs) {
  Entries e;
  for (const auto& a : addrs) {
    bool v4 = a.addr().is_v4();
    e[v4 ? kMasq4 : kMasq6].push_back({.key = bytes(a.addr()), .comment = owner});
    e[v4 ? kMasq4Skip : kMasq6Skip].push_back(address_in_subnet(a, owner));
  }
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
    remove_owned(nl, owner, {kMasq4, kMasq4Skip, kMasq6, kMasq6Skip});
  } catch (base::Error& err) {
    throw err.wrap("remove masquerade for {}", owner);
  }
}

bool has_masquerade(netns::Netlink& nl, const std::string& owner, const std::vector<netns::Cidr>& addrs) {
  return table_exists(nl) && has_entries(nl, masquerade_entries(owner, addrs));
}

std::vector<std::string> masquerade_owners(netns::Netlink& nl) { return owners(nl, {kMasq4, kMasq6}); }

}  // namespace portmap
