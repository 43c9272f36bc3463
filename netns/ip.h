// SPDX-License-Identifier: GPL-2.0-or-later
// netns/ip.h: IPv4/IPv6 addresses, prefixes and MAC addresses as values,
// parsed and printed the way `ip` and the CNI spec write them.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace netns {

class IpAddress {
 public:
  IpAddress() = default;
  static std::optional<IpAddress> parse(std::string_view text);
  static IpAddress from_bytes(int family, std::span<const uint8_t> bytes);

  int family() const { return family_; }   // AF_INET or AF_INET6
  bool is_v4() const;
  size_t size() const { return is_v4() ? 4 : 16; }
  const uint8_t* data() const { return bytes_.data(); }
  std::string str() const;

  auto operator<=>(const IpAddress&) const = default;

 private:
  int family_ = 0;
  std::array<uint8_t, 16> bytes_{};
};

// An address with a prefix length: 10.88.0.1/16. The address keeps its host
// bits (an interface address); network() clears them.
class Cidr {
 public:
  Cidr() = default;
  Cidr(IpAddress addr, int prefix) : addr_(addr), prefix_(prefix) {}
  static std::optional<Cidr> parse(std::string_view text);

  const IpAddress& addr() const { return addr_; }
  int prefix() const { return prefix_; }
  int family() const { return addr_.family(); }
  Cidr network() const;
  bool contains(const IpAddress& ip) const;
  std::string str() const;

  auto operator<=>(const Cidr&) const = default;

 private:
  IpAddress addr_;
  int prefix_ = 0;
};

struct MacAddress {
  std::array<uint8_t, 6> bytes{};
  static std::optional<MacAddress> parse(std::string_view text);
  // A random unicast address with the locally administered bit set.
  static MacAddress random_local();
  std::string str() const;
  auto operator<=>(const MacAddress&) const = default;
};

}  // namespace netns
