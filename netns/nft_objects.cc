// SPDX-License-Identifier: GPL-2.0-or-later
// netns/nft_objects.cc: chains, sets, elements and rules through libnftnl.
#include "netns/nft_objects.h"

#include <endian.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/object.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/udata.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nfnetlink.h>

#include <algorithm>
#include <cstring>
#include <span>
#include <functional>
#include <memory>

#include "base/error.h"

namespace netns::nft {

namespace {

template <typename T, void (*Free)(const T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using ChainPtr = std::unique_ptr<nftnl_chain, Deleter<nftnl_chain, nftnl_chain_free>>;
using SetPtr = std::unique_ptr<nftnl_set, Deleter<nftnl_set, nftnl_set_free>>;
using UdataPtr = std::unique_ptr<nftnl_udata_buf, Deleter<nftnl_udata_buf, nftnl_udata_buf_free>>;
using ObjPtr = std::unique_ptr<nftnl_obj, Deleter<nftnl_obj, nftnl_obj_free>>;

nftnl_expr* new_expr(const char* name) {
  nftnl_expr* e = nftnl_expr_alloc(name);
  if (!e) throw base::sys_error(ENOMEM, "allocate nftables expression {}", name);
  return e;
}

std::string where(const TableRef& t) { return family_name(t.family) + " " + t.name; }

// A comment as nft writes it: a userdata TLV.
UdataPtr comment_udata(uint8_t type, const std::string& text) {
  UdataPtr buf{nftnl_udata_buf_alloc(NFT_USERDATA_MAXLEN)};
  if (!buf || !nftnl_udata_put_strz(buf.get(), type, text.c_str())) {
    throw base::error("nftables comment too long: {}", text);
  }
  return buf;
}

SetPtr make_set(const TableRef& t, const std::string& name) {
  SetPtr s{nftnl_set_alloc()};
  if (!s) throw base::sys_error(ENOMEM, "allocate nftables set");
  nftnl_set_set_str(s.get(), NFTNL_SET_TABLE, t.name.c_str());
  nftnl_set_set_str(s.get(), NFTNL_SET_NAME, name.c_str());
  nftnl_set_set_u32(s.get(), NFTNL_SET_FAMILY, t.family);
  return s;
}

void put_elements(nftnl_set* s, std::span<const Element> elems) {
  for (const auto& e : elems) {
    nftnl_set_elem* el = nftnl_set_elem_alloc();
    if (!el) throw base::sys_error(ENOMEM, "allocate nftables element");
    nftnl_set_elem_set(el, NFTNL_SET_ELEM_KEY, e.key.data(), static_cast<uint32_t>(e.key.size()));
    if (!e.key_end.empty()) {
      nftnl_set_elem_set(el, NFTNL_SET_ELEM_KEY_END, e.key_end.data(), static_cast<uint32_t>(e.key_end.size()));
    }
    if (!e.data.empty()) {
      nftnl_set_elem_set(el, NFTNL_SET_ELEM_DATA, e.data.data(), static_cast<uint32_t>(e.data.size()));
    }
    if (!e.objref.empty()) nftnl_set_elem_set_str(el, NFTNL_SET_ELEM_OBJREF, e.objref.c_str());
    if (!e.comment.empty()) {
      UdataPtr ud = comment_udata(NFTNL_UDATA_SET_ELEM_COMMENT, e.comment);
      nftnl_set_elem_set(el, NFTNL_SET_ELEM_USERDATA, nftnl_udata_buf_data(ud.get()),
                         nftnl_udata_buf_len(ud.get()));
    }
    nftnl_set_elem_add(s, el);
  }
}

int comment_cb(const nftnl_udata* attr, void* data) {
  if (nftnl_udata_type(attr) == NFTNL_UDATA_SET_ELEM_COMMENT) {
    const char* p = static_cast<const char*>(nftnl_udata_get(attr));
    static_cast<std::string*>(data)->assign(p, strnlen(p, nftnl_udata_len(attr)));
  }
  return MNL_CB_OK;
}

std::vector<uint8_t> elem_bytes(nftnl_set_elem* el, uint16_t attr) {
  if (!nftnl_set_elem_is_set(el, attr)) return {};
  uint32_t len = 0;
  const auto* p = static_cast<const uint8_t*>(nftnl_set_elem_get(el, attr, &len));
  return std::vector<uint8_t>(p, p + len);
}

}  // namespace

uint32_t concat_type(const std::vector<uint32_t>& types) {
  uint32_t t = 0;
  for (uint32_t sub : types) t = (t << 6) | sub;
  return t;
}

std::vector<uint8_t> ifname_bytes(const std::string& name) {
  std::vector<uint8_t> out(16, 0);
  std::copy_n(name.begin(), std::min<size_t>(name.size(), 15), out.begin());
  return out;
}

std::vector<uint8_t> key_bytes(const void* data, size_t len) {
  const auto* p = static_cast<const uint8_t*>(data);
  std::vector<uint8_t> out(p, p + len);
  // Each field of a key is padded to a register (4 bytes).
  out.resize((len + 3) / 4 * 4, 0);
  return out;
}

Rule::Rule() : r_(nftnl_rule_alloc()) {
  if (!r_) throw base::sys_error(ENOMEM, "allocate nftables rule");
}
Rule::Rule(Rule&& o) noexcept : r_(std::exchange(o.r_, nullptr)), summary_(std::move(o.summary_)) {}
Rule& Rule::operator=(Rule&& o) noexcept {
  if (this != &o) {
    if (r_) nftnl_rule_free(r_);
    r_ = std::exchange(o.r_, nullptr);
    summary_ = std::move(o.summary_);
  }
  return *this;
}
Rule::~Rule() {
  if (r_) nftnl_rule_free(r_);
}

Rule& Rule::meta(uint32_t key, uint32_t dreg) {
  nftnl_expr* e = new_expr("meta");
  nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
  nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, dreg);
  nftnl_rule_add_expr(r_, e);
  summary_ += fmt::format("meta({}) ", key);
  return *this;
}

Rule& Rule::payload(uint32_t base, uint32_t offset, uint32_t len, uint32_t dreg) {
  nftnl_expr* e = new_expr("payload");
  nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
  nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
  nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
  nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, dreg);
  nftnl_rule_add_expr(r_, e);
  summary_ += fmt::format("payload({}@{}) ", len, offset);
  return *this;
}

