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
