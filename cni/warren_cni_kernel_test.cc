// SPDX-License-Identifier: GPL-2.0-or-later
// cni/warren_cni_kernel_test.cc: warren-cni as another runtime would run
// it: by a symlink named after the type or as `warren-cni TYPE`, the CNI
// environment, the config on stdin, the answer on stdout.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>

#include "cni/error.h"
#include "cni/exec.h"
#include "netns/link.h"
#include "netns/netlink.h"
#include "tests/cni_fixture.h"

using namespace testing;

namespace {

std::string warren_cni() {
  const char* p = std::getenv("WARREN_CNI");
  REQUIRE(p);
  return p;
}

cni::ExecOutput call(const std::string& path, const cni::Env& env, const std::string& input) {
  return cni::exec_plugin(path, env, input, std::chrono::seconds(30));
}

std::string config(const CniNet& net, const char* version = "1.0.0") {
  return R"({"cniVersion":")" + std::string(version) + R"(","name":")" + net.name + R"(","type":"bridge","bridge":")" +
         net.bridge + R"(","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","subnet":"10.92.0.0/24","dataDir":")" +
         net.ipam_dir() + R"("}})";
}

}  // namespace

TEST_CASE("warren-cni answers VERSION under any of its names", "[netns]") {
  TempDir bin;
  REQUIRE(::symlink(warren_cni().c_str(), (bin.path() + "/bridge").c_str()) == 0);
  cni::Env env{"VERSION", "", "", "", "", {}};
  auto o = call(bin.path() + "/bridge", env, R"({"cniVersion":"0.4.0"})");
  CHECK(o.status == 0);
  CHECK(o.out == "{\"cniVersion\":\"0.4.0\",\"supportedVersions\":[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]}\n");
  auto bare = call(warren_cni(), env, "");
  CHECK(bare.status == 1);  // no type: a usage error, as a CNI error object
  CHECK(bare.out.find("\"code\": 4") != std::string::npos);
}

TEST_CASE("warren-cni bridge: ADD, CHECK, DEL through the executable protocol", "[netns]") {
  CniNet net("wcninet", "cni-wcni0");
  TempNetns c("c");
  TempDir bin;
  REQUIRE(::symlink(warren_cni().c_str(), (bin.path() + "/bridge").c_str()) == 0);
  std::string conf = config(net, "0.4.0");
  cni::Env env{"ADD", "wcniid", c.path(), "eth0", "IgnoreUnknown=1;K8S_POD_NAME=p", {bin.path()}};
  auto add = call(bin.path() + "/bridge", env, conf);
  REQUIRE(add.status == 0);
  cni::Result r = cni::parse_result(add.out);
  CHECK(r.cni_version == "0.4.0");
  CHECK(add.out.find("\"version\": \"4\"") != std::string::npos);  // 0.4.0's shape
  CHECK(r.ips[0].address.str() == "10.92.0.2/24");
  CHECK(r.interfaces[2].sandbox == c.path());
  CHECK(sh(c.enter() + "busybox ping -c 1 -W 2 10.92.0.1 >/dev/null 2>&1").status == 0);

  // CHECK with the result as prevResult, as a runtime sends it.
  std::string with_prev = conf.substr(0, conf.size() - 1) + R"(,"prevResult":)" + add.out + "}";
  env.command = "CHECK";
  auto check = call(warren_cni() , env, with_prev);
  CHECK(check.status == 1);  // `warren-cni` alone needs the type as argv[1]
  auto check2 = call(bin.path() + "/bridge", env, with_prev);
  CHECK(check2.status == 0);
  CHECK(check2.out.empty());

  env.command = "DEL";
  CHECK(call(bin.path() + "/bridge", env, with_prev).status == 0);
  CHECK(call(bin.path() + "/bridge", env, with_prev).status == 0);
  CHECK(sh("ls -A " + net.ipam_dir() + "/wcninet | sort | tr '\\n' ' '").out == "last_reserved_ip.0 lock ");
  CHECK(sh("nft list table inet warren").out.find("10.92.0.2") == std::string::npos);
  netns::Netlink host = netns::Netlink::open();
  netns::delete_link(host, "cni-wcni0");
}

TEST_CASE("warren-cni TYPE runs the plugin named by its argument", "[netns]") {
  TempNetns c("c");
  // `warren-cni loopback`: exec_plugin passes no arguments, so go through sh.
  std::string cmd = "echo '{\"cniVersion\":\"1.0.0\",\"name\":\"lo\",\"type\":\"loopback\"}' | CNI_COMMAND=ADD "
                    "CNI_CONTAINERID=x CNI_NETNS=" + c.path() + " CNI_IFNAME=lo " + warren_cni() + " loopback";
  auto o = sh(cmd);
  CHECK(o.status == 0);
  CHECK(o.out.find("\"address\": \"127.0.0.1/8\"") != std::string::npos);
}

TEST_CASE("warren-cni errors are CNI error objects with the spec's codes", "[netns]") {
  CniNet net("wcnibad", "cni-wbad0");
  TempDir bin;
  REQUIRE(::symlink(warren_cni().c_str(), (bin.path() + "/bridge").c_str()) == 0);
  std::string b = bin.path() + "/bridge";
  cni::Env env{"ADD", "id", "/nonexistent", "eth0", "", {bin.path()}};
  auto code_of = [](const cni::ExecOutput& o) {
    return o.status == 1 ? base::json::opt_int(base::json::parse(o.out, "error"), "code", "error").value_or(-1) : -1;
  };
  CHECK(code_of(call(b, env, "{not json")) == cni::kDecodingFailure);
  CHECK(code_of(call(b, env, R"({"cniVersion":"0.9.0","name":"x","type":"bridge"})")) == cni::kIncompatibleVersion);
  cni::Env noid = env;
  noid.container_id.clear();
  CHECK(code_of(call(b, noid, config(net))) == cni::kInvalidEnvironment);
  auto bad_subnet = config(net);
  bad_subnet.replace(bad_subnet.find("10.92.0.0/24"), 12, "10.92.0.0/99");
  TempNetns c("c");
  env.netns = c.path();
  auto o = call(b, env, bad_subnet);
  CHECK(code_of(o) == cni::kInvalidConfig);
  CHECK(o.out.find("\"cniVersion\": \"1.0.0\"") != std::string::npos);
  cni::Env unknown = env;
  unknown.args = "FOO=bar";
  CHECK(code_of(call(b, unknown, config(net))) == cni::kInvalidEnvironment);
  CHECK(sh("ip link show cni-wbad0 2>/dev/null").status != 0);
}
