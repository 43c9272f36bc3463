// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/doctor_hooks.cc: a packet's fate in another table's chain.
#include "runtime/doctor_hooks.h"

#include <linux/netfilter.h>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace runtime {

namespace {

enum class Fate { accepted, dropped, passes };

// An address comparison's data (nft loads only the bytes a prefix
// needs: 3 for a /24) whose bits agree with the subnet's as far as both go.
bool covers(const std::vector<uint8_t>& d, const netns::Cidr& s) {
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
bool names_owner(const netns::nft::RuleSummary& r, const PacketOwner& owner) {
  for (const auto& d : r.compared) {
    std::string text(d.begin(), d.end());
    bool terminated = !text.empty() && text.back() == '\0';
    text.erase(std::find(text.begin(), text.end(), '\0'), text.end());
    if (!owner.bridge.empty() && !text.empty() &&
        (text == owner.bridge || (!terminated && owner.bridge.starts_with(text)))) {
      return true;
    }
    for (const auto& s : owner.subnets) {
      if (covers(d, s)) return true;
    }
  }
  return false;
}

// Rule by rule, following jumps (bounded): what happens to the network's
// packet in `chain`. `why` says which rule decided.
Fate walk(netns::Netlink& nft, const netns::nft::TableRef& t, const std::string& chain, const PacketOwner& owner, int depth,
          std::string& why) {
  for (const auto& r : netns::nft::chain_rules(nft, t, chain)) {
    bool ours = names_owner(r, owner);
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
      Fate f = walk(nft, t, r.target, owner, depth + 1, why);
      if (f != Fate::passes || r.verdict == "goto") return f;
    }
    if (r.verdict == "return" && every) return Fate::passes;
  }
  return Fate::passes;
}

bool sees(uint16_t family, const PacketOwner& owner, bool bridge_family) {
  if (bridge_family || family == NFPROTO_BRIDGE) return bridge_family && family == NFPROTO_BRIDGE;
  if (family == NFPROTO_INET) return true;
  return std::any_of(owner.subnets.begin(), owner.subnets.end(), [&](const netns::Cidr& s) {
    return (family == NFPROTO_IPV4 && s.family() == AF_INET) || (family == NFPROTO_IPV6 && s.family() == AF_INET6);
  });
}

bool iptables_style(const netns::nft::BaseChain& c) {
  return (c.table.family == NFPROTO_IPV4 || c.table.family == NFPROTO_IPV6) &&
         std::all_of(c.name.begin(), c.name.end(), [](char ch) { return std::isupper(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-'; });
}

}  // namespace

std::vector<HookBlock> blocking_chains(netns::Netlink& nft, const std::vector<netns::nft::BaseChain>& chains, uint32_t hook,
                                       const PacketOwner& owner, const netns::nft::TableRef& skip, bool bridge_family) {
  std::vector<HookBlock> out;
  for (const auto& c : chains) {
    if (c.hook != hook || c.table == skip || c.type == "nat" || !sees(c.table.family, owner, bridge_family)) continue;
    std::string why;
    Fate f = walk(nft, c.table, c.name, owner, 0, why);
    if (f == Fate::passes && c.policy_drop) out.push_back({c, "policy drop"});
    else if (f == Fate::dropped) out.push_back({c, why});
  }
  return out;
}

std::string accept_fix(const netns::nft::BaseChain& c, const PacketOwner& owner, bool input_dns) {
  std::vector<std::string> cmds;
  bool ipt = iptables_style(c);
  for (const auto& s : owner.subnets) {
    bool v4 = s.family() == AF_INET;
    if ((c.table.family == NFPROTO_IPV4 && !v4) || (c.table.family == NFPROTO_IPV6 && v4)) continue;
    std::string tool = v4 ? "iptables" : "ip6tables", fam = v4 ? "ip" : "ip6";
    std::string net = s.network().str();
    if (input_dns) {
      cmds.push_back(ipt ? fmt::format("{} -I {} -i {} -p udp --dport 53 -j ACCEPT", tool, c.name, owner.bridge)
                         : fmt::format("nft insert rule {} {} {} iifname {} udp dport 53 accept",
                                       netns::nft::family_name(c.table.family), c.table.name, c.name, owner.bridge));
      break;
    }
    for (const char* dir : {"s", "d"}) {
      cmds.push_back(ipt ? fmt::format("{} -I {} -{} {} -j ACCEPT", tool, c.name, dir, net)
                         : fmt::format("nft insert rule {} {} {} {} {}addr {} accept", netns::nft::family_name(c.table.family),
                                       c.table.name, c.name, fam, *dir == 's' ? "s" : "d", net));
    }
  }
  std::string out;
  for (const auto& cmd : cmds) out += (out.empty() ? "" : " && ") + cmd;
  return out;
}

}  // namespace runtime
