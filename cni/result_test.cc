// SPDX-License-Identifier: GPL-2.0-or-later
// cni/result_test.cc: results across versions, error objects, conflists,
// the config each plugin receives, and CNI_ARGS.
#include <catch2/catch.hpp>

#include "cni/cache.h"
#include "cni/config.h"
#include "cni/error.h"
#include "cni/result.h"

using namespace cni;

namespace {

const char* kResult100 = R"({"cniVersion":"1.0.0",
  "interfaces":[{"name":"cni0","mac":"aa:bb:cc:dd:ee:01"},{"name":"eth0","mac":"aa:bb:cc:dd:ee:02","sandbox":"/run/netns/x"}],
  "ips":[{"interface":1,"address":"10.88.0.2/16","gateway":"10.88.0.1"},{"interface":1,"address":"fd00::2/64"}],
  "routes":[{"dst":"0.0.0.0/0"},{"dst":"10.1.0.0/16","gw":"10.88.0.254"}],
  "dns":{"nameservers":["10.88.0.1"],"search":["dns.podman"]}})";

int code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const base::Error& e) {
    return e.cni_code();
  }
  return 0;
}

}  // namespace

TEST_CASE("a 1.0.0 result converts to 0.4.0, 0.3.1 and 0.3.0 and back", "[cni]") {
  Result r = parse_result(kResult100);
  REQUIRE(r.ips.size() == 2);
  std::string v04 = result_json(r, "0.4.0");
  CHECK(v04.find("\"cniVersion\": \"0.4.0\"") != std::string::npos);
  CHECK(v04.find("\"version\": \"4\"") != std::string::npos);
  CHECK(v04.find("\"version\": \"6\"") != std::string::npos);
  CHECK(result_json(r, "0.3.0").find("\"version\": \"4\"") != std::string::npos);
  std::string v10 = result_json(parse_result(result_json(r, "0.3.1")), "1.0.0");
  CHECK(v10.find("\"version\"") == std::string::npos);
  CHECK(parse_result(v10).ips[1].address.str() == "fd00::2/64");
  CHECK(parse_result(v10).routes[1].gw->str() == "10.88.0.254");
  CHECK(parse_result(v10).dns.search == std::vector<std::string>{"dns.podman"});
  CHECK(code_of([&] { result_json(r, "0.2.0"); }) == kIncompatibleVersion);
}

TEST_CASE("the result JSON has the reference's key order", "[cni]") {
  Result r = parse_result(kResult100);
  std::string j = result_json(r, "1.0.0");
  CHECK(j.find("cniVersion") < j.find("interfaces"));
  CHECK(j.find("interfaces") < j.find("\"ips\""));
  CHECK(j.find("\"ips\"") < j.find("routes"));
  CHECK(j.find("routes") < j.find("dns"));
  CHECK(j.find("\"interface\": 1,\n            \"address\"") != std::string::npos);
}

TEST_CASE("malformed results are decoding errors, never crashes", "[cni]") {
  CHECK(code_of([] { parse_result("{"); }) == kDecodingFailure);
  CHECK(code_of([] { parse_result("[]"); }) == kDecodingFailure);
  CHECK(code_of([] { parse_result(R"({"ips":[{"address":"10.0.0.1"}]})"); }) == kDecodingFailure);
  CHECK(code_of([] { parse_result(R"({"ips":[{"address":7}]})"); }) == kInvalidConfig);
}

TEST_CASE("error objects carry cniVersion, code, msg and details", "[cni]") {
  Error e(kIncompatibleVersion, "incompatible CNI versions", "config is \"9.9.9\"");
  CHECK(error_json(e, "1.0.0") ==
        "{\n    \"cniVersion\": \"1.0.0\",\n    \"code\": 1,\n    \"msg\": \"incompatible CNI versions\",\n"
        "    \"details\": \"config is \\\"9.9.9\\\"\"\n}");
  Error plain = to_cni_error(std::make_exception_ptr(base::error("boom")));
  CHECK(plain.code() == kGeneric);
  CHECK(error_json(plain, "").find("details") == std::string::npos);
}

