// SPDX-License-Identifier: GPL-2.0-or-later
// netns/netlink.cc: sending checked netlink requests and reading answers,
// with extended acks.
#include "netns/netlink.h"

#include <linux/netlink.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include <algorithm>
#include <time.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "base/error.h"
#include "base/log.h"
#include "netns/namespace.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

namespace netns {

namespace {

// Answers to one request must arrive promptly; a kernel that stays silent
// this long is not going to answer.
constexpr int kReceiveTimeoutMs = 5000;

// Large enough for any one dump message (libmnl 1.0.5 calls it MNL_SOCKET_DUMP_SIZE).
constexpr size_t kReceiveBufferSize = 32768;

std::string error_text(const Message& msg, const std::string& extack) {
  std::string text = msg.what();
  if (!extack.empty()) text += ": " + extack;
  return text;
}

}  // namespace

Ack parse_ack(const nlmsghdr* nlh) {
  Ack ack;
  ack.seq = nlh->nlmsg_seq;
  if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(nlmsgerr))) {
    ack.err = EBADMSG;
    return ack;
  }
  const auto* e = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(nlh));
  ack.err = -e->error;
  if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS)) return ack;
  // The TLVs follow the echoed request, unless the kernel capped the echo.
  size_t offset = sizeof(nlmsgerr);
  if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) offset += e->msg.nlmsg_len - sizeof(nlmsghdr);
  size_t payload = mnl_nlmsg_get_payload_len(nlh);
  if (offset >= payload) return ack;
  const auto* base = static_cast<const uint8_t*>(mnl_nlmsg_get_payload(nlh)) + offset;
  for_each_attr(base, payload - offset, [&](const nlattr* a) {
    if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG) {
      const char* s = mnl_attr_get_str(a);
      ack.extack.assign(s, strnlen(s, mnl_attr_get_payload_len(a)));
    }
  });
  return ack;
}

Netlink::Buffer::Buffer(size_t size) {
  void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw base::sys_error(errno, "map a netlink receive buffer");
  data_ = static_cast<uint8_t*>(p);
  size_ = size;
}

Netlink::Buffer& Netlink::Buffer::operator=(Buffer&& o) noexcept {
  if (this != &o) {
    if (data_) ::munmap(data_, size_);
    data_ = std::exchange(o.data_, nullptr);
    size_ = std::exchange(o.size_, 0);
  }
  return *this;
}

Netlink::Buffer::~Buffer() {
  if (data_) ::munmap(data_, size_);
}

Netlink::Netlink(mnl_socket* sock) : sock_(sock), portid_(mnl_socket_get_portid(sock)),
    seq_(static_cast<uint32_t>(::time(nullptr))), buf_(kReceiveBufferSize) {}

Netlink Netlink::open(int protocol) {
  mnl_socket* s = mnl_socket_open2(protocol, SOCK_CLOEXEC);
  if (!s) throw base::sys_error(errno, "open netlink socket");
  if (mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) < 0) {
    int err = errno;
    mnl_socket_close(s);
    throw base::sys_error(err, "bind netlink socket");
  }
  int on = 1;
  // Both are best effort: old kernels lack them and still work.
  mnl_socket_setsockopt(s, NETLINK_EXT_ACK, &on, sizeof on);
  mnl_socket_setsockopt(s, NETLINK_CAP_ACK, &on, sizeof on);
  // Dumps honour the filters in their request (ifindex, family): a dump
  // of one interface's addresses costs the same however many there are.
  mnl_socket_setsockopt(s, NETLINK_GET_STRICT_CHK, &on, sizeof on);
  return Netlink(s);
}

namespace {

struct SharedSockets {
  std::mutex mu;
  std::map<std::pair<int, ino_t>, std::unique_ptr<Netlink>> sockets;
};

SharedSockets& shared_sockets() {
  static SharedSockets s;
  return s;
}

}  // namespace

