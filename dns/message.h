// SPDX-License-Identifier: GPL-2.0-or-later
// dns/message.h: the DNS wire format as far as warren's responder
// needs it (RFC 1035): a query's header and one question read, an answer
// built with A, AAAA or PTR records for the question's name, reverse
// names turned into addresses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dns {

inline constexpr uint16_t kTypeA = 1, kTypePtr = 12, kTypeAaaa = 28, kTypeAny = 255;
inline constexpr int kRcodeOk = 0, kRcodeFormErr = 1, kRcodeServFail = 2, kRcodeNxDomain = 3, kRcodeRefused = 5;

struct DnsQuery {
  uint16_t id = 0;
  bool recursion_desired = false;
  std::string name;          // lower case, without the final dot
  uint16_t type = 0, qclass = 0;
  size_t question_end = 0;   // where the question ends in the message
};

// nullopt for a message that is not a query with one well-formed question.
std::optional<DnsQuery> parse_query(const std::vector<uint8_t>& msg);

struct DnsRecord {
  uint16_t type;               // kTypeA, kTypeAaaa, kTypePtr
  std::vector<uint8_t> rdata;  // 4 or 16 address bytes, or an encoded name
};

// The answer to `query` (the message as received): its question repeated,
// then `records`, each for the question's name, with `ttl`.
std::vector<uint8_t> build_answer(const std::vector<uint8_t>& query, const DnsQuery& q, int rcode,
                                  const std::vector<DnsRecord>& records, uint32_t ttl = 60);

// Whether `name` fits DNS: labels of 1 to 63 bytes, 255 in wire form.
bool encodable_name(const std::string& name);
// A name in wire form ("a.b" -> 1 a 1 b 0); `name` must be encodable.
std::vector<uint8_t> encode_name(const std::string& name);

// "2.0.89.10.in-addr.arpa" -> "10.89.0.2"; the nibble form under ip6.arpa
// -> the IPv6 address in its canonical text; nullopt for anything else.
std::optional<std::string> reverse_name_address(const std::string& name);

}  // namespace dns
