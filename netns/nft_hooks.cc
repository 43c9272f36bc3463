// SPDX-License-Identifier: GPL-2.0-or-later
// netns/nft_hooks.cc: chains and rules dumped through libnftnl.
#include "netns/nft_hooks.h"

#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/udata.h>
#include <linux/netfilter/nf_tables.h>

#include <cstring>
#include <algorithm>
#include <memory>

#include <fmt/format.h>

namespace netns::nft {

namespace {

struct ChainFree {
  void operator()(nftnl_chain* c) const { nftnl_chain_free(c); }
};
struct RuleFree {
  void operator()(nftnl_rule* r) const { nftnl_rule_free(r); }
};

// Expressions that only count or log: a rule of these and a verdict
// matches every packet.
bool passive(const std::string& name) { return name == "counter" || name == "log" || name == "immediate" || name == "reject"; }

int summarize(nftnl_expr* e, void* data) {
  auto* out = static_cast<RuleSummary*>(data);
  std::string name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
  if (name == "immediate" && nftnl_expr_is_set(e, NFTNL_EXPR_IMM_VERDICT)) {
    switch (static_cast<int32_t>(nftnl_expr_get_u32(e, NFTNL_EXPR_IMM_VERDICT))) {
      case NF_ACCEPT: out->verdict = "accept"; break;
      case NF_DROP: out->verdict = "drop"; break;
      case NFT_JUMP: out->verdict = "jump"; break;
      case NFT_GOTO: out->verdict = "goto"; break;
      case NFT_RETURN: out->verdict = "return"; break;
      default: break;
    }
    if (nftnl_expr_is_set(e, NFTNL_EXPR_IMM_CHAIN)) out->target = nftnl_expr_get_str(e, NFTNL_EXPR_IMM_CHAIN);
  } else if (name == "reject") {
    out->verdict = "reject";
  } else if (name == "target") {
    // iptables-nft's xtables targets: REJECT, DROP, ACCEPT by name.
    std::string target = nftnl_expr_get_str(e, NFTNL_EXPR_TG_NAME);
    if (target == "REJECT") out->verdict = "reject";
    else if (target == "DROP") out->verdict = "drop";
    else if (target == "ACCEPT") out->verdict = "accept";
  } else if (name == "cmp") {
    uint32_t len = 0;
    const void* bytes = nftnl_expr_get(e, NFTNL_EXPR_CMP_DATA, &len);
    const auto* p = static_cast<const uint8_t*>(bytes);
    if (p) out->compared.emplace_back(p, p + len);
  }
  if (!passive(name)) out->conditional = true;
  return 0;
}

int comment_of(const nftnl_udata* attr, void* data) {
  if (nftnl_udata_type(attr) == NFTNL_UDATA_RULE_COMMENT) {
    const char* p = static_cast<const char*>(nftnl_udata_get(attr));
    static_cast<std::string*>(data)->assign(p, strnlen(p, nftnl_udata_len(attr)));
  }
  return 0;
}

enum class Fate { accepted, dropped, passes };

// An address comparison's data (nft loads only the bytes a prefix
// needs: 3 for a /24) whose bits agree with the subnet's as far as both go.
bool covers(const std::vector<uint8_t>& d, const Cidr& s) {
  if (d.size() < 2 || d.size() > s.addr().size()) return false;
  int bits = std::min<int>(static_cast<int>(d.size()) * 8, s.prefix());
  const uint8_t* a = s.addr().data();
  for (int i = 0; i < bits; ++i) {
    if (((d[i / 8] ^ a[i / 8]) >> (7 - i % 8)) & 1) return false;
  }
  return true;
}

// A rule compares the network's bridge (by name or a name prefix, as
// iptables' "cni-podman+") or an address of its subnets.
bool names_match(const RuleSummary& r, const PacketMatch& match) {
  for (const auto& d : r.compared) {
    std::string text(d.begin(), d.end());
    bool terminated = !text.empty() && text.back() == '\0';
    text.erase(std::find(text.begin(), text.end(), '\0'), text.end());
    if (!match.ifname.empty() && !text.empty() &&
        (text == match.ifname || (!terminated && match.ifname.starts_with(text)))) {
      return true;
    }
    for (const auto& s : match.subnets) {
      if (covers(d, s)) return true;
    }
  }
  return false;
}

// Rule by rule, following jumps (bounded): what happens to the network's
// packet in `chain`. `why` says which rule decided.
Fate walk(Netlink& nft, const TableRef& t, const std::string& chain, const PacketMatch& match, int depth,
          std::string& why) {
  for (const auto& r : chain_rules(nft, t, chain)) {
    bool ours = names_match(r, match);
    bool every = !r.conditional;
    if (r.verdict == "accept" && (ours || every)) {
      why = fmt::format("accepted by a rule in chain {}", chain);
      return Fate::accepted;
    }
    if ((r.verdict == "drop" || r.verdict == "reject") && (ours || every)) {
      why = fmt::format("{} {} rule in chain {}", every ? "an unconditional" : "a", r.verdict, chain);
      return Fate::dropped;
    }
    if ((r.verdict == "jump" || r.verdict == "goto") && (ours || every) && depth < 8 && !r.target.empty()) {
      Fate f = walk(nft, t, r.target, match, depth + 1, why);
      if (f != Fate::passes || r.verdict == "goto") return f;
    }
    if (r.verdict == "return" && every) return Fate::passes;
  }
  return Fate::passes;
}

bool sees(uint16_t family, const PacketMatch& match, bool bridge_family) {
  if (bridge_family || family == NFPROTO_BRIDGE) return bridge_family && family == NFPROTO_BRIDGE;
  if (family == NFPROTO_INET) return true;
  return std::any_of(match.subnets.begin(), match.subnets.end(), [&](const Cidr& s) {
    return (family == NFPROTO_IPV4 && s.family() == AF_INET) || (family == NFPROTO_IPV6 && s.family() == AF_INET6);
  });
}

}  // namespace

std::string hook_name(uint32_t hook) {
  static const char* names[] = {"prerouting", "input", "forward", "output", "postrouting", "ingress"};
  return hook < std::size(names) ? names[hook] : fmt::format("hook {}", hook);
}

std::vector<BaseChain> list_base_chains(Netlink& nl) {
  Message m = get_message(NFT_MSG_GETCHAIN, NFPROTO_UNSPEC, "list the chains of every table");
  std::vector<BaseChain> out;
  nl.dump(m, [&](const nlmsghdr* h) {
    std::unique_ptr<nftnl_chain, ChainFree> c{nftnl_chain_alloc()};
    if (nftnl_chain_nlmsg_parse(h, c.get()) < 0 || !nftnl_chain_is_set(c.get(), NFTNL_CHAIN_HOOKNUM)) return;
    BaseChain b;
    b.table = {static_cast<uint16_t>(nftnl_chain_get_u32(c.get(), NFTNL_CHAIN_FAMILY)),
               nftnl_chain_get_str(c.get(), NFTNL_CHAIN_TABLE)};
    b.name = nftnl_chain_get_str(c.get(), NFTNL_CHAIN_NAME);
    if (nftnl_chain_is_set(c.get(), NFTNL_CHAIN_TYPE)) b.type = nftnl_chain_get_str(c.get(), NFTNL_CHAIN_TYPE);
    b.hook = nftnl_chain_get_u32(c.get(), NFTNL_CHAIN_HOOKNUM);
    b.priority = nftnl_chain_get_s32(c.get(), NFTNL_CHAIN_PRIO);
    b.policy_drop = nftnl_chain_is_set(c.get(), NFTNL_CHAIN_POLICY) && nftnl_chain_get_u32(c.get(), NFTNL_CHAIN_POLICY) == NF_DROP;
    out.push_back(std::move(b));
  });
  return out;
}

std::vector<RuleSummary> chain_rules(Netlink& nl, const TableRef& t, const std::string& chain) {
  Message m = get_message(NFT_MSG_GETRULE, t.family, fmt::format("list rules of {} {} {}", family_name(t.family), t.name, chain));
  m.put_str(NFTA_RULE_TABLE, t.name);
  m.put_str(NFTA_RULE_CHAIN, chain);
  std::vector<RuleSummary> out;
  nl.dump(m, [&](const nlmsghdr* h) {
    std::unique_ptr<nftnl_rule, RuleFree> r{nftnl_rule_alloc()};
    if (nftnl_rule_nlmsg_parse(h, r.get()) < 0) return;
    if (t.name != nftnl_rule_get_str(r.get(), NFTNL_RULE_TABLE) || chain != nftnl_rule_get_str(r.get(), NFTNL_RULE_CHAIN)) return;
    RuleSummary s;
    nftnl_expr_foreach(r.get(), summarize, &s);
    s.handle = nftnl_rule_get_u64(r.get(), NFTNL_RULE_HANDLE);
    uint32_t len = 0;
    if (const void* ud = nftnl_rule_get_data(r.get(), NFTNL_RULE_USERDATA, &len)) nftnl_udata_parse(ud, len, comment_of, &s.comment);
    out.push_back(std::move(s));
  });
  return out;
}

std::vector<Blocking> blocking_chains(Netlink& nft, const std::vector<BaseChain>& chains, uint32_t hook,
                                       const PacketMatch& match, const TableRef& skip, bool bridge_family) {
  std::vector<Blocking> out;
  for (const auto& c : chains) {
    if (c.hook != hook || c.table == skip || c.type == "nat" || !sees(c.table.family, match, bridge_family)) continue;
    std::string why;
    Fate f = walk(nft, c.table, c.name, match, 0, why);
    if (f == Fate::passes && c.policy_drop) out.push_back({c, "policy drop"});
    else if (f == Fate::dropped) out.push_back({c, why});
  }
  return out;
}

}  // namespace netns::nft