Rule& Rule::cmp(uint32_t sreg, uint32_t op, std::vector<uint8_t> data) {
  nftnl_expr* e = new_expr("cmp");
  nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, sreg);
  nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
  nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data.data(), static_cast<uint32_t>(data.size()));
  nftnl_rule_add_expr(r_, e);
  summary_ += "cmp ";
  return *this;
}

Rule& Rule::bitwise(uint32_t reg, std::vector<uint8_t> mask) {
  std::vector<uint8_t> zero(mask.size(), 0);
  nftnl_expr* e = new_expr("bitwise");
  nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, reg);
  nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, reg);
  nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, static_cast<uint32_t>(mask.size()));
  nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, mask.data(), static_cast<uint32_t>(mask.size()));
  nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, zero.data(), static_cast<uint32_t>(zero.size()));
  nftnl_rule_add_expr(r_, e);
  summary_ += "bitwise ";
  return *this;
}

Rule& Rule::lookup(uint32_t sreg, const std::string& set, bool invert) {
  nftnl_expr* e = new_expr("lookup");
  nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, sreg);
  nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set.c_str());
  if (invert) nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_FLAGS, NFT_LOOKUP_F_INV);
  nftnl_rule_add_expr(r_, e);
  summary_ += fmt::format("{}@{} ", invert ? "!" : "", set);
  return *this;
}

Rule& Rule::map(uint32_t sreg, const std::string& map, uint32_t dreg) {
  nftnl_expr* e = new_expr("lookup");
  nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, sreg);
  nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, dreg);
  nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, map.c_str());
  nftnl_rule_add_expr(r_, e);
  summary_ += fmt::format("map @{} ", map);
  return *this;
}

Rule& Rule::ct(uint32_t key, uint32_t dreg) {
  nftnl_expr* e = new_expr("ct");
  nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, key);
  nftnl_expr_set_u32(e, NFTNL_EXPR_CT_DREG, dreg);
  nftnl_rule_add_expr(r_, e);
  summary_ += fmt::format("ct({}) ", key);
  return *this;
}

Rule& Rule::fib(uint32_t flags, uint32_t result, uint32_t dreg) {
  nftnl_expr* e = new_expr("fib");
  nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_FLAGS, flags);
  nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_RESULT, result);
  nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_DREG, dreg);
  nftnl_rule_add_expr(r_, e);
  summary_ += "fib ";
  return *this;
}

