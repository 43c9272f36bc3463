// SPDX-License-Identifier: GPL-2.0-or-later
// dns/message_test.cc: queries read, answers written, reverse names.
#include <catch2/catch.hpp>

#include "dns/message.h"

namespace {

// A query as busybox nslookup sends one: id 0x1234, RD, "Web.dns.podman" A.
std::vector<uint8_t> query() {
  std::vector<uint8_t> m = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  auto name = dns::encode_name("Web.dns.podman");
  m.insert(m.end(), name.begin(), name.end());
  m.insert(m.end(), {0, 1, 0, 1});
  return m;
}

}  // namespace

TEST_CASE("a query's question is read, its name in lower case") {
  auto q = dns::parse_query(query());
  REQUIRE(q);
  CHECK(q->id == 0x1234);
  CHECK(q->recursion_desired);
  CHECK(q->name == "web.dns.podman");
  CHECK(q->type == dns::kTypeA);
  CHECK(q->question_end == query().size());
}

TEST_CASE("responses, truncated messages and bad labels are not queries") {
  auto m = query();
  m[2] |= 0x80;
  CHECK_FALSE(dns::parse_query(m));
  m = query();
  m.resize(20);
  CHECK_FALSE(dns::parse_query(m));
  m = query();
  m[12] = 70;  // a label longer than 63
  CHECK_FALSE(dns::parse_query(m));
}

TEST_CASE("an answer repeats the question and points at its name") {
  auto m = query();
  auto q = dns::parse_query(m);
  auto a = dns::build_answer(m, *q, dns::kRcodeOk, {{dns::kTypeA, {10, 89, 0, 2}}}, 60);
  CHECK(a[0] == 0x12);
  CHECK(a[1] == 0x34);
  CHECK((a[2] & 0x80) != 0);  // QR
  CHECK((a[2] & 0x04) != 0);  // AA
  CHECK(a[7] == 1);           // one answer
  size_t rr = q->question_end;
  CHECK(a[rr] == 0xc0);
  CHECK(a[rr + 1] == 0x0c);
  CHECK(std::vector<uint8_t>(a.end() - 4, a.end()) == std::vector<uint8_t>{10, 89, 0, 2});
  auto nx = dns::build_answer(m, *q, dns::kRcodeNxDomain, {});
  CHECK((nx[3] & 0xf) == dns::kRcodeNxDomain);
  CHECK(nx.size() == q->question_end);
}

TEST_CASE("reverse names become addresses") {
  CHECK(dns::reverse_name_address("2.0.89.10.in-addr.arpa") == "10.89.0.2");
  CHECK(dns::reverse_name_address(
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa") == "2001:db8::1");
  CHECK_FALSE(dns::reverse_name_address("0.89.10.in-addr.arpa"));
  CHECK_FALSE(dns::reverse_name_address("web.dns.podman"));
  CHECK(dns::encode_name("a.bc") == std::vector<uint8_t>{1, 'a', 2, 'b', 'c', 0});
}

TEST_CASE("names DNS cannot carry are told apart") {
  CHECK(dns::encodable_name("web.dns.podman"));
  CHECK(dns::encodable_name(std::string(63, 'a') + ".dns.podman"));
  CHECK_FALSE(dns::encodable_name(std::string(64, 'a') + ".dns.podman"));
  CHECK_FALSE(dns::encodable_name("a..b"));
  CHECK_FALSE(dns::encodable_name(""));
  std::string long_name;
  for (int i = 0; i < 5; ++i) long_name += std::string(60, 'x') + ".";
  CHECK_FALSE(dns::encodable_name(long_name + "x"));
}
