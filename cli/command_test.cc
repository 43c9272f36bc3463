// SPDX-License-Identifier: GPL-2.0-or-later
// cli/command_test.cc: numeric flags read as cobra reads them (base's Go
// number parsing, tested there), the errors Podman prints for bad ones,
// and pflag's "-a=false".
#include <catch2/catch.hpp>

#include "cli/command.h"

namespace {

// Parses `args` for a command with Podman's stop flags; the error, or "".
std::string parse_error(const cli::Args& args) {
  cli::Context ctx{config::Environment{}};
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

TEST_CASE("a short flag takes its value after = as pflag's do", "[cli]") {
  CHECK(parse_error({"-t=5"}) == "ok 5 -1");
  CHECK(parse_error({"-t=abc"}) ==
        "invalid argument \"abc\" for \"-t, --time\" flag: strconv.ParseUint: parsing \"abc\": invalid syntax");
  cli::Context ctx{config::Environment{}};
  cli::Options opts("cp", "Copy");
  opts.add()("a,archive", "Chown", cxxopts::value<bool>()->default_value("true")->implicit_value("true"));
  auto r = cli::parse(ctx, opts, {"-a=false", "--", "-a=x"});
  REQUIRE(r);
  CHECK_FALSE((*r)["archive"].as<bool>());
  CHECK(r->unmatched() == std::vector<std::string>{"-a=x"});
}
