// SPDX-License-Identifier: GPL-2.0-or-later
// netns/nft_objects.h: nftables objects as values (chains, sets, elements,
// rules made of expressions, named counters), added to a Batch through
// libnftnl, and sets' elements read back. The words are the kernel's;
// which objects warren wants is portmap/'s business.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netns/nft.h"

struct nftnl_rule;

namespace netns::nft {

// nftables data types (as nft's datatype.h numbers them), for set keys.
enum DataType : uint32_t {
  kTypeIpv4Addr = 7,
  kTypeIpv6Addr = 8,
  kTypeInetProto = 12,
  kTypeInetService = 13,
  kTypeIfname = 41,
};
// A concatenated key type: each field's type, 6 bits apiece.
uint32_t concat_type(const std::vector<uint32_t>& types);

struct ChainSpec {
  std::string name;
  std::string type;      // "nat", "filter"; empty for a regular chain
  uint32_t hook = 0;     // NF_INET_*
  int32_t priority = 0;
};

struct SetSpec {
  std::string name;
  uint32_t key_type = 0;
  uint32_t key_len = 0;                 // bytes, fields padded to 4
  uint32_t flags = 0;                   // NFT_SET_INTERVAL, NFT_SET_CONCAT, NFT_SET_MAP
  std::vector<uint32_t> field_lens;     // for concatenations: each field's length
  uint32_t data_type = 0;               // maps only
  uint32_t data_len = 0;
  uint32_t obj_type = 0;                // objref maps (NFT_SET_OBJECT): the NFT_OBJECT_* elements refer to
};

struct Element {
  std::vector<uint8_t> key;
  std::vector<uint8_t> key_end;  // intervals of a concatenated set
  std::vector<uint8_t> data;     // maps only
  std::string objref;            // objref maps: the named object it refers to
  std::string comment;           // tags the element with its owner
};

// Registers as the kernel numbers them: 1-4 are 128-bit, 8-23 32-bit, and
// reg 1 overlays 32-bit regs 8-11, reg 2 12-15.
enum Reg : uint32_t { kReg1 = 1, kReg2 = 2, kReg32_00 = 8, kReg32_01 = 9, kReg32_02 = 10, kReg32_04 = 12, kReg32_05 = 13 };

class Rule {
 public:
  Rule();
  Rule(Rule&&) noexcept;
  Rule& operator=(Rule&&) noexcept;
  ~Rule();

  Rule& meta(uint32_t key, uint32_t dreg);                 // NFT_META_*
  Rule& payload(uint32_t base, uint32_t offset, uint32_t len, uint32_t dreg);
  Rule& cmp(uint32_t sreg, uint32_t op, std::vector<uint8_t> data);  // NFT_CMP_*
  Rule& bitwise(uint32_t reg, std::vector<uint8_t> mask);  // reg &= mask
  // Match when the register holds an element of `set` (or not, inverted).
  Rule& lookup(uint32_t sreg, const std::string& set, bool invert = false);
  // Look up the register in a map and put the element's data in dreg.
  Rule& map(uint32_t sreg, const std::string& map, uint32_t dreg);
  Rule& ct(uint32_t key, uint32_t dreg);                   // NFT_CT_*
  // fib daddr type => dreg (NFTA_FIB_F_*, NFT_FIB_RESULT_*).
  Rule& fib(uint32_t flags, uint32_t result, uint32_t dreg);
  // dnat to the address in addr_reg and the port in proto_reg.
  Rule& dnat(uint32_t family, uint32_t addr_reg, uint32_t proto_reg);
  Rule& masquerade();
  Rule& verdict(int code);                                 // NF_ACCEPT, NFT_RETURN...
  Rule& comment(const std::string& text);

  nftnl_rule* get() const { return r_; }
  const std::string& summary() const { return summary_; }

 private:
  nftnl_rule* r_;
  std::string summary_;
};

// Batch additions. Sets created in the same batch are referred to by id.
void add_chain(Batch& b, const TableRef& t, const ChainSpec& c);
void add_set(Batch& b, const TableRef& t, const SetSpec& s);
void add_rule(Batch& b, const TableRef& t, const std::string& chain, Rule& r);
// Put the rule first in the chain, before the rules already there.
void insert_rule(Batch& b, const TableRef& t, const std::string& chain, Rule& r);
// Delete the rule with the kernel's `handle` (ENOENT if gone).
void delete_rule(Batch& b, const TableRef& t, const std::string& chain, uint64_t handle);
void add_elements(Batch& b, const TableRef& t, const std::string& set, const std::vector<Element>& elems);
void delete_elements(Batch& b, const TableRef& t, const std::string& set, const std::vector<Element>& elems);
// A named counter, made if absent (there already is fine). The kernel
// counts the objref elements that refer to an object (object_use) and
// refuses to delete it while there are any.
void add_counter(Batch& b, const TableRef& t, const std::string& name);
// Delete a named object (NFT_OBJECT_*): the batch fails with EBUSY while an
// element refers to it, ENOENT if there is none.
void delete_object(Batch& b, const TableRef& t, uint32_t type, const std::string& name);
// How many elements and rules refer to the named object, or nullopt if
// there is no such object (or no such table). One lookup, no transaction (a refused
// one, as deleting an object in use, costs the kernel milliseconds).
std::optional<uint32_t> object_use(Netlink& nl, const TableRef& t, uint32_t type, const std::string& name);

// The element of `set` with `e`'s key (and key_end), with its data and
// comment, or nullopt. One lookup, whatever the size of the set.
std::optional<Element> get_element(Netlink& nl, const TableRef& t, const std::string& set, const Element& e);

// The elements of a set, with their comments. Throws ENOENT if no such set.
std::vector<Element> list_elements(Netlink& nl, const TableRef& t, const std::string& set);
// How many rules each chain of the table holds.
std::map<std::string, size_t> count_rules(Netlink& nl, const TableRef& t);

// The chains of a table, by name.
std::vector<std::string> list_chains(Netlink& nl, const TableRef& t);
// The sets and maps of a table, by name.
std::vector<std::string> list_sets(Netlink& nl, const TableRef& t);

// Key bytes for addresses and ports, in network order as the kernel keeps them.
std::vector<uint8_t> key_bytes(const void* data, size_t len);
// An interface name as an ifname key field: 16 bytes, zero-padded.
std::vector<uint8_t> ifname_bytes(const std::string& name);

}  // namespace netns::nft
