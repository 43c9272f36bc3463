// SPDX-License-Identifier: GPL-2.0-or-later
// base/go_number_test.cc: what Go's strconv takes and its reasons when not.
#include <catch2/catch.hpp>

#include "base/go_number.h"

namespace {

std::string uint_why(const std::string& text, int base = 0) {
  std::string why;
  auto v = base::go_parse_uint(text, base, why);
  return v ? "ok " + std::to_string(*v) : why;
}

std::string int_why(const std::string& text, int base = 0) {
  std::string why;
  auto v = base::go_parse_int(text, base, why);
  return v ? "ok " + std::to_string(*v) : why;
}

}  // namespace

TEST_CASE("base 0 takes what Go's ParseUint(s, 0, 64) takes") {
  CHECK(uint_why("0") == "ok 0");
  CHECK(uint_why("10") == "ok 10");
  CHECK(uint_why("0x1f") == "ok 31");
  CHECK(uint_why("0X1F") == "ok 31");
  CHECK(uint_why("017") == "ok 15");
  CHECK(uint_why("0o17") == "ok 15");
  CHECK(uint_why("0b101") == "ok 5");
  CHECK(uint_why("1_000") == "ok 1000");
  CHECK(uint_why("18446744073709551615") == "ok 18446744073709551615");
  CHECK(uint_why("18446744073709551616") == "value out of range");
  CHECK(uint_why("99999999999999999999") == "value out of range");
  for (const char* bad : {"", "abc", "-5", "+5", "1.5", "0x", "08", "1__0", "_1", "1_", "0b2", " 1", "1e3"}) {
    INFO(bad);
    CHECK(uint_why(bad) == "invalid syntax");
  }
}

TEST_CASE("base 0 takes what Go's ParseInt(s, 0, 64) takes") {
  CHECK(int_why("-1") == "ok -1");
  CHECK(int_why("+7") == "ok 7");
  CHECK(int_why("-0x10") == "ok -16");
  CHECK(int_why("9223372036854775807") == "ok 9223372036854775807");
  CHECK(int_why("-9223372036854775808") == "ok -9223372036854775808");
  CHECK(int_why("9223372036854775808") == "value out of range");
  CHECK(int_why("-9223372036854775809") == "value out of range");
  for (const char* bad : {"", "-", "abc", "1.5", "--1", "-_1"}) {
    INFO(bad);
    CHECK(int_why(bad) == "invalid syntax");
  }
}

TEST_CASE("base 10 is strconv.Atoi's: a sign and decimal digits only") {
  CHECK(int_why("80", 10) == "ok 80");
  CHECK(int_why("+80", 10) == "ok 80");
  CHECK(int_why("080", 10) == "ok 80");
  CHECK(int_why("-5", 10) == "ok -5");
  for (const char* bad : {"0x50", "1_000", "0b1", "", "+", "8 0", "80/tcp"}) {
    INFO(bad);
    CHECK(int_why(bad, 10) == "invalid syntax");
  }
  CHECK(int_why("99999999999999999999", 10) == "value out of range");
}

TEST_CASE("a bit size bounds the value, as Go's bitSize") {
  CHECK(uint_why("65535", 10) == "ok 65535");
  std::string why;
  CHECK_FALSE(base::go_parse_uint("65536", 10, why, 16));
  CHECK(why == "value out of range");
  CHECK(base::go_parse_int("-2147483648", 10, why, 32) == INT32_MIN);
  CHECK_FALSE(base::go_parse_int("2147483648", 10, why, 32));
  CHECK(why == "value out of range");
}

TEST_CASE("sizes read as go-units' FromHumanSize reads them", "[base]") {
  CHECK(base::go_from_human_size("512") == 512);
  CHECK(base::go_from_human_size("10mb") == 10000000);
  CHECK(base::go_from_human_size("2kB") == 2000);
  CHECK(base::go_ram_in_bytes("64m") == 67108864);
  CHECK(base::go_ram_in_bytes("1g") == 1073741824);
  CHECK(base::go_ram_in_bytes("512") == 512);
  CHECK_FALSE(base::go_ram_in_bytes("1x"));
  CHECK(base::go_from_human_size("1.5 GB") == 1500000000);
  CHECK(base::go_from_human_size("3KiB") == 3000);
  CHECK_FALSE(base::go_from_human_size("abc"));
  CHECK_FALSE(base::go_from_human_size("10xb"));
  CHECK_FALSE(base::go_from_human_size(""));
  CHECK_FALSE(base::go_from_human_size("-1"));
}
