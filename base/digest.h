// SPDX-License-Identifier: GPL-2.0-or-later
// base/digest.h: SHA-256 (FIPS 180-4), as image ids and layer digests are
// written ("sha256:" + 64 hex digits), fed in pieces as data streams by.
// OpenSSL's libcrypto does the work when it is there (loaded on first
// use: ~6x faster, which a pull's hundreds of megabytes feel); the code
// here is the fallback.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace base {

class Sha256 {
 public:
  enum class Engine { best, portable };  // portable: never libcrypto (its tests)
  explicit Sha256(Engine engine = Engine::best);
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  std::string hex();  // 64 lowercase hex digits; the hash is final after this

 private:
  void block(const unsigned char* p);

  void* evp_ = nullptr;  // libcrypto's EVP_MD_CTX, when loaded

  std::array<uint32_t, 8> h_;
  unsigned char buf_[64];
  size_t used_ = 0;
  uint64_t length_ = 0;  // bytes so far
};

// One piece's digest; under 64 KiB without loading libcrypto.
std::string sha256_hex(std::string_view data);

}  // namespace base
