// SPDX-License-Identifier: GPL-2.0-or-later
// tests/fuzz/fuzz_ip.cc: addresses and subnets, parsed and printed back
// (what prints must parse to the same).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "netns/ip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto ip = netns::IpAddress::parse(text)) {
    auto again = netns::IpAddress::parse(ip->str());
    if (!again || again->str() != ip->str()) std::abort();
  }
  if (auto net = netns::Cidr::parse(text)) {
    auto again = netns::Cidr::parse(net->str());
    if (!again || again->str() != net->str()) std::abort();
    (void)net->network().str();
  }
  return 0;
}
