// SPDX-License-Identifier: GPL-2.0-or-later
// netns/netlink.h: a netlink socket (rtnetlink or nfnetlink) that owns its
// mnl_socket, its sequence numbers and its receive buffer. Requests are
// checked: a kernel error becomes a base::Error carrying the errno and the
// kernel's extended-ack message when it sends one.
#pragma once

#include <libmnl/libmnl.h>

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "netns/message.h"

namespace netns {

class Namespace;

// What the kernel said about one message: errno 0 is an ACK.
struct Ack {
  uint32_t seq = 0;
  int err = 0;
  std::string extack;  // NLMSGERR_ATTR_MSG, if any
};

// Parse an NLMSG_ERROR message (an ACK when the error is 0).
Ack parse_ack(const nlmsghdr* nlh);

class Netlink {
 public:
  // A socket in the calling thread's network namespace.
  static Netlink open(int protocol = NETLINK_ROUTE);
  // A socket in `ns`, made without switching the caller's thread.
  static Netlink open_in(const Namespace& ns, int protocol = NETLINK_ROUTE);
  // One socket per protocol and network namespace of the calling thread,
  // kept for the life of the process. Closing a netfilter socket waits
  // for the kernel to finish destroying what its last batch removed (an
  // RCU grace period, ~10 ms) with the namespace's nftables lock held;
  // keeping one open moves that wait off every operation, and
  // nft::close_shared_settled() off the lock. Not for concurrent use from
  // several threads.
  static Netlink& shared(int protocol = NETLINK_ROUTE);
  // In a child forked without exec: shared()'s sockets are the parent's
  // too (a reply read here would be one the parent waits for). Closes
  // this process's copies; the next shared() opens its own.
  static void forget_shared();
  // shared()'s sockets of `protocol` (of every namespace), taken out of
  // the cache: the caller decides when they close.
  static std::vector<Netlink> take_shared(int protocol);

  Netlink(Netlink&& o) noexcept;
  Netlink& operator=(Netlink&& o) noexcept;
  Netlink(const Netlink&) = delete;
  Netlink& operator=(const Netlink&) = delete;
  ~Netlink();

  // Send and wait for the ACK; throws on a kernel error.
  void request(Message& msg);
  // Like request(), but returns the errno instead of throwing it.
  int try_request(Message& msg);
  // Send a dump request and call `each` for every answer.
  void dump(Message& msg, const std::function<void(const nlmsghdr*)>& each);
  // Send a request that answers with one message (RTM_GETLINK by name...).
  // Returns false when the kernel answered with `absent_errno`.
  bool get(Message& msg, int absent_errno, const std::function<void(const nlmsghdr*)>& each);

  // Send a batch opened by a message with `begin_seq` whose messages carry
  // the sequence numbers in `seqs`, each with NLM_F_ACK, and return the
  // kernel's answer for every one of them.
  std::vector<Ack> send_batch(std::span<const uint8_t> bytes, uint32_t begin_seq,
                              const std::vector<uint32_t>& seqs);

  uint32_t next_seq() { return ++seq_; }

 private:
  explicit Netlink(mnl_socket* sock);
  void send(const void* data, size_t len, const std::string& what);
  int transact(Message& msg, std::string* extack);
  // Receive answers for `seq` until an ACK/error or NLMSG_DONE; returns the errno.
  int receive(uint32_t seq, const std::function<void(const nlmsghdr*)>& each, std::string* extack);

  // The receive buffer: pages of its own, so that the ones no answer
  // reached are never resident (a monitor keeps its sockets for its life).
  class Buffer {
   public:
    Buffer() = default;
    explicit Buffer(size_t size);
    Buffer(Buffer&& o) noexcept : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
    Buffer& operator=(Buffer&& o) noexcept;
    ~Buffer();
    uint8_t* data() const { return data_; }
    size_t size() const { return size_; }

   private:
    uint8_t* data_ = nullptr;
    size_t size_ = 0;
  };

  mnl_socket* sock_ = nullptr;
  uint32_t portid_ = 0;
  uint32_t seq_ = 0;
  Buffer buf_;
};

}  // namespace netns
