// SPDX-License-Identifier: GPL-2.0-or-later
// netns/nft.cc: nftables batches and table listing through libnftnl.
#include "netns/nft.h"

#include <endian.h>
#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <libnftnl/table.h>
#include <linux/membarrier.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <ctime>

#include "base/error.h"
#include "base/log.h"

namespace netns::nft {

namespace {

struct TableDeleter {
  void operator()(nftnl_table* t) const { nftnl_table_free(t); }
};
using TablePtr = std::unique_ptr<nftnl_table, TableDeleter>;

TablePtr make_table(const TableRef& ref) {
  TablePtr t{nftnl_table_alloc()};
  if (!t) throw base::sys_error(ENOMEM, "allocate nftables table");
  nftnl_table_set_str(t.get(), NFTNL_TABLE_NAME, ref.name.c_str());
  nftnl_table_set_u32(t.get(), NFTNL_TABLE_FAMILY, ref.family);
  return t;
}

}  // namespace

std::string family_name(uint16_t family) {
  switch (family) {
    case NFPROTO_INET: return "inet";
    case NFPROTO_IPV4: return "ip";
    case NFPROTO_IPV6: return "ip6";
    case NFPROTO_ARP: return "arp";
    case NFPROTO_BRIDGE: return "bridge";
    case NFPROTO_NETDEV: return "netdev";
    default: return fmt::format("family{}", family);
  }
}

Batch::Batch() : seq_(static_cast<uint32_t>(std::time(nullptr))) {
  begin_seq_ = seq_++;
  nftnl_batch_begin(reserve(), begin_seq_);
  commit_last();
}

char* Batch::reserve(size_t room) {
  // Room for the message, trimmed by commit_last() to what it took.
  last_at_ = buf_.size();
  last_room_ = room ? room : MNL_SOCKET_BUFFER_SIZE;
  buf_.resize(last_at_ + last_room_, 0);
  return reinterpret_cast<char*>(buf_.data() + last_at_);
}

void Batch::commit_last() {
  const auto* nlh = reinterpret_cast<const nlmsghdr*>(buf_.data() + last_at_);
  // The room was sized for the message; a message past it is a bug here,
  // caught before anything is sent (the bytes past it were the vector's).
  if (nlh->nlmsg_len > last_room_) {
    throw base::error("nftables batch: a message of {} bytes outgrew its {}", nlh->nlmsg_len, last_room_);
  }
  buf_.resize(last_at_ + MNL_ALIGN(nlh->nlmsg_len));
}

nlmsghdr* Batch::add(uint16_t type, uint16_t family, uint16_t flags, std::string what, size_t room) {
  if (finished_) throw base::error("nftables batch: add after send");
  uint32_t seq = seq_++;
  // reserve() may move the buffer; the header is valid until the next add().
  nlmsghdr* nlh = nftnl_nlmsg_build_hdr(reserve(room), type, family, flags | NLM_F_ACK, seq);
  seqs_.push_back(seq);
  whats_.push_back(std::move(what));
  return nlh;
}

void Batch::add_table(const TableRef& ref, bool exclusive) {
  TablePtr t = make_table(ref);
  nlmsghdr* nlh = add(NFT_MSG_NEWTABLE, ref.family, NLM_F_CREATE | (exclusive ? NLM_F_EXCL : 0),
                      fmt::format("add table {} {}", family_name(ref.family), ref.name));
  nftnl_table_nlmsg_build_payload(nlh, t.get());
  commit_last();
}

void Batch::delete_table(const TableRef& ref) {
  TablePtr t = make_table(ref);
  nlmsghdr* nlh = add(NFT_MSG_DELTABLE, ref.family, 0,
                      fmt::format("delete table {} {}", family_name(ref.family), ref.name));
  nftnl_table_nlmsg_build_payload(nlh, t.get());
  commit_last();
}

uint32_t Batch::remember_set(const std::string& name) {
  uint32_t id = static_cast<uint32_t>(set_ids_.size() + 1);
  set_ids_[name] = id;
  return id;
}

std::optional<uint32_t> Batch::set_id(const std::string& name) const {
  auto it = set_ids_.find(name);
  if (it == set_ids_.end()) return std::nullopt;
  return it->second;
}

std::vector<uint8_t>& Batch::finish() {
  if (!finished_) {
    nftnl_batch_end(reserve(), seq_++);
    commit_last();
    finished_ = true;
  }
  return buf_;
}

std::vector<MessageError> send(Netlink& nl, Batch& batch) {
  std::vector<MessageError> errors;
  if (batch.empty()) return errors;
  std::vector<Ack> acks = nl.send_batch(batch.finish(), batch.begin_seq_, batch.seqs_);
  for (size_t i = 0; i < acks.size(); ++i) {
    if (acks[i].err != 0) errors.push_back({batch.whats_[i], acks[i].err, acks[i].extack});
  }
  if (base::log::enabled(base::log::Level::debug)) {
    std::string list;
    for (const auto& w : batch.whats_) list += (list.empty() ? "" : "; ") + w;
    LOG_DEBUG("nft: batch [{}] -> {}", list, errors.empty() ? "ok" : "failed");
  }
  return errors;
}

void commit(Netlink& nl, Batch& batch) { throw_errors(send(nl, batch)); }

void throw_errors(const std::vector<MessageError>& errors) {
  if (errors.empty()) return;
  // The kernel rejects the whole batch; name every message it objected to.
  if (errors.size() == 1) {
    const auto& e = errors.front();
    throw base::Error(e.err, fmt::format("nftables: {}{}", e.what, e.extack.empty() ? "" : " (" + e.extack + ")"));
  }
  std::string text;
  for (const auto& e : errors) {
    if (!text.empty()) text += "; ";
    text += fmt::format("{}: {}", e.what, std::strerror(e.err));
    if (!e.extack.empty()) text += " (" + e.extack + ")";
  }
  throw base::Error(0, "nftables: " + text);
}

Message get_message(uint16_t type, uint16_t family, std::string what) {
  Message m(static_cast<uint16_t>((NFNL_SUBSYS_NFTABLES << 8) | type), 0, std::move(what));
  auto* nfg = m.put_header<nfgenmsg>();
  nfg->nfgen_family = static_cast<uint8_t>(family);
  nfg->version = NFNETLINK_V0;
  return m;
}

std::vector<TableRef> list_tables(Netlink& nl) {
  Message m = get_message(NFT_MSG_GETTABLE, NFPROTO_UNSPEC, "list nftables tables");
  std::vector<TableRef> out;
  nl.dump(m, [&](const nlmsghdr* h) {
    TablePtr t{nftnl_table_alloc()};
    if (nftnl_table_nlmsg_parse(h, t.get()) < 0) return;
    out.push_back({static_cast<uint16_t>(nftnl_table_get_u32(t.get(), NFTNL_TABLE_FAMILY)),
                   nftnl_table_get_str(t.get(), NFTNL_TABLE_NAME)});
  });
  return out;
}

uint32_t generation(Netlink& nl) {
  Message m = get_message(NFT_MSG_GETGEN, NFPROTO_UNSPEC, "read the nftables generation");
  std::optional<uint32_t> gen;
  nl.get(m, 0, [&](const nlmsghdr* h) {
    if ((h->nlmsg_type & 0xff) != NFT_MSG_NEWGEN) return;
    const nlattr* a = Attrs(h, sizeof(nfgenmsg)).get(NFTA_GEN_ID);
    if (a && mnl_attr_validate(a, MNL_TYPE_U32) == 0) gen = be32toh(mnl_attr_get_u32(a));
  });
  if (!gen) throw base::error("nftables: no generation in the kernel's answer");
  return *gen;
}

void close_shared_settled() {
  for (Netlink& nl : Netlink::take_shared(NETLINK_NETFILTER)) {
    try {
      uint32_t last = generation(nl);
      for (int round = 0; round < 3; ++round) {
        // synchronize_rcu() from user space; refused only with nohz_full.
        if (::syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) < 0) break;
        uint32_t now = generation(nl);
        if (now == last) break;
        last = now;
      }
    } catch (const base::Error& e) {
      LOG_DEBUG("nft: closing a netfilter socket unsettled: {}", e.what());
    }
  }  // each closes here
}

}  // namespace netns::nft