Netlink& Netlink::shared(int protocol) {
  SharedSockets& s = shared_sockets();
  std::lock_guard<std::mutex> lock(s.mu);
  auto key = std::make_pair(protocol, Namespace::current().inode());
  auto& slot = s.sockets[key];
  if (!slot) slot = std::make_unique<Netlink>(open(protocol));
  return *slot;
}

void Netlink::forget_shared() {
  SharedSockets& s = shared_sockets();
  std::lock_guard<std::mutex> lock(s.mu);
  s.sockets.clear();  // this process's descriptors closed; the sockets stay the parent's
}

std::vector<Netlink> Netlink::take_shared(int protocol) {
  SharedSockets& s = shared_sockets();
  std::lock_guard<std::mutex> lock(s.mu);
  std::vector<Netlink> out;
  std::erase_if(s.sockets, [&](auto& entry) {
    if (entry.first.first != protocol) return false;
    out.push_back(std::move(*entry.second));
    return true;
  });
  return out;
}

Netlink Netlink::open_in(const Namespace& ns, int protocol) {
  return run_in(ns, [protocol] { return Netlink::open(protocol); });
}

Netlink::Netlink(Netlink&& o) noexcept
    : sock_(std::exchange(o.sock_, nullptr)), portid_(o.portid_), seq_(o.seq_), buf_(std::move(o.buf_)) {}

Netlink& Netlink::operator=(Netlink&& o) noexcept {
  if (this != &o) {
    if (sock_) mnl_socket_close(sock_);
    sock_ = std::exchange(o.sock_, nullptr);
    portid_ = o.portid_;
    seq_ = o.seq_;
    buf_ = std::move(o.buf_);
  }
  return *this;
}

Netlink::~Netlink() {
  if (sock_) mnl_socket_close(sock_);
}

void Netlink::send(const void* data, size_t len, const std::string& what) {
  if (mnl_socket_sendto(sock_, data, len) < 0) throw base::sys_error(errno, "{}: send", what);
}

int Netlink::receive(uint32_t seq, const std::function<void(const nlmsghdr*)>& each, std::string* extack) {
  for (;;) {
    pollfd pfd{mnl_socket_get_fd(sock_), POLLIN, 0};
    int ready = ::poll(&pfd, 1, kReceiveTimeoutMs);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return ready == 0 ? ETIMEDOUT : errno;
    ssize_t n = mnl_socket_recvfrom(sock_, buf_.data(), buf_.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    const auto* nlh = reinterpret_cast<const nlmsghdr*>(buf_.data());
    int len = static_cast<int>(n);
    for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
      // Leftovers of an earlier request that was abandoned mid-dump.
      if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != portid_) continue;
      if (nlh->nlmsg_type == NLMSG_ERROR) {
        Ack ack = parse_ack(nlh);
        if (extack) *extack = ack.extack;
        return ack.err;
      }
      if (nlh->nlmsg_type == NLMSG_DONE) return 0;
      if (nlh->nlmsg_type == NLMSG_NOOP || nlh->nlmsg_type == NLMSG_OVERRUN) continue;
      if (each) each(nlh);
      if (!(nlh->nlmsg_flags & NLM_F_MULTI) && !(nlh->nlmsg_flags & NLM_F_ACK)) {
        // A single answer to a GET, with no ACK to follow.
        return 0;
      }
    }
  }
}

int Netlink::transact(Message& msg, std::string* extack) {
  nlmsghdr* h = msg.nlh();
  h->nlmsg_flags |= NLM_F_ACK;
  h->nlmsg_seq = next_seq();
  send(h, h->nlmsg_len, msg.what());
  int err = receive(h->nlmsg_seq, nullptr, extack);
  LOG_DEBUG("netlink: {} {} -> {}{}{}", message_type_name(h->nlmsg_type), msg.what(),
            err == 0 ? "ok" : std::strerror(err), extack->empty() ? "" : ": ", *extack);
  return err;
}

int Netlink::try_request(Message& msg) {
  std::string extack;
  return transact(msg, &extack);
}

