// SPDX-License-Identifier: GPL-2.0-or-later
// base/digest.h: SHA-256 (FIPS 180-4), as image ids and layer digests are
// written ("sha256:" + 64 hex digits), fed in pieces as data streams by.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace base {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  std::string hex();  // 64 lowercase hex digits; the hash is final after this

 private:
  void block(const unsigned char* p);

  std::array<uint32_t, 8> h_;
  unsigned char buf_[64];
  size_t used_ = 0;
  uint64_t length_ = 0;  // bytes so far
};

std::string sha256_hex(std::string_view data);

}  // namespace base