Rule& Rule::dnat(uint32_t family, uint32_t addr_reg, uint32_t proto_reg) {
  nftnl_expr* e = new_expr("nat");
  nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE, NFT_NAT_DNAT);
  nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, family);
  nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN, addr_reg);
  nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MAX, addr_reg);
  nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_PROTO_MIN, proto_reg);
  nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_PROTO_MAX, proto_reg);
  nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FLAGS, NF_NAT_RANGE_MAP_IPS | NF_NAT_RANGE_PROTO_SPECIFIED);
  nftnl_rule_add_expr(r_, e);
  summary_ += "dnat ";
  return *this;
}

Rule& Rule::masquerade() {
  nftnl_rule_add_expr(r_, new_expr("masq"));
  summary_ += "masquerade ";
  return *this;
}

Rule& Rule::verdict(int code) {
  nftnl_expr* e = new_expr("immediate");
  nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
  nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, static_cast<uint32_t>(code));
  nftnl_rule_add_expr(r_, e);
  summary_ += fmt::format("verdict({}) ", code);
  return *this;
}

Rule& Rule::comment(const std::string& text) {
  UdataPtr ud = comment_udata(NFTNL_UDATA_RULE_COMMENT, text);
  nftnl_rule_set_data(r_, NFTNL_RULE_USERDATA, nftnl_udata_buf_data(ud.get()), nftnl_udata_buf_len(ud.get()));
  return *this;
}

void add_chain(Batch& b, const TableRef& t, const ChainSpec& c) {
  ChainPtr ch{nftnl_chain_alloc()};
  nftnl_chain_set_str(ch.get(), NFTNL_CHAIN_TABLE, t.name.c_str());
  nftnl_chain_set_str(ch.get(), NFTNL_CHAIN_NAME, c.name.c_str());
  if (!c.type.empty()) {
    nftnl_chain_set_str(ch.get(), NFTNL_CHAIN_TYPE, c.type.c_str());
    nftnl_chain_set_u32(ch.get(), NFTNL_CHAIN_HOOKNUM, c.hook);
    nftnl_chain_set_s32(ch.get(), NFTNL_CHAIN_PRIO, c.priority);
  }
  nlmsghdr* nlh = b.add(NFT_MSG_NEWCHAIN, t.family, NLM_F_CREATE,
                        fmt::format("add chain {} {}", where(t), c.name));
  nftnl_chain_nlmsg_build_payload(nlh, ch.get());
  b.commit_last();
}

void add_set(Batch& b, const TableRef& t, const SetSpec& spec) {
  SetPtr s = make_set(t, spec.name);
  nftnl_set_set_u32(s.get(), NFTNL_SET_ID, b.remember_set(spec.name));
  nftnl_set_set_u32(s.get(), NFTNL_SET_KEY_TYPE, spec.key_type);
  nftnl_set_set_u32(s.get(), NFTNL_SET_KEY_LEN, spec.key_len);
  if (spec.flags) nftnl_set_set_u32(s.get(), NFTNL_SET_FLAGS, spec.flags);
  if (!spec.field_lens.empty()) {
    std::vector<uint8_t> lens(spec.field_lens.begin(), spec.field_lens.end());
    nftnl_set_set_data(s.get(), NFTNL_SET_DESC_CONCAT, lens.data(), static_cast<uint32_t>(lens.size()));
  }
  if (spec.flags & NFT_SET_MAP) {
    nftnl_set_set_u32(s.get(), NFTNL_SET_DATA_TYPE, spec.data_type);
    nftnl_set_set_u32(s.get(), NFTNL_SET_DATA_LEN, spec.data_len);
  }
  if (spec.flags & NFT_SET_OBJECT) nftnl_set_set_u32(s.get(), NFTNL_SET_OBJ_TYPE, spec.obj_type);
  nlmsghdr* nlh = b.add(NFT_MSG_NEWSET, t.family, NLM_F_CREATE,
                        fmt::format("add set {} {}", where(t), spec.name));
  nftnl_set_nlmsg_build_payload(nlh, s.get());
  b.commit_last();
}