void Netlink::request(Message& msg) {
  std::string extack;
  int err = transact(msg, &extack);
  if (err != 0) throw base::Error(err, error_text(msg, extack));
}

void Netlink::dump(Message& msg, const std::function<void(const nlmsghdr*)>& each) {
  nlmsghdr* h = msg.nlh();
  h->nlmsg_flags |= NLM_F_DUMP;
  h->nlmsg_seq = next_seq();
  send(h, h->nlmsg_len, msg.what());
  std::string extack;
  int err = receive(h->nlmsg_seq, each, &extack);
  LOG_DEBUG("netlink: {} dump {} -> {}", message_type_name(h->nlmsg_type), msg.what(),
            err == 0 ? "ok" : std::strerror(err));
  if (err != 0) throw base::Error(err, error_text(msg, extack));
}

bool Netlink::get(Message& msg, int absent_errno, const std::function<void(const nlmsghdr*)>& each) {
  nlmsghdr* h = msg.nlh();
  h->nlmsg_seq = next_seq();
  send(h, h->nlmsg_len, msg.what());
  std::string extack;
  int err = receive(h->nlmsg_seq, each, &extack);
  LOG_DEBUG("netlink: {} {} -> {}", message_type_name(h->nlmsg_type), msg.what(),
            err == 0 ? "ok" : std::strerror(err));
  if (err == absent_errno) return false;
  if (err != 0) throw base::Error(err, error_text(msg, extack));
  return true;
}

std::vector<Ack> Netlink::send_batch(std::span<const uint8_t> bytes, uint32_t begin_seq,
                                     const std::vector<uint32_t>& seqs) {
  // A batch is one sendmsg, and netlink refuses one larger than the
  // socket's send buffer (EMSGSIZE): a batch of a thousand published
  // ports grows it, as nft does (SO_SNDBUFFORCE needs CAP_NET_ADMIN,
  // which nftables needs anyway; SO_SNDBUF is capped by wmem_max).
  int fd = mnl_socket_get_fd(sock_);
  int have = 0;
  socklen_t len = sizeof have;
  if (::getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &have, &len) == 0 && static_cast<size_t>(have) < bytes.size() + 4096) {
    int want = static_cast<int>(std::min<size_t>(bytes.size() + 4096, 64 << 20));
    if (::setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof want) < 0) {
      ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &want, sizeof want);
    }
  }
  send(bytes.data(), bytes.size(), "nftables batch");
  std::map<uint32_t, Ack> acks;
  for (uint32_t s : seqs) acks[s] = Ack{s, -1, {}};
  size_t pending = seqs.size();
  while (pending > 0) {
    pollfd pfd{mnl_socket_get_fd(sock_), POLLIN, 0};
    int ready = ::poll(&pfd, 1, kReceiveTimeoutMs);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) throw base::sys_error(ETIMEDOUT, "nftables batch: waiting for the kernel");
    if (ready < 0) throw base::sys_error(errno, "nftables batch: poll");
    ssize_t n = mnl_socket_recvfrom(sock_, buf_.data(), buf_.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw base::sys_error(errno, "nftables batch: receive");
    }
    const auto* nlh = reinterpret_cast<const nlmsghdr*>(buf_.data());
    int len = static_cast<int>(n);
    for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
      if (nlh->nlmsg_type != NLMSG_ERROR) continue;
      Ack ack = parse_ack(nlh);
      if (ack.seq == begin_seq && ack.err != 0) {
        // The whole batch was refused (no CAP_NET_ADMIN, say): no message ran.
        for (auto& [s, a] : acks) {
          if (a.err == -1) a = Ack{s, ack.err, ack.extack};
        }
        pending = 0;
        break;
      }
      auto it = acks.find(ack.seq);
      if (it == acks.end() || it->second.err != -1) continue;
      it->second = ack;
      --pending;
    }
  }
  std::vector<Ack> out;
  for (uint32_t s : seqs) out.push_back(acks[s]);
  return out;
}

}  // namespace netns
