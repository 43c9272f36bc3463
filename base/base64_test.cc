// SPDX-License-Identifier: GPL-2.0-or-later
// base/base64_test.cc: RFC 4648's test vectors, and what is not base64.
#include <catch2/catch.hpp>

#include "base/base64.h"

TEST_CASE("base64 of RFC 4648's vectors, both ways", "[base]") {
  const char* pairs[][2] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
                            {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (auto& p : pairs) {
    CHECK(base::base64_encode(p[0]) == p[1]);
    CHECK(base::base64_decode(p[1]) == std::optional<std::string>(p[0]));
  }
  CHECK(base::base64_decode(base::base64_encode(std::string("\0\xff\x80:x", 5))) == std::string("\0\xff\x80:x", 5));
}

TEST_CASE("base64 refuses what is not base64", "[base]") {
  for (const char* bad : {"Zg=", "Z===", "Zm9v!", "=Zm9", "Zg==Zg==", "Zm=v", "Zm9\n"}) {
    CAPTURE(bad);
    CHECK_FALSE(base::base64_decode(bad));
  }
}