namespace {

void put_rule(Batch& b, const TableRef& t, const std::string& chain, Rule& r, bool append) {
  nftnl_rule_set_str(r.get(), NFTNL_RULE_TABLE, t.name.c_str());
  nftnl_rule_set_str(r.get(), NFTNL_RULE_CHAIN, chain.c_str());
  nftnl_rule_set_u32(r.get(), NFTNL_RULE_FAMILY, t.family);
  // Lookups of sets made in this same batch must name them by id too.
  nftnl_expr_iter* it = nftnl_expr_iter_create(r.get());
  while (nftnl_expr* e = nftnl_expr_iter_next(it)) {
    if (std::strcmp(nftnl_expr_get_str(e, NFTNL_EXPR_NAME), "lookup") != 0) continue;
    if (auto id = b.set_id(nftnl_expr_get_str(e, NFTNL_EXPR_LOOKUP_SET))) {
      nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SET_ID, *id);
    }
  }
  nftnl_expr_iter_destroy(it);
  nlmsghdr* nlh = b.add(NFT_MSG_NEWRULE, t.family, NLM_F_CREATE | (append ? NLM_F_APPEND : 0),
                        fmt::format("{} rule {} {} {}", append ? "add" : "insert", where(t), chain, r.summary()));
  nftnl_rule_nlmsg_build_payload(nlh, r.get());
  b.commit_last();
}

}  // namespace

void add_rule(Batch& b, const TableRef& t, const std::string& chain, Rule& r) { put_rule(b, t, chain, r, true); }

void insert_rule(Batch& b, const TableRef& t, const std::string& chain, Rule& r) { put_rule(b, t, chain, r, false); }

void delete_rule(Batch& b, const TableRef& t, const std::string& chain, uint64_t handle) {
  std::unique_ptr<nftnl_rule, Deleter<nftnl_rule, nftnl_rule_free>> r{nftnl_rule_alloc()};
  nftnl_rule_set_str(r.get(), NFTNL_RULE_TABLE, t.name.c_str());
  nftnl_rule_set_str(r.get(), NFTNL_RULE_CHAIN, chain.c_str());
  nftnl_rule_set_u32(r.get(), NFTNL_RULE_FAMILY, t.family);
  nftnl_rule_set_u64(r.get(), NFTNL_RULE_HANDLE, handle);
  nlmsghdr* nlh = b.add(NFT_MSG_DELRULE, t.family, 0, fmt::format("delete rule {} {} handle {}", where(t), chain, handle));
  nftnl_rule_nlmsg_build_payload(nlh, r.get());
  b.commit_last();
}

namespace {

// The most an element's attributes can take in a message: each attribute's
// header and padding, the nests around key and data, and the comment's
// TLV, counted generously.
size_t element_room(const Element& e) {
  return 96 + 2 * (e.key.size() + e.key_end.size() + e.data.size() + e.objref.size() + e.comment.size());
}

// Runs of `elems` that fit one message each: the list of elements is one
// attribute nest, whose length is 16 bits, so a run stays well below 64 KiB.
std::vector<std::pair<size_t, size_t>> element_runs(const std::vector<Element>& elems, size_t& largest) {
  constexpr size_t kMostPerMessage = 32 * 1024;
  std::vector<std::pair<size_t, size_t>> runs;
  size_t begin = 0, room = 0;
  largest = 0;
  for (size_t i = 0; i < elems.size(); ++i) {
    size_t r = element_room(elems[i]);
    if (i > begin && room + r > kMostPerMessage) {
      runs.emplace_back(begin, i);
      largest = std::max(largest, room);
      begin = i;
      room = 0;
    }
    room += r;
  }
  runs.emplace_back(begin, elems.size());
  largest = std::max(largest, room);
  return runs;
}

void element_messages(Batch& b, const TableRef& t, const std::string& set, const std::vector<Element>& elems, bool add) {
  size_t largest = 0;
  for (auto [begin, end] : element_runs(elems, largest)) {
    SetPtr s = make_set(t, set);
    if (auto id = b.set_id(set); id && add) nftnl_set_set_u32(s.get(), NFTNL_SET_ID, *id);
    put_elements(s.get(), std::span<const Element>(elems).subspan(begin, end - begin));
    std::string what = add ? fmt::format("add {} element(s) to set {} {}", end - begin, where(t), set)
                           : fmt::format("delete {} element(s) from set {} {}", end - begin, where(t), set);
    nlmsghdr* nlh = b.add(add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM, t.family, add ? NLM_F_CREATE : 0,
                          std::move(what), 1024 + largest);
    nftnl_set_elems_nlmsg_build_payload(nlh, s.get());
    b.commit_last();
  }
}

}  // namespace

