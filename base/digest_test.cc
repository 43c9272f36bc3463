// SPDX-License-Identifier: GPL-2.0-or-later
// base/digest_test.cc: SHA-256 against the standard's test vectors.
#include <catch2/catch.hpp>

#include "base/digest.h"

TEST_CASE("SHA-256 of the standard's vectors, whole and in pieces", "[base]") {
  CHECK(base::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(base::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  base::Sha256 h;
  h.update("a");
  h.update("bc");
  CHECK(h.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("SHA-256 across block boundaries, as sha256sum computes it", "[base]") {
  // Two-block message from FIPS 180-4, and lengths around the padding edge.
  CHECK(base::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(base::sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(base::sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(base::sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  std::string million(1000000, 'a');
  for (auto engine : {base::Sha256::Engine::best, base::Sha256::Engine::portable}) {
    base::Sha256 h(engine);
    for (size_t at = 0; at < million.size(); at += 777) h.update(std::string_view(million).substr(at, 777));
    CHECK(h.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    base::Sha256 edge(engine);
    edge.update(std::string(56, 'a'));
    CHECK(edge.hex() == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  }
}
