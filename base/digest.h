// SPDX-License-Identifier: GPL-2.0-or-later
// base/digest.h: SHA-256, as image ids and layer digests are written
// ("sha256:" + 64 hex digits), fed in pieces as data streams by.
#pragma once

#include <string>
#include <string_view>

typedef struct _GChecksum GChecksum;

namespace base {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  std::string hex();  // 64 lowercase hex digits; the hash is final after this

 private:
  GChecksum* c_;
};

std::string sha256_hex(std::string_view data);

}  // namespace base
