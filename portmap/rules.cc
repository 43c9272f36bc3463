// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/rules.cc: the rules. In nft's words:
//
//   prerouting/output (nat, dstnat):
//     dnat ip to ip daddr . meta l4proto . th dport map @ports4_addr
//     fib daddr type local dnat ip to meta l4proto . th dport map @ports4
//   postrouting (nat, srcnat):
//     ct status dnat ip saddr 127.0.0.0/8 masquerade   (host -> 127.0.0.1:port)
//     ct status dnat ip daddr vmap @hairpin4           (own network -> a port -> back)
//     ct status dnat return                            (anyone else keeps their address)
//     ip saddr vmap @masq4                             (containers going out)
//   forward (filter):
//     ct state established,related accept
//     ip saddr vmap @fw4_net                           (within its network; internal: nothing else)
//     ip daddr @fw4_internal drop
//     ct status dnat accept                            (published ports)
//     ip saddr @fw4 ip daddr @fw4 drop                 (between networks)
//   (and the same for ip6). The maps jump to one chain per subnet:
//     masq-SUBNET:         ip daddr SUBNET return; ip daddr 224.0.0.0/4 return; masquerade
//     hairpin-SUBNET:      ip saddr SUBNET masquerade
//     fwd-SUBNET:          ip daddr SUBNET accept
//     fwd-internal-SUBNET: ip daddr SUBNET accept; drop
// Every per-container element is then a hash lookup: adding and removing
// one costs the same however many there are.
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
  const char *masq, *ports, *ports_addr, *hairpin, *fw, *fw_net, *fw_internal;
};

const Family kV4{NFPROTO_IPV4, 4, 12, 16, nft::kReg32_01, {0xf0, 0, 0, 0}, {0xe0, 0, 0, 0},
                 kMasq4, kPorts4, kPorts4Addr, kHairpin4, kFw4, kFw4Net, kFw4Internal};
const Family kV6{NFPROTO_IPV6, 16, 8, 24, nft::kReg32_04,
                 {0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                 {0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                 kMasq6, kPorts6, kPorts6Addr, kHairpin6, kFw6, kFw6Net, kFw6Internal};

const Family& family_of(const netns::Cidr& c) { return c.addr().is_v4() ? kV4 : kV6; }

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

// The register (already loaded with an address) is in `subnet`.
nft::Rule& in_subnet(nft::Rule& r, const netns::Cidr& subnet) {
  netns::Cidr net = subnet.network();
  std::vector<uint8_t> mask(net.addr().size(), 0);
  for (size_t i = 0; i < mask.size(); ++i) {
    int bits = net.prefix() - static_cast<int>(i) * 8;
    mask[i] = bits >= 8 ? 0xff : bits <= 0 ? 0 : static_cast<uint8_t>(0xff << (8 - bits));
  }
  return r.bitwise(nft::kReg1, mask).cmp(nft::kReg1, NFT_CMP_EQ, {net.addr().data(), net.addr().data() + net.addr().size()});
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
    daddr(hairpin, *f, nft::kReg1).vmap(nft::kReg1, f->hairpin);
    add(b, "postrouting", std::move(hairpin));
  }
  // Any other connection to a published port keeps its client's address,
  // even from a container whose network masquerades.
  nft::Rule keep = ct_dnat();
  keep.verdict(NFT_RETURN);
  add(b, "postrouting", std::move(keep));
  for (const Family* f : {&kV4, &kV6}) {
    nft::Rule masq = family_rule(*f);
    saddr(masq, *f, nft::kReg1).vmap(nft::kReg1, f->masq);
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
    saddr(own, *f, nft::kReg1).vmap(nft::kReg1, f->fw_net);
    add(b, "forward", std::move(own));
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

void add_subnet_chain(nft::Batch& b, const std::string& name, const SubnetChain& c, bool exclusive) {
  const Family& f = family_of(c.subnet);
  nft::add_chain(b, kTable, {.name = name}, exclusive);
  switch (c.kind) {
    case SubnetChain::masquerade: {
      nft::Rule own = family_rule(f);
      in_subnet(daddr(own, f, nft::kReg1), c.subnet).verdict(NFT_RETURN);
      add(b, name, std::move(own));
      nft::Rule mcast = family_rule(f);
      daddr(mcast, f, nft::kReg1).bitwise(nft::kReg1, f.mcast_mask).cmp(nft::kReg1, NFT_CMP_EQ, f.mcast).verdict(NFT_RETURN);
      add(b, name, std::move(mcast));
      nft::Rule masq;
      masq.masquerade();
      add(b, name, std::move(masq));
      break;
    }
    case SubnetChain::hairpin: {
      nft::Rule r = family_rule(f);
      in_subnet(saddr(r, f, nft::kReg1), c.subnet).masquerade();
      add(b, name, std::move(r));
      break;
    }
    case SubnetChain::forward:
    case SubnetChain::forward_internal: {
      nft::Rule r = family_rule(f);
      in_subnet(daddr(r, f, nft::kReg1), c.subnet).verdict(NF_ACCEPT);
      add(b, name, std::move(r));
      if (c.kind == SubnetChain::forward_internal) {
        nft::Rule drop;
        drop.verdict(NF_DROP);
        add(b, name, std::move(drop));
      }
      break;
    }
  }
}

}  // namespace portmap
