// SPDX-License-Identifier: GPL-2.0-or-later
// netns/rule.cc: RTM_NEWRULE and a local default route.
#include "netns/rule.h"

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include <fmt/format.h>

namespace netns {

namespace {

Message build_rule(const PortRule& r, bool add) {
  Message m(add ? RTM_NEWRULE : RTM_DELRULE, add ? NLM_F_CREATE | NLM_F_EXCL : 0,
            fmt::format("{} a rule from {} port {}-{} to table {}", add ? "add" : "delete", r.from.str(), r.sport_first,
                        r.sport_last, r.table));
  auto* h = m.put_header<fib_rule_hdr>();
  h->family = static_cast<uint8_t>(r.from.family());
  h->src_len = r.any_source ? 0 : static_cast<uint8_t>(r.from.size() * 8);
  h->action = FR_ACT_TO_TBL;
  h->table = RT_TABLE_UNSPEC;
  if (!r.any_source) m.put(FRA_SRC, r.from.data(), r.from.size());
  m.put_u32(FRA_TABLE, r.table);
  m.put_u32(FRA_PRIORITY, r.priority);
  m.put_u8(FRA_IP_PROTO, r.ipproto);
  fib_rule_port_range range{r.sport_first, r.sport_last};
  m.put(FRA_SPORT_RANGE, &range, sizeof range);
  return m;
}

}  // namespace

Message build_add_rule(const PortRule& r) { return build_rule(r, true); }

void add_rule(Netlink& nl, const PortRule& r) {
  Message m = build_rule(r, true);
  nl.request(m);
}

void delete_rule(Netlink& nl, const PortRule& r) {
  Message m = build_rule(r, false);
  nl.request(m);
}

Message build_local_table(int family, uint32_t table, int lo_index) {
  Message m(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, fmt::format("add the local table {}", table));
  auto* rt = m.put_header<rtmsg>();
  rt->rtm_family = static_cast<uint8_t>(family);
  rt->rtm_dst_len = 0;
  rt->rtm_table = RT_TABLE_UNSPEC;
  rt->rtm_protocol = RTPROT_BOOT;
  rt->rtm_scope = RT_SCOPE_HOST;
  rt->rtm_type = RTN_LOCAL;
  m.put_u32(RTA_TABLE, table);
  m.put_u32(RTA_OIF, static_cast<uint32_t>(lo_index));
  return m;
}

void add_local_table(Netlink& nl, int family, uint32_t table, int lo_index) {
  Message m = build_local_table(family, table, lo_index);
  nl.request(m);
}

}  // namespace netns
