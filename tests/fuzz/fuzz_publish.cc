// SPDX-License-Identifier: GPL-2.0-or-later
// tests/fuzz/fuzz_publish.cc: -p, as Podman 4.3 parses it.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "netconf/publish.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    (void)netconf::parse_publish(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const std::exception&) {
  }
  return 0;
}
