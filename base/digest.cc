// SPDX-License-Identifier: GPL-2.0-or-later
// base/digest.cc: SHA-256 as FIPS 180-4 gives it; checked against its
// test vectors and against sha256sum in base/digest_test.cc.
#include "base/digest.h"

#include <dlfcn.h>

#include <cstring>
#include <mutex>

#include <fmt/format.h>

namespace base {

namespace {

constexpr uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

// libcrypto's EVP interface, declared here so that building needs no
// OpenSSL headers and running works without the library.
struct Crypto {
  void* (*ctx_new)();
  void (*ctx_free)(void*);
  const void* (*sha256)();
  int (*init)(void*, const void*, void*);
  int (*update)(void*, const void*, size_t);
  int (*final)(void*, unsigned char*, unsigned int*);
};

const Crypto* crypto() {
  static Crypto c;
  static bool ok = false;
  static std::once_flag once;
  std::call_once(once, [] {
    void* lib = ::dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!lib) return;
    auto sym = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(lib, name));
      return fn != nullptr;
    };
    ok = sym(c.ctx_new, "EVP_MD_CTX_new") && sym(c.ctx_free, "EVP_MD_CTX_free") && sym(c.sha256, "EVP_sha256") &&
         sym(c.init, "EVP_DigestInit_ex") && sym(c.update, "EVP_DigestUpdate") && sym(c.final, "EVP_DigestFinal_ex");
  });
  return ok ? &c : nullptr;
}

}  // namespace

Sha256::Sha256(Engine engine)
    : h_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19} {
  if (const Crypto* c = engine == Engine::best ? crypto() : nullptr) {
    evp_ = c->ctx_new();
    if (evp_ && c->init(evp_, c->sha256(), nullptr) != 1) {
      c->ctx_free(evp_);
      evp_ = nullptr;
    }
  }
}

Sha256::~Sha256() {
  if (evp_) crypto()->ctx_free(evp_);
}

void Sha256::block(const unsigned char* p) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i) {
    w[i] = uint32_t{p[4 * i]} << 24 | uint32_t{p[4 * i + 1]} << 16 | uint32_t{p[4 * i + 2]} << 8 | p[4 * i + 3];
  }
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4], f = h_[5], g = h_[6], h = h_[7];
  for (int i = 0; i < 64; ++i) {
    uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[i] + w[i];
    uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  uint32_t add[8] = {a, b, c, d, e, f, g, h};
  for (int i = 0; i < 8; ++i) h_[i] += add[i];
}

void Sha256::update(std::string_view data) {
  if (evp_) {
    crypto()->update(evp_, data.data(), data.size());
    return;
  }
  auto p = reinterpret_cast<const unsigned char*>(data.data());
  size_t n = data.size();
  length_ += n;
  if (used_ > 0) {
    size_t take = std::min(n, sizeof buf_ - used_);
    std::memcpy(buf_ + used_, p, take);
    used_ += take;
    p += take;
    n -= take;
    if (used_ < sizeof buf_) return;
    block(buf_);
    used_ = 0;
  }
  for (; n >= 64; p += 64, n -= 64) block(p);
  std::memcpy(buf_, p, n);
  used_ = n;
}

std::string Sha256::hex() {
  if (evp_) {
    unsigned char md[32];
    unsigned int n = 0;
    crypto()->final(evp_, md, &n);
    std::string out;
    for (unsigned i = 0; i < n; ++i) out += fmt::format("{:02x}", md[i]);
    return out;
  }
  uint64_t bits = length_ * 8;
  unsigned char pad[72] = {0x80};
  size_t pad_len = (used_ < 56 ? 56 : 120) - used_;
  for (int i = 0; i < 8; ++i) pad[pad_len + i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
  update(std::string_view(reinterpret_cast<const char*>(pad), pad_len + 8));
  std::string out;
  for (uint32_t word : h_) out += fmt::format("{:08x}", word);
  return out;
}

std::string sha256_hex(std::string_view data) {
  // A name's or a small document's digest (a network's id, an image
  // config's) is done here: loading libcrypto costs ~1.8 ms, hashing a
  // kilobyte a few microseconds.
  Sha256 h(data.size() < (64u << 10) ? Sha256::Engine::portable : Sha256::Engine::best);
  h.update(data);
  return h.hex();
}

}  // namespace base
