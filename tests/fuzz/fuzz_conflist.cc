// SPDX-License-Identifier: GPL-2.0-or-later
// tests/fuzz/fuzz_conflist.cc: a CNI conflist, loaded as libcni loads one,
// and each plugin's config built from it.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string_view>

#include "cni/config.h"
#include "base/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    cni::Conflist list = cni::parse_conflist(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.conflist");
    for (size_t i = 0; i < list.plugins.size(); ++i) {
      (void)list.type(i);
      rapidjson::Value no_capabilities(rapidjson::kObjectType);
      (void)cni::plugin_config(list, i, std::nullopt, no_capabilities);
    }
  } catch (const std::exception&) {
  }
  return 0;
}