void add_elements(Batch& b, const TableRef& t, const std::string& set, const std::vector<Element>& elems) {
  if (!elems.empty()) element_messages(b, t, set, elems, true);
}

void delete_elements(Batch& b, const TableRef& t, const std::string& set, const std::vector<Element>& elems) {
  if (!elems.empty()) element_messages(b, t, set, elems, false);
}

namespace {

ObjPtr make_object(const TableRef& t, uint32_t type, const std::string& name) {
  ObjPtr o{nftnl_obj_alloc()};
  if (!o) throw base::sys_error(ENOMEM, "allocate nftables object");
  nftnl_obj_set_str(o.get(), NFTNL_OBJ_TABLE, t.name.c_str());
  nftnl_obj_set_str(o.get(), NFTNL_OBJ_NAME, name.c_str());
  nftnl_obj_set_u32(o.get(), NFTNL_OBJ_FAMILY, t.family);
  nftnl_obj_set_u32(o.get(), NFTNL_OBJ_TYPE, type);
  return o;
}

}  // namespace

void add_counter(Batch& b, const TableRef& t, const std::string& name) {
  ObjPtr o = make_object(t, NFT_OBJECT_COUNTER, name);
  nftnl_obj_set_u64(o.get(), NFTNL_OBJ_CTR_PKTS, 0);
  nftnl_obj_set_u64(o.get(), NFTNL_OBJ_CTR_BYTES, 0);
  nlmsghdr* nlh = b.add(NFT_MSG_NEWOBJ, t.family, NLM_F_CREATE, fmt::format("add counter {} {}", where(t), name));
  nftnl_obj_nlmsg_build_payload(nlh, o.get());
  b.commit_last();
}

void delete_object(Batch& b, const TableRef& t, uint32_t type, const std::string& name) {
  ObjPtr o{nftnl_obj_alloc()};
  if (!o) throw base::sys_error(ENOMEM, "allocate nftables object");
  nftnl_obj_set_str(o.get(), NFTNL_OBJ_TABLE, t.name.c_str());
  nftnl_obj_set_str(o.get(), NFTNL_OBJ_NAME, name.c_str());
  nlmsghdr* nlh = b.add(NFT_MSG_DELOBJ, t.family, 0, fmt::format("delete object {} {}", where(t), name));
  nftnl_obj_nlmsg_build_payload(nlh, o.get());
  mnl_attr_put_u32(nlh, NFTA_OBJ_TYPE, htobe32(type));  // without libnftnl's empty data nest
  b.commit_last();
}

std::optional<uint32_t> object_use(Netlink& nl, const TableRef& t, uint32_t type, const std::string& name) {
  Message m = get_message(NFT_MSG_GETOBJ, t.family, fmt::format("get object {} {}", where(t), name));
  m.put_str(NFTA_OBJ_TABLE, t.name);
  m.put_str(NFTA_OBJ_NAME, name);
  m.put_u32(NFTA_OBJ_TYPE, htobe32(type));
  std::optional<uint32_t> use;
  bool found = nl.get(m, ENOENT, [&](const nlmsghdr* h) {
    ObjPtr o{nftnl_obj_alloc()};
    if (o && nftnl_obj_nlmsg_parse(h, o.get()) == 0 && nftnl_obj_is_set(o.get(), NFTNL_OBJ_USE)) {
      use = nftnl_obj_get_u32(o.get(), NFTNL_OBJ_USE);
    }
  });
  if (!found) return std::nullopt;
  if (!use) throw base::error("object {} {}: the kernel gave no use count", where(t), name);
  return use;
}

