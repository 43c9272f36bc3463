// SPDX-License-Identifier: GPL-2.0-or-later
// netns/conntrack.cc: IPCTNL_MSG_CT_GET dump, then IPCTNL_MSG_CT_DELETE by
// original tuple.
#include "netns/conntrack.h"

#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include <cerrno>
#include <vector>

#include "base/error.h"
#include "base/log.h"

namespace netns {

namespace {

Message ct_message(uint16_t type, int family, uint16_t flags, std::string what) {
  Message m(static_cast<uint16_t>((NFNL_SUBSYS_CTNETLINK << 8) | type), flags, std::move(what));
  auto* nfg = m.put_header<nfgenmsg>();
  nfg->nfgen_family = static_cast<uint8_t>(family);
  nfg->version = NFNETLINK_V0;
  return m;
}

// Each matching entry's whole CTA_TUPLE_ORIG attribute.
std::vector<std::vector<uint8_t>> matching(Netlink& nl, int family, uint8_t proto, uint16_t dport) {
  Message dump = ct_message(IPCTNL_MSG_CT_GET, family, 0, fmt::format("list conntrack proto {} port {}", proto, dport));
  std::vector<std::vector<uint8_t>> tuples;  // each a whole CTA_TUPLE_ORIG attribute
  nl.dump(dump, [&](const nlmsghdr* h) {
    Attrs a(h, sizeof(nfgenmsg));
    const nlattr* orig = a.get(CTA_TUPLE_ORIG);
    if (!orig) return;
    Attrs t(orig);
    if (!t.has(CTA_TUPLE_PROTO)) return;
    Attrs p(t.get(CTA_TUPLE_PROTO));
    auto port = p.bytes(CTA_PROTO_DST_PORT);
    if (p.u8(CTA_PROTO_NUM) != proto || port.size() != 2 || (port[0] << 8 | port[1]) != dport) return;
    const auto* raw = reinterpret_cast<const uint8_t*>(orig);
    tuples.emplace_back(raw, raw + orig->nla_len);
  });
  return tuples;
}

}  // namespace

int count_conntrack(Netlink& nl, int family, uint8_t proto, uint16_t dport) {
  return static_cast<int>(matching(nl, family, proto, dport).size());
}

int delete_conntrack(Netlink& nl, int family, uint8_t proto, uint16_t dport) {
  int deleted = 0;
  for (const auto& tuple : matching(nl, family, proto, dport)) {
    Message del = ct_message(IPCTNL_MSG_CT_DELETE, family, 0, fmt::format("delete conntrack proto {} port {}", proto, dport));
    const auto* attr = reinterpret_cast<const nlattr*>(tuple.data());
    del.put(CTA_TUPLE_ORIG | NLA_F_NESTED, mnl_attr_get_payload(attr), mnl_attr_get_payload_len(attr));
    int err = nl.try_request(del);
    // ENOENT: it timed out or was deleted meanwhile.
    if (err != 0 && err != ENOENT) throw base::sys_error(err, "{}", del.what());
    if (err == 0) ++deleted;
  }
  return deleted;
}

}  // namespace netns
