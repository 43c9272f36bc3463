// SPDX-License-Identifier: GPL-2.0-or-later
// netns/addr.cc: RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR.
#include "netns/addr.h"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include <cerrno>

#include "base/error.h"

namespace netns {

namespace {

void put_ifaddr(Message& m, int index, const Cidr& cidr) {
  auto* ifa = m.put_header<ifaddrmsg>();
  ifa->ifa_family = static_cast<uint8_t>(cidr.family());
  ifa->ifa_prefixlen = static_cast<uint8_t>(cidr.prefix());
  ifa->ifa_index = static_cast<uint32_t>(index);
  ifa->ifa_scope = RT_SCOPE_UNIVERSE;
  // IFA_LOCAL is the interface's own address; IFA_ADDRESS the peer's on
  // point-to-point links and the same otherwise. `ip` sends both for v4.
  if (cidr.addr().is_v4()) m.put(IFA_LOCAL, cidr.addr().data(), 4);
  m.put(IFA_ADDRESS, cidr.addr().data(), cidr.addr().size());
}

}  // namespace

Message build_add_address(int index, const Cidr& cidr, bool replace, bool nodad) {
  Message m(RTM_NEWADDR, NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL),
            fmt::format("add address {} to #{}", cidr.str(), index));
  put_ifaddr(m, index, cidr);
  if (nodad) {
    reinterpret_cast<ifaddrmsg*>(mnl_nlmsg_get_payload(m.nlh()))->ifa_flags |= IFA_F_NODAD;
  }
  if (cidr.addr().is_v4() && cidr.prefix() < 31) {
    // The broadcast address, as `ip addr add ... brd +` sets it.
    Cidr net = cidr.network();
    uint8_t b[4];
    std::copy(net.addr().data(), net.addr().data() + 4, b);
    for (int i = 0; i < 4; ++i) {
      int bits = cidr.prefix() - i * 8;
      if (bits < 8) b[i] |= bits <= 0 ? 0xff : static_cast<uint8_t>(0xff >> bits);
    }
    m.put(IFA_BROADCAST, b, 4);
  }
  return m;
}

Message build_delete_address(int index, const Cidr& cidr) {
  Message m(RTM_DELADDR, 0, fmt::format("delete address {} from #{}", cidr.str(), index));
  put_ifaddr(m, index, cidr);
  return m;
}

Address parse_address(const nlmsghdr* nlh) {
  const auto* ifa = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(nlh));
  Attrs a(nlh, sizeof(ifaddrmsg));
  Address out;
  out.index = static_cast<int>(ifa->ifa_index);
  out.scope = ifa->ifa_scope;
  auto bytes = a.bytes(a.has(IFA_LOCAL) ? IFA_LOCAL : IFA_ADDRESS);
  out.cidr = Cidr(IpAddress::from_bytes(ifa->ifa_family, bytes), ifa->ifa_prefixlen);
  return out;
}

void add_address(Netlink& nl, int index, const Cidr& cidr, bool nodad) {
  Message m = build_add_address(index, cidr, false, nodad);
  nl.request(m);
}

void delete_address(Netlink& nl, int index, const Cidr& cidr) {
  Message m = build_delete_address(index, cidr);
  int err = nl.try_request(m);
  // EADDRNOTAVAIL: not there; ENODEV: neither is the interface.
  if (err == 0 || err == EADDRNOTAVAIL || err == ENODEV) return;
  throw base::sys_error(err, "{}", m.what());
}

std::vector<Address> list_addresses(Netlink& nl, int index, int family) {
  Message m(RTM_GETADDR, 0, "list addresses");
  auto* ifa = m.put_header<ifaddrmsg>();
  ifa->ifa_family = static_cast<uint8_t>(family);
  ifa->ifa_index = static_cast<uint32_t>(index);  // filtered by the kernel (strict checking)
  std::vector<Address> out;
  nl.dump(m, [&](const nlmsghdr* h) {
    if (h->nlmsg_type != RTM_NEWADDR) return;
    Address a = parse_address(h);
    if (index == 0 || a.index == index) out.push_back(a);
  });
  return out;
}

}  // namespace netns
