// SPDX-License-Identifier: GPL-2.0-or-later
// cli/command_test.cc: numeric flags read as cobra reads them, and the
// errors Podman prints for bad ones.
#include <catch2/catch.hpp>

#include "cli/command.h"

namespace {

std::string uint_why(const std::string& text) {
  std::string why;
  auto v = cli::go_parse_uint(text, why);
  return v ? "ok " + std::to_string(*v) : why;
}

std::string int_why(const std::string& text) {
  std::string why;
  auto v = cli::go_parse_int(text, why);
  return v ? "ok " + std::to_string(*v) : why;
}

// Parses `args` for a command with Podman's stop flags; the error, or "".
std::string parse_error(const cli::Args& args) {
  cli::Context ctx;
  cli::Options opts("stop", "Stop one or more containers");
  opts.add()("t,time", "Seconds to wait", cxxopts::value<std::string>()->default_value("10"), "uint")(
      "tail", "Lines", cxxopts::value<std::string>()->default_value("-1"), "int");
  try {
    auto r = cli::parse(ctx, opts, args);
    return r ? "ok " + std::to_string(cli::seconds_flag(*r)) + " " + std::to_string(cli::int_flag(*r, "tail")) : "help";
  } catch (const base::Error& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("uint flags take what Go's ParseUint(s, 0, 64) takes", "[cli]") {
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

TEST_CASE("int flags take what Go's ParseInt(s, 0, 64) takes", "[cli]") {
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

TEST_CASE("a bad number is Podman's error naming the flag as cobra does", "[cli]") {
  CHECK(parse_error({"-t", "abc"}) ==
        "invalid argument \"abc\" for \"-t, --time\" flag: strconv.ParseUint: parsing \"abc\": invalid syntax");
  CHECK(parse_error({"--time=-5"}) ==
        "invalid argument \"-5\" for \"-t, --time\" flag: strconv.ParseUint: parsing \"-5\": invalid syntax");
  CHECK(parse_error({"-t", "99999999999999999999"}) ==
        "invalid argument \"99999999999999999999\" for \"-t, --time\" flag: strconv.ParseUint: parsing "
        "\"99999999999999999999\": value out of range");
  CHECK(parse_error({"--tail", "1.5"}) ==
        "invalid argument \"1.5\" for \"--tail\" flag: strconv.ParseInt: parsing \"1.5\": invalid syntax");
  CHECK(parse_error({}) == "ok 10 -1");
  CHECK(parse_error({"-t", "0x10", "--tail", "-3"}) == "ok 16 -3");
  // Seconds past what the stop code takes are as good as forever.
  CHECK(parse_error({"-t", "18446744073709551615"}) == "ok 2147483647 -1");
}
