// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/rules.cc: the constant rules. In nft's words:
//
//   prerouting/output (nat, dstnat):
//     dnat ip to ip daddr . meta l4proto . th dport map @ports4_addr
//     fib daddr type local dnat ip to meta l4proto . th dport map @ports4
//   postrouting (nat, srcnat):
//     ct status dnat ip saddr 127.0.0.0/8 masquerade        (host -> 127.0.0.1:port)
//     ct status dnat ip saddr . oifname @hairpin4 masquerade (own network -> a port -> back)
//     ct status dnat return                                 (anyone else keeps their address)
//     ip saddr . oifname @masq4_skip return                 (within its own network)
//     ip saddr @masq4 ip daddr != 224.0.0.0/4 masquerade    (containers going out)
//   forward (filter):
//     ct state established,related accept
//     ip saddr . oifname @fw4_net accept                    (within its network)
//     ip saddr @fw4_internal drop; ip daddr @fw4_internal drop
//     ct status dnat accept                                 (published ports)
//     ip saddr @fw4 ip daddr @fw4 drop                      (between networks)
//   (and the same for ip6). "Its own network" is the container's address
//   leaving by the container's own bridge: (address . bridge) elements in
//   hash sets, so no rule is per container or per network, and adding or
//   removing an element costs the same however many there are.
#include "portmap/rules.h"

#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/rtnetlink.h>

#include <cstring>

#include "netns/nft_objects.h"
#include "portmap/table.h"

