// SPDX-License-Identifier: GPL-2.0-or-later
// netns/nft.h: the nftables transport. A Batch collects messages built with
// libnftnl between a batch begin and end, so the kernel applies them whole
// or not at all; send() reports the kernel's answer for every message.
// What goes into warren's table is portmap/'s business, not this file's.
#pragma once

#include <linux/netfilter.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "netns/netlink.h"

struct nftnl_table;

namespace netns::nft {

struct TableRef {
  uint16_t family = NFPROTO_INET;  // NFPROTO_INET, NFPROTO_IPV4, ...
  std::string name;
  auto operator<=>(const TableRef&) const = default;
};

std::string family_name(uint16_t family);

// One failed message of a batch.
struct MessageError {
  std::string what;
  int err = 0;
  std::string extack;
};

class Batch {
 public:
  Batch();

  // Append a message of nftables type NFT_MSG_*, acked; returns its header
  // for a libnftnl *_nlmsg_build_payload. `what` names it in logs and errors.
  // `room`: the most the message can take (libnftnl writes without a
  // bound); one netlink page unless the caller knows it needs more.
  nlmsghdr* add(uint16_t type, uint16_t family, uint16_t flags, std::string what, size_t room = 0);

  // Create the table if absent (NLM_F_CREATE without EXCL: idempotent), or,
  // exclusive, fail the batch with EEXIST if it is there.
  void add_table(const TableRef& t, bool exclusive = false);
  // Delete the table and everything in it. Fails with ENOENT if absent.
  void delete_table(const TableRef& t);

  // Sets created in this batch are referred to by id in later messages.
  uint32_t remember_set(const std::string& name);
  std::optional<uint32_t> set_id(const std::string& name) const;
  // Mark the message added last as complete (its length is final); throws
  // if it outgrew the room it was given.
  void commit_last();

  // The bytes sent so far, for tests that parse a batch back.
  const std::vector<uint8_t>& bytes() const { return buf_; }

  bool empty() const { return seqs_.empty(); }
  // What each message does, in order ("add rule inet warren forward ...").
  const std::vector<std::string>& whats() const { return whats_; }
  size_t size() const { return seqs_.size(); }

 private:
  friend std::vector<MessageError> send(Netlink& nl, Batch& batch);
  // Close the batch with its end message; returns the bytes to send.
  std::vector<uint8_t>& finish();
  char* reserve(size_t room = 0);

  std::vector<uint8_t> buf_;
  size_t last_at_ = 0;
  size_t last_room_ = 0;
  uint32_t seq_;
  uint32_t begin_seq_;
  std::vector<uint32_t> seqs_;
  std::vector<std::string> whats_;
  std::map<std::string, uint32_t> set_ids_;
  bool finished_ = false;
};

// Send `batch` over an NETLINK_NETFILTER socket. Empty result: applied.
std::vector<MessageError> send(Netlink& nl, Batch& batch);
// send(), throwing one error that names each failed message.
void commit(Netlink& nl, Batch& batch);
// Throws one error naming each failed message; returns if there is none.
void throw_errors(const std::vector<MessageError>& errors);

// A GET request of nftables type NFT_MSG_GET* for `family`, with its header.
Message get_message(uint16_t type, uint16_t family, std::string what);

// All tables of every family in the socket's namespace.
std::vector<TableRef> list_tables(Netlink& nl);

// The ruleset's generation in the socket's namespace: one more after
// every batch the kernel applies.
uint32_t generation(Netlink& nl);

// Closes Netlink::shared()'s netfilter sockets, the kernel most likely
// done with their batches. Closing such a socket (at exit, too) waits,
// with the namespace's nftables lock held, until the kernel has
// destroyed what recent batches replaced (a work item that waits an RCU
// grace period, 5-25 ms here): meanwhile no batch and no new network
// device in that namespace can proceed. So a grace period passes first,
// without the lock (membarrier), and again while other batches keep
// coming (three at most); most closes then find the work done.
void close_shared_settled();

}  // namespace netns::nft
