// SPDX-License-Identifier: GPL-2.0-or-later
// netns/nft_hooks.cc: chains and rules dumped through libnftnl.
#include "netns/nft_hooks.h"

#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <linux/netfilter/nf_tables.h>

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
    out.push_back(std::move(s));
  });
  return out;
}

}  // namespace netns::nft