namespace {

Element parse_element(nftnl_set_elem* el) {
  Element e;
  e.key = elem_bytes(el, NFTNL_SET_ELEM_KEY);
  e.key_end = elem_bytes(el, NFTNL_SET_ELEM_KEY_END);
  e.data = elem_bytes(el, NFTNL_SET_ELEM_DATA);
  if (nftnl_set_elem_is_set(el, NFTNL_SET_ELEM_OBJREF)) e.objref = nftnl_set_elem_get_str(el, NFTNL_SET_ELEM_OBJREF);
  std::vector<uint8_t> ud = elem_bytes(el, NFTNL_SET_ELEM_USERDATA);
  if (!ud.empty()) nftnl_udata_parse(ud.data(), static_cast<uint32_t>(ud.size()), comment_cb, &e.comment);
  return e;
}

void each_element(const nlmsghdr* h, const std::function<void(Element)>& f) {
  SetPtr s{nftnl_set_alloc()};
  if (nftnl_set_elems_nlmsg_parse(h, s.get()) < 0) return;
  nftnl_set_elems_iter* it = nftnl_set_elems_iter_create(s.get());
  while (nftnl_set_elem* el = nftnl_set_elems_iter_next(it)) f(parse_element(el));
  nftnl_set_elems_iter_destroy(it);
}

}  // namespace

std::optional<Element> get_element(Netlink& nl, const TableRef& t, const std::string& set, const Element& e) {
  SetPtr s = make_set(t, set);
  Element key_only{.key = e.key, .key_end = e.key_end};
  put_elements(s.get(), std::span<const Element>(&key_only, 1));
  Message m = get_message(NFT_MSG_GETSETELEM, t.family, fmt::format("get element of set {} {}", where(t), set));
  // The payload libnftnl builds for the set carries table, set and element.
  nftnl_set_elems_nlmsg_build_payload(m.nlh(), s.get());
  std::optional<Element> out;
  if (!nl.get(m, ENOENT, [&](const nlmsghdr* h) { each_element(h, [&](Element found) { out = std::move(found); }); })) {
    return std::nullopt;
  }
  return out;
}

std::vector<Element> list_elements(Netlink& nl, const TableRef& t, const std::string& set) {
  Message m = get_message(NFT_MSG_GETSETELEM, t.family, fmt::format("list set {} {}", where(t), set));
  m.put_str(NFTA_SET_ELEM_LIST_TABLE, t.name);
  m.put_str(NFTA_SET_ELEM_LIST_SET, set);
  std::vector<Element> out;
  nl.dump(m, [&](const nlmsghdr* h) { each_element(h, [&](Element e) { out.push_back(std::move(e)); }); });
  return out;
}

std::map<std::string, size_t> count_rules(Netlink& nl, const TableRef& t) {
  Message m = get_message(NFT_MSG_GETRULE, t.family, fmt::format("list rules of {}", where(t)));
  m.put_str(NFTA_RULE_TABLE, t.name);
  std::map<std::string, size_t> out;
  nl.dump(m, [&](const nlmsghdr* h) {
    std::unique_ptr<nftnl_rule, Deleter<nftnl_rule, nftnl_rule_free>> r{nftnl_rule_alloc()};
    if (nftnl_rule_nlmsg_parse(h, r.get()) < 0) return;
    if (t.name != nftnl_rule_get_str(r.get(), NFTNL_RULE_TABLE)) return;
    ++out[nftnl_rule_get_str(r.get(), NFTNL_RULE_CHAIN)];
  });
  return out;
}

std::vector<std::string> list_chains(Netlink& nl, const TableRef& t) {
  Message m = get_message(NFT_MSG_GETCHAIN, t.family, fmt::format("list chains of {}", where(t)));
  std::vector<std::string> out;
  nl.dump(m, [&](const nlmsghdr* h) {
    ChainPtr c{nftnl_chain_alloc()};
    if (nftnl_chain_nlmsg_parse(h, c.get()) < 0) return;
    if (t.name == nftnl_chain_get_str(c.get(), NFTNL_CHAIN_TABLE)) {
      out.emplace_back(nftnl_chain_get_str(c.get(), NFTNL_CHAIN_NAME));
    }
  });
  return out;
}

std::vector<std::string> list_sets(Netlink& nl, const TableRef& t) {
  Message m = get_message(NFT_MSG_GETSET, t.family, fmt::format("list sets of {}", where(t)));
  m.put_str(NFTA_SET_TABLE, t.name);
  std::vector<std::string> out;
  nl.dump(m, [&](const nlmsghdr* h) {
    SetPtr s{nftnl_set_alloc()};
    if (nftnl_set_nlmsg_parse(h, s.get()) < 0) return;
    if (t.name == nftnl_set_get_str(s.get(), NFTNL_SET_TABLE)) out.emplace_back(nftnl_set_get_str(s.get(), NFTNL_SET_NAME));
  });
  return out;
}

}  // namespace netns::nft
