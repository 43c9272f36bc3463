// SPDX-License-Identifier: GPL-2.0-or-later
// tests/fuzz/fuzz_dns.cc: a DNS query off the wire, answered as the
// responder answers it.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dns/message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> msg(data, data + size);
  auto q = dns::parse_query(msg);
  if (!q) return 0;
  (void)dns::reverse_name_address(q->name);
  std::vector<dns::DnsRecord> records;
  if (dns::encodable_name(q->name)) records.push_back({dns::kTypePtr, dns::encode_name(q->name)});
  records.push_back({dns::kTypeA, {10, 88, 0, 2}});
  (void)dns::build_answer(msg, *q, 0, records);
  return 0;
}
