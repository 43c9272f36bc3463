// SPDX-License-Identifier: GPL-2.0-or-later
// dns/message.cc: reading queries, writing answers.
#include "dns/message.h"

#include <arpa/inet.h>

#include <cctype>

namespace dns {

namespace {

uint16_t be16(const std::vector<uint8_t>& m, size_t at) { return static_cast<uint16_t>(m[at] << 8 | m[at + 1]); }

void put16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

}  // namespace

std::optional<DnsQuery> parse_query(const std::vector<uint8_t>& msg) {
  if (msg.size() < 12) return std::nullopt;
  DnsQuery q;
  q.id = be16(msg, 0);
  uint16_t flags = be16(msg, 2);
  if ((flags & 0x8000) || ((flags >> 11) & 0xf) != 0) return std::nullopt;  // a response, or not a standard query
  q.recursion_desired = flags & 0x0100;
  if (be16(msg, 4) != 1) return std::nullopt;
  size_t at = 12;
  // Labels only: a query's question carries no compression.
  while (true) {
    if (at >= msg.size()) return std::nullopt;
    uint8_t len = msg[at++];
    if (len == 0) break;
    if (len > 63 || at + len > msg.size() || q.name.size() + len > 253) return std::nullopt;
    if (!q.name.empty()) q.name += '.';
    for (size_t i = 0; i < len; ++i) q.name += static_cast<char>(std::tolower(msg[at + i]));
    at += len;
  }
  if (at + 4 > msg.size()) return std::nullopt;
  q.type = be16(msg, at);
  q.qclass = be16(msg, at + 2);
  q.question_end = at + 4;
  return q;
}

std::vector<uint8_t> build_answer(const std::vector<uint8_t>& query, const DnsQuery& q, int rcode,
                                  const std::vector<DnsRecord>& records, uint32_t ttl) {
  std::vector<uint8_t> out;
  put16(out, q.id);
  // QR, AA, RD as asked, RA: the responder answers for its names and
  // recurses for the rest.
  uint16_t flags = 0x8000 | 0x0400 | (q.recursion_desired ? 0x0100 : 0) | 0x0080 | (rcode & 0xf);
  put16(out, flags);
  put16(out, 1);
  put16(out, static_cast<uint16_t>(records.size()));
  put16(out, 0);
  put16(out, 0);
  out.insert(out.end(), query.begin() + 12, query.begin() + static_cast<long>(q.question_end));
  for (const auto& r : records) {
    put16(out, 0xc00c);  // the question's name
    put16(out, r.type);
    put16(out, 1);       // IN
    put16(out, static_cast<uint16_t>(ttl >> 16));
    put16(out, static_cast<uint16_t>(ttl));
    put16(out, static_cast<uint16_t>(r.rdata.size()));
    out.insert(out.end(), r.rdata.begin(), r.rdata.end());
  }
  return out;
}

bool encodable_name(const std::string& name) {
  if (name.empty() || name.size() + 2 > 255) return false;
  size_t at = 0;
  while (at <= name.size()) {
    size_t dot = name.find('.', at);
    if (dot == std::string::npos) dot = name.size();
    if (dot == at || dot - at > 63) return false;
    at = dot + 1;
  }
  return true;
}

std::vector<uint8_t> encode_name(const std::string& name) {
  std::vector<uint8_t> out;
  size_t at = 0;
  while (at < name.size()) {
    size_t dot = name.find('.', at);
    if (dot == std::string::npos) dot = name.size();
    out.push_back(static_cast<uint8_t>(dot - at));
    out.insert(out.end(), name.begin() + static_cast<long>(at), name.begin() + static_cast<long>(dot));
    at = dot + 1;
  }
  out.push_back(0);
  return out;
}

std::optional<std::string> reverse_name_address(const std::string& name) {
  std::vector<std::string> labels;
  size_t at = 0;
  for (size_t dot; (dot = name.find('.', at)) != std::string::npos; at = dot + 1) labels.push_back(name.substr(at, dot - at));
  labels.push_back(name.substr(at));
  char text[INET6_ADDRSTRLEN];
  if (name.ends_with(".in-addr.arpa") && labels.size() == 6) {
    std::string ip = labels[3] + "." + labels[2] + "." + labels[1] + "." + labels[0];
    in_addr a;
    if (::inet_pton(AF_INET, ip.c_str(), &a) != 1) return std::nullopt;
    return std::string(::inet_ntop(AF_INET, &a, text, sizeof text));
  }
  if (name.ends_with(".ip6.arpa") && labels.size() == 34) {
    std::string hex;
    for (int i = 31; i >= 0; --i) {
      if (labels[static_cast<size_t>(i)].size() != 1 || !std::isxdigit(static_cast<unsigned char>(labels[static_cast<size_t>(i)][0]))) {
        return std::nullopt;
      }
      hex += labels[static_cast<size_t>(i)];
      if (i % 4 == 0 && i > 0) hex += ':';
    }
    in6_addr a;
    if (::inet_pton(AF_INET6, hex.c_str(), &a) != 1) return std::nullopt;
    return std::string(::inet_ntop(AF_INET6, &a, text, sizeof text));
  }
  return std::nullopt;
}

}  // namespace dns