namespace portmap {

namespace nft = netns::nft;

namespace {

struct Family {
  uint8_t nfproto;
  uint32_t addr_len;
  uint32_t saddr_offset;
  uint32_t daddr_offset;
  uint32_t after_addr;  // the 32-bit register after an address in reg 1
  std::vector<uint8_t> mcast_mask, mcast;
  const char *masq, *skip, *ports, *ports_addr, *hairpin, *fw, *fw_net, *fw_internal;
};

const Family kV4{NFPROTO_IPV4, 4, 12, 16, nft::kReg32_01, {0xf0, 0, 0, 0}, {0xe0, 0, 0, 0},
                 kMasq4, kMasq4Skip, kPorts4, kPorts4Addr, kHairpin4, kFw4, kFw4Net, kFw4Internal};
const Family kV6{NFPROTO_IPV6, 16, 8, 24, nft::kReg32_04,
                 {0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                 {0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                 kMasq6, kMasq6Skip, kPorts6, kPorts6Addr, kHairpin6, kFw6, kFw6Net, kFw6Internal};

std::vector<uint8_t> u32(uint32_t v) {
  std::vector<uint8_t> b(4);
  std::memcpy(b.data(), &v, 4);  // registers hold host byte order
  return b;
}

nft::Rule family_rule(const Family& f) {
  nft::Rule r;
  r.meta(NFT_META_NFPROTO, nft::kReg1).cmp(nft::kReg1, NFT_CMP_EQ, {f.nfproto});
  return r;
}

nft::Rule& saddr(nft::Rule& r, const Family& f, uint32_t reg) {
  return r.payload(NFT_PAYLOAD_NETWORK_HEADER, f.saddr_offset, f.addr_len, reg);
}
nft::Rule& daddr(nft::Rule& r, const Family& f, uint32_t reg) {
  return r.payload(NFT_PAYLOAD_NETWORK_HEADER, f.daddr_offset, f.addr_len, reg);
}
nft::Rule& l4proto_dport(nft::Rule& r, uint32_t proto_reg, uint32_t port_reg) {
  return r.meta(NFT_META_L4PROTO, proto_reg).payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, port_reg);
}

// Match (source address . output interface) against `set`.
nft::Rule& from_own_bridge(nft::Rule& r, const Family& f, const char* set) {
  saddr(r, f, nft::kReg32_00);
  return r.meta(NFT_META_OIFNAME, f.after_addr).lookup(nft::kReg32_00, set);
}

nft::Rule ct_dnat() {
  nft::Rule r;
  r.ct(NFT_CT_STATUS, nft::kReg1).bitwise(nft::kReg1, u32(IPS_DST_NAT)).cmp(nft::kReg1, NFT_CMP_NEQ, u32(0));
  return r;
}

nft::Rule ct_dnat(const Family& f) {
  nft::Rule r = ct_dnat();
  r.meta(NFT_META_NFPROTO, nft::kReg1).cmp(nft::kReg1, NFT_CMP_EQ, {f.nfproto});
  return r;
}

void add(nft::Batch& b, const std::string& chain, nft::Rule r) { nft::add_rule(b, kTable, chain, r); }

}  // namespace

void add_dnat_rules(nft::Batch& b, const std::string& chain) {
  // ::1 is never translated: without route_localnet for IPv6 the packet
  // would be lost; the monitor's forwarder answers there instead.
  nft::Rule loopback6 = family_rule(kV6);
  daddr(loopback6, kV6, nft::kReg1);
  std::vector<uint8_t> one(16, 0);
  one[15] = 1;
  loopback6.cmp(nft::kReg1, NFT_CMP_EQ, one).verdict(NFT_RETURN);
  add(b, chain, std::move(loopback6));
  for (const Family* f : {&kV4, &kV6}) {
    // A host address first: mappings bound to one address win.
    nft::Rule by_addr = family_rule(*f);
    daddr(by_addr, *f, nft::kReg1);
    l4proto_dport(by_addr, f->after_addr, f->after_addr + 1);
    by_addr.map(nft::kReg1, f->ports_addr, nft::kReg1).dnat(f->nfproto, nft::kReg1, f->after_addr);
    add(b, chain, std::move(by_addr));
    // Any local address.
    nft::Rule any = family_rule(*f);
    any.fib(NFTA_FIB_F_DADDR, NFT_FIB_RESULT_ADDRTYPE, nft::kReg1).cmp(nft::kReg1, NFT_CMP_EQ, u32(RTN_LOCAL));
    l4proto_dport(any, nft::kReg1, nft::kReg32_01);
    any.map(nft::kReg1, f->ports, nft::kReg1).dnat(f->nfproto, nft::kReg1, f->after_addr);
    add(b, chain, std::move(any));
  }
}

void add_snat_rules(nft::Batch& b) {
  // The host reaching a published port through 127.0.0.1: the reply must
  // come back to an address the container can route to.
  nft::Rule local = ct_dnat(kV4);
  local.payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 1, nft::kReg1).cmp(nft::kReg1, NFT_CMP_EQ, {127}).masquerade();
  add(b, "postrouting", std::move(local));
  for (const Family* f : {&kV4, &kV6}) {
    nft::Rule hairpin = ct_dnat(*f);
    from_own_bridge(hairpin, *f, f->hairpin).masquerade();
    add(b, "postrouting", std::move(hairpin));
  }
  // Any other connection to a published port keeps its client's address,
  // even from a container whose network masquerades.
  nft::Rule keep = ct_dnat();
  keep.verdict(NFT_RETURN);
  add(b, "postrouting", std::move(keep));
  for (const Family* f : {&kV4, &kV6}) {
    nft::Rule skip = family_rule(*f);
    from_own_bridge(skip, *f, f->skip).verdict(NFT_RETURN);
    add(b, "postrouting", std::move(skip));
    nft::Rule masq = family_rule(*f);
    saddr(masq, *f, nft::kReg1).lookup(nft::kReg1, f->masq);
    daddr(masq, *f, nft::kReg1).bitwise(nft::kReg1, f->mcast_mask).cmp(nft::kReg1, NFT_CMP_NEQ, f->mcast).masquerade();
    add(b, "postrouting", std::move(masq));
  }
}

void add_forward_rules(nft::Batch& b) {
  nft::Rule established;
  established.ct(NFT_CT_STATE, nft::kReg1)
      .bitwise(nft::kReg1, u32(NF_CT_STATE_BIT(IP_CT_ESTABLISHED) | NF_CT_STATE_BIT(IP_CT_RELATED)))
      .cmp(nft::kReg1, NFT_CMP_NEQ, u32(0))
      .verdict(NF_ACCEPT);
  add(b, "forward", std::move(established));
  for (const Family* f : {&kV4, &kV6}) {
    nft::Rule own = family_rule(*f);
    from_own_bridge(own, *f, f->fw_net).verdict(NF_ACCEPT);
    add(b, "forward", std::move(own));
    nft::Rule from_internal = family_rule(*f);
    saddr(from_internal, *f, nft::kReg1).lookup(nft::kReg1, f->fw_internal).verdict(NF_DROP);
    add(b, "forward", std::move(from_internal));
    nft::Rule to_internal = family_rule(*f);
    daddr(to_internal, *f, nft::kReg1).lookup(nft::kReg1, f->fw_internal).verdict(NF_DROP);
    add(b, "forward", std::move(to_internal));
  }
  // Published ports are meant to be reached, from any network.
  nft::Rule published = ct_dnat();
  published.verdict(NF_ACCEPT);
  add(b, "forward", std::move(published));
  for (const Family* f : {&kV4, &kV6}) {
    nft::Rule isolate = family_rule(*f);
    saddr(isolate, *f, nft::kReg1).lookup(nft::kReg1, f->fw);
    daddr(isolate, *f, nft::kReg1).lookup(nft::kReg1, f->fw).verdict(NF_DROP);
    add(b, "forward", std::move(isolate));
  }
}

}  // namespace portmap