TEST_CASE("conflists: required fields, versions, names, single configs", "[cni]") {
  auto list = parse_conflist(R"({"cniVersion":"0.4.0","name":"podman","disableCheck":true,
    "plugins":[{"type":"bridge"},{"type":"portmap","capabilities":{"portMappings":true}}]})");
  CHECK(list.name == "podman");
  CHECK(list.disable_check);
  CHECK(list.type(1) == "portmap");
  auto single = parse_conflist(R"({"cniVersion":"1.0.0","name":"one","type":"bridge","bridge":"br9"})");
  REQUIRE(single.plugins.size() == 1);
  CHECK(single.type(0) == "bridge");
  CHECK(code_of([] { parse_conflist("nope"); }) == kDecodingFailure);
  CHECK(code_of([] { parse_conflist(R"({"name":"x","plugins":[{"type":"bridge"}]})"); }) == kInvalidConfig);
  CHECK(code_of([] { parse_conflist(R"({"cniVersion":"2.0.0","name":"x","plugins":[{"type":"b"}]})"); }) == kIncompatibleVersion);
  CHECK(code_of([] { parse_conflist(R"({"cniVersion":"1.0.0","name":"x","plugins":[]})"); }) == kInvalidConfig);
  CHECK(code_of([] { parse_conflist(R"({"cniVersion":"1.0.0","name":"x","plugins":[{"type":"../sh"}]})"); }) == kInvalidConfig);
  CHECK(code_of([] { parse_conflist(R"({"cniVersion":"1.0.0","name":"x","plugins":[{"name":"y"}]})"); }) == kInvalidConfig);
  CHECK(code_of([] { parse_conflist(R"({"cniVersion":"1.0.0","name":"-x","plugins":[{"type":"b"}]})"); }) == kInvalidConfig);
  CHECK(valid_network_name("cni-podman1"));
  CHECK(valid_network_name("a.b_c-d"));
  CHECK_FALSE(valid_network_name(".hidden"));
  CHECK_FALSE(valid_network_name("a/b"));
}

TEST_CASE("each plugin gets name, cniVersion, prevResult and its declared capabilities", "[cni]") {
  auto list = parse_conflist(R"({"cniVersion":"0.4.0","name":"podman",
    "plugins":[{"type":"bridge","name":"ignored"},{"type":"portmap","capabilities":{"portMappings":true,"ips":false}}]})");
  base::json::Object caps;
  caps.add_strings("ips", {"10.88.0.9/16"});
  base::json::Value pm(rapidjson::kArrayType);
  caps.value().AddMember("portMappings", pm, caps.alloc());
  base::json::Document first = plugin_config(list, 0, std::nullopt, caps.value());
  CHECK(base::json::string(first, "name", "") == "podman");
  CHECK(base::json::string(first, "cniVersion", "") == "0.4.0");
  CHECK_FALSE(first.HasMember("prevResult"));
  CHECK_FALSE(first.HasMember("runtimeConfig"));  // bridge declares no capability

  base::json::Document second = plugin_config(list, 1, parse_result(kResult100), caps.value());
  REQUIRE(second.HasMember("runtimeConfig"));
  CHECK(second["runtimeConfig"].HasMember("portMappings"));
  CHECK_FALSE(second["runtimeConfig"].HasMember("ips"));  // declared false
  REQUIRE(second.HasMember("prevResult"));
  // prevResult speaks the list's version.
  CHECK(base::json::string(second["prevResult"], "cniVersion", "") == "0.4.0");
  CHECK(second["prevResult"]["ips"][0].HasMember("version"));
}

TEST_CASE("CNI_ARGS round trip; malformed pairs are error 4", "[cni]") {
  CHECK(cni_args_string({{"IgnoreUnknown", "1"}, {"IP", "10.0.0.5"}}) == "IgnoreUnknown=1;IP=10.0.0.5");
  auto m = parse_cni_args("IgnoreUnknown=1;IP=10.0.0.5;;K8S_POD_NAME=a=b");
  CHECK(m["IP"] == "10.0.0.5");
  CHECK(m["K8S_POD_NAME"] == "a=b");
  CHECK(code_of([] { parse_cni_args("IP"); }) == kInvalidEnvironment);
  CHECK(code_of([] { parse_cni_args("=x"); }) == kInvalidEnvironment);
}

TEST_CASE("versions compare numerically", "[cni]") {
  CHECK(version_at_least("1.0.0", "0.4.0"));
  CHECK(version_at_least("0.10.0", "0.4.0"));
  CHECK_FALSE(version_at_least("0.3.1", "0.4.0"));
  CHECK(version_at_least("1.1.0", "1.1.0"));
}

