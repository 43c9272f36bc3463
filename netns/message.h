// SPDX-License-Identifier: GPL-2.0-or-later
// netns/message.h: one netlink request under construction, in its own
// buffer, with a short description for debug logs and error context. Pure
// message building: no socket, so unit tests can build and parse freely.
#pragma once

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace netns {

class Message {
 public:
  Message(uint16_t type, uint16_t flags, std::string what);

  // The fixed header that follows nlmsghdr (ifinfomsg, ifaddrmsg, rtmsg...).
  template <typename T>
  T* put_header() {
    return static_cast<T*>(mnl_nlmsg_put_extra_header(nlh(), sizeof(T)));
  }
  void put(uint16_t type, const void* data, size_t len);
  void put_u8(uint16_t type, uint8_t v) { mnl_attr_put_u8(nlh(), type, v); }
  void put_u16(uint16_t type, uint16_t v) { mnl_attr_put_u16(nlh(), type, v); }
  void put_u32(uint16_t type, uint32_t v) { mnl_attr_put_u32(nlh(), type, v); }
  void put_str(uint16_t type, std::string_view s);
  nlattr* nest_start(uint16_t type) { return mnl_attr_nest_start(nlh(), type); }
  void nest_end(nlattr* nest) { mnl_attr_nest_end(nlh(), nest); }

  nlmsghdr* nlh() { return reinterpret_cast<nlmsghdr*>(buf_.data()); }
  const nlmsghdr* nlh() const { return reinterpret_cast<const nlmsghdr*>(buf_.data()); }
  std::span<const uint8_t> bytes() const { return {buf_.data(), nlh()->nlmsg_len}; }
  const std::string& what() const { return what_; }

 private:
  std::vector<uint8_t> buf_;
  std::string what_;
};

// Attributes of one message (or nest), indexed by type; later ones win.
class Attrs {
 public:
  // Attributes after the fixed header of `hdr_len` bytes.
  Attrs(const nlmsghdr* nlh, size_t hdr_len);
  // Attributes inside a nest.
  explicit Attrs(const nlattr* nest);

  const nlattr* get(uint16_t type) const;
  bool has(uint16_t type) const { return get(type) != nullptr; }
  std::string str(uint16_t type) const;
  uint32_t u32(uint16_t type, uint32_t fallback = 0) const;
  uint8_t u8(uint16_t type, uint8_t fallback = 0) const;
  std::span<const uint8_t> bytes(uint16_t type) const;

 private:
  void add(const nlattr* a);
  std::vector<const nlattr*> by_type_;
};

// Every attribute in a raw attribute area (nest payloads with a header).
void for_each_attr(const void* start, size_t len, const std::function<void(const nlattr*)>& f);

// The kernel's name for a rtnetlink or nftables message type, for logs.
std::string_view message_type_name(uint16_t type);

}  // namespace netns
