// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/masquerade.cc: masquerade elements.
#include "portmap/masquerade.h"

#include <algorithm>
#include <cerrno>

#include "base/error.h"
#include "base/log.h"
#include "netns/nft_objects.h"
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

struct Elements {
  std::vector<nft::Element> masq4, skip4, masq6, skip6;
};

Elements elements_for(const std::string& owner, const std::vector<netns::Cidr>& addrs) {
  Elements e;
  for (const auto& a : addrs) {
    std::vector<uint8_t> self = bytes(a.addr());
    std::vector<uint8_t> key = self, key_end = self;
    auto first = bytes(a.network().addr()), last = bytes(last_of(a));
    key.insert(key.end(), first.begin(), first.end());
    key_end.insert(key_end.end(), last.begin(), last.end());
    bool v4 = a.addr().is_v4();
    (v4 ? e.masq4 : e.masq6).push_back({.key = self, .comment = owner});
    (v4 ? e.skip4 : e.skip6).push_back({.key = key, .key_end = key_end, .comment = owner});
  }
  return e;
}

std::vector<nft::Element> owned(netns::Netlink& nl, const std::string& set, const std::string& owner) {
  std::vector<nft::Element> out;
  for (auto& e : nft::list_elements(nl, kTable, set)) {
    if (e.comment == owner) out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

void setup_masquerade(netns::Netlink& nl, const std::string& owner, const std::vector<netns::Cidr>& addrs) {
  ensure_table(nl);
  Elements e = elements_for(owner, addrs);
  nft::Batch b;
  nft::add_elements(b, kTable, kMasq4, e.masq4);
  nft::add_elements(b, kTable, kMasq4Skip, e.skip4);
  nft::add_elements(b, kTable, kMasq6, e.masq6);
  nft::add_elements(b, kTable, kMasq6Skip, e.skip6);
  try {
    nft::commit(nl, b);
  } catch (base::Error& err) {
    throw err.wrap("masquerade for {}", owner);
  }
}

void teardown_masquerade(netns::Netlink& nl, const std::string& owner) {
  if (!table_exists(nl)) return;
  nft::Batch b;
  for (const char* set : {kMasq4, kMasq4Skip, kMasq6, kMasq6Skip}) {
    nft::delete_elements(b, kTable, set, owned(nl, set, owner));
  }
  if (b.empty()) return;
  auto errors = nft::send(nl, b);
  // A concurrent teardown of the same owner got there first: still gone.
  for (const auto& err : errors) {
    if (err.err != ENOENT) {
      try {
        nft::throw_errors(errors);
      } catch (base::Error& ex) {
        throw ex.wrap("remove masquerade for {}", owner);
      }
    }
  }
}

std::vector<std::string> masquerade_owners(netns::Netlink& nl) {
  std::vector<std::string> out;
  if (!table_exists(nl)) return out;
  for (const char* set : {kMasq4, kMasq6}) {
    for (const auto& e : nft::list_elements(nl, kTable, set)) {
      if (std::find(out.begin(), out.end(), e.comment) == out.end()) out.push_back(e.comment);
    }
  }
  return out;
}

bool has_masquerade(netns::Netlink& nl, const std::string& owner, const std::vector<netns::Cidr>& addrs) {
  if (!table_exists(nl)) return false;
  Elements want = elements_for(owner, addrs);
  auto contains = [&](const char* set, const std::vector<nft::Element>& needed) {
    if (needed.empty()) return true;
    auto have = owned(nl, set, owner);
    for (const auto& n : needed) {
      bool found = false;
      for (const auto& h : have) found = found || (h.key == n.key && (n.key_end.empty() || h.key_end == n.key_end));
      if (!found) return false;
    }
    return true;
  };
  return contains(kMasq4, want.masq4) && contains(kMasq4Skip, want.skip4) &&
         contains(kMasq6, want.masq6) && contains(kMasq6Skip, want.skip6);
}

}  // namespace portmap
