// SPDX-License-Identifier: GPL-2.0-or-later
// netns/ip.cc: parsing and printing addresses.
#include "netns/ip.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "base/random.h"

namespace netns {

bool IpAddress::is_v4() const { return family_ == AF_INET; }

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  std::string s(text);
  IpAddress ip;
  if (::inet_pton(AF_INET, s.c_str(), ip.bytes_.data()) == 1) {
    ip.family_ = AF_INET;
    return ip;
  }
  if (::inet_pton(AF_INET6, s.c_str(), ip.bytes_.data()) == 1) {
    ip.family_ = AF_INET6;
    return ip;
  }
  return std::nullopt;
}

IpAddress IpAddress::from_bytes(int family, std::span<const uint8_t> bytes) {
  IpAddress ip;
  ip.family_ = family;
  // An empty span may have no data at all: memcpy from null is undefined.
  if (!bytes.empty()) std::memcpy(ip.bytes_.data(), bytes.data(), std::min(bytes.size(), ip.size()));
  return ip;
}

std::string IpAddress::str() const {
  if (family_ == 0) return "";
  char buf[INET6_ADDRSTRLEN];
  ::inet_ntop(family_, bytes_.data(), buf, sizeof buf);
  return buf;
}

std::optional<Cidr> Cidr::parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto ip = IpAddress::parse(text.substr(0, slash));
  if (!ip) return std::nullopt;
  std::string_view len = text.substr(slash + 1);
  int prefix = -1;
  auto [end, ec] = std::from_chars(len.data(), len.data() + len.size(), prefix);
  if (ec != std::errc() || end != len.data() + len.size() || len.empty()) return std::nullopt;
  if (prefix < 0 || prefix > static_cast<int>(ip->size() * 8)) return std::nullopt;
  return Cidr(*ip, prefix);
}

Cidr Cidr::network() const {
  std::array<uint8_t, 16> b{};
  std::memcpy(b.data(), addr_.data(), addr_.size());
  for (size_t i = 0; i < addr_.size(); ++i) {
    int bits = prefix_ - static_cast<int>(i) * 8;
    if (bits >= 8) continue;
    b[i] &= bits <= 0 ? 0 : static_cast<uint8_t>(0xff << (8 - bits));
  }
  return Cidr(IpAddress::from_bytes(addr_.family(), {b.data(), addr_.size()}), prefix_);
}

bool Cidr::contains(const IpAddress& ip) const {
  if (ip.family() != family()) return false;
  return Cidr(ip, prefix_).network().addr() == network().addr();
}

std::string Cidr::str() const { return fmt::format("{}/{}", addr_.str(), prefix_); }

std::optional<MacAddress> MacAddress::parse(std::string_view text) {
  MacAddress mac;
  if (text.size() != 17) return std::nullopt;
  for (size_t i = 0; i < 6; ++i) {
    if (i > 0 && text[i * 3 - 1] != ':') return std::nullopt;
    std::string_view hex = text.substr(i * 3, 2);
    unsigned v = 0;
    auto [end, ec] = std::from_chars(hex.data(), hex.data() + 2, v, 16);
    if (ec != std::errc() || end != hex.data() + 2) return std::nullopt;
    mac.bytes[i] = static_cast<uint8_t>(v);
  }
  return mac;
}

MacAddress MacAddress::random_local() {
  uint64_t r = base::random_u64();
  MacAddress mac;
  for (size_t i = 0; i < 6; ++i) mac.bytes[i] = static_cast<uint8_t>(r >> (8 * i));
  mac.bytes[0] = static_cast<uint8_t>((mac.bytes[0] & 0xfe) | 0x02);
  return mac;
}

std::string MacAddress::str() const {
  return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", bytes[0], bytes[1], bytes[2],
                     bytes[3], bytes[4], bytes[5]);
}

}  // namespace netns
