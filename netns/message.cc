// SPDX-License-Identifier: GPL-2.0-or-later
// netns/message.cc: building and reading netlink attributes.
#include "netns/message.h"

#include <linux/rtnetlink.h>

namespace netns {

Message::Message(uint16_t type, uint16_t flags, std::string what)
    : buf_(MNL_SOCKET_BUFFER_SIZE, 0), what_(std::move(what)) {
  nlmsghdr* h = mnl_nlmsg_put_header(buf_.data());
  h->nlmsg_type = type;
  h->nlmsg_flags = NLM_F_REQUEST | flags;
}

void Message::put(uint16_t type, const void* data, size_t len) {
  mnl_attr_put(nlh(), type, len, data);
}

void Message::put_str(uint16_t type, std::string_view s) {
  // Netlink strings carry their terminating NUL.
  std::string z(s);
  mnl_attr_put_strz(nlh(), type, z.c_str());
}

// libmnl's iteration macros assign void* and do not compile as C++; walk
// the attributes with its functions instead.
namespace {
template <typename F>
void each_attr(const void* start, size_t len, F f) {
  const auto* a = static_cast<const nlattr*>(start);
  int left = static_cast<int>(len);
  while (mnl_attr_ok(a, left)) {
    f(a);
    a = mnl_attr_next(a);
    left = static_cast<int>(static_cast<const char*>(start) + len - reinterpret_cast<const char*>(a));
  }
}
}  // namespace

Attrs::Attrs(const nlmsghdr* nlh, size_t hdr_len) {
  size_t off = MNL_ALIGN(hdr_len);
  size_t total = mnl_nlmsg_get_payload_len(nlh);
  if (off > total) return;
  each_attr(mnl_nlmsg_get_payload_offset(nlh, hdr_len), total - off, [&](const nlattr* a) { add(a); });
}

Attrs::Attrs(const nlattr* nest) {
  each_attr(mnl_attr_get_payload(nest), mnl_attr_get_payload_len(nest), [&](const nlattr* a) { add(a); });
}

void for_each_attr(const void* start, size_t len, const std::function<void(const nlattr*)>& f) {
  each_attr(start, len, f);
}

void Attrs::add(const nlattr* a) {
  uint16_t type = mnl_attr_get_type(a);
  if (type >= by_type_.size()) by_type_.resize(type + 1u, nullptr);
  by_type_[type] = a;
}

const nlattr* Attrs::get(uint16_t type) const {
  return type < by_type_.size() ? by_type_[type] : nullptr;
}

std::string Attrs::str(uint16_t type) const {
  const nlattr* a = get(type);
  if (!a) return {};
  const char* p = static_cast<const char*>(mnl_attr_get_payload(a));
  size_t len = mnl_attr_get_payload_len(a);
  while (len > 0 && p[len - 1] == '\0') --len;
  return std::string(p, len);
}

uint32_t Attrs::u32(uint16_t type, uint32_t fallback) const {
  const nlattr* a = get(type);
  return a && mnl_attr_get_payload_len(a) >= 4 ? mnl_attr_get_u32(a) : fallback;
}

uint8_t Attrs::u8(uint16_t type, uint8_t fallback) const {
  const nlattr* a = get(type);
  return a && mnl_attr_get_payload_len(a) >= 1 ? mnl_attr_get_u8(a) : fallback;
}

std::span<const uint8_t> Attrs::bytes(uint16_t type) const {
  const nlattr* a = get(type);
  if (!a) return {};
  return {static_cast<const uint8_t*>(mnl_attr_get_payload(a)), mnl_attr_get_payload_len(a)};
}

std::string_view message_type_name(uint16_t type) {
  switch (type) {
    case RTM_NEWLINK: return "RTM_NEWLINK";
    case RTM_DELLINK: return "RTM_DELLINK";
    case RTM_GETLINK: return "RTM_GETLINK";
    case RTM_SETLINK: return "RTM_SETLINK";
    case RTM_NEWADDR: return "RTM_NEWADDR";
    case RTM_DELADDR: return "RTM_DELADDR";
    case RTM_GETADDR: return "RTM_GETADDR";
    case RTM_NEWROUTE: return "RTM_NEWROUTE";
    case RTM_DELROUTE: return "RTM_DELROUTE";
    case RTM_GETROUTE: return "RTM_GETROUTE";
    default: return "NLMSG";
  }
}

}  // namespace netns
