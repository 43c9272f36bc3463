// SPDX-License-Identifier: GPL-2.0-or-later
// tests/fuzz/fuzz_image_json.cc: what an archive's JSON says: an image
// config, manifest.json, index.json and an OCI manifest, from one input.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "image/archive_manifest.h"
#include "image/image_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto quietly = [](auto&& f) {
    try {
      f();
    } catch (const std::exception&) {
    }
  };
  quietly([&] { (void)image::config_json(image::parse_config_json(text)); });
  quietly([&] { (void)image::parse_docker_manifest(text); });
  quietly([&] { (void)image::parse_oci_index(text); });
  quietly([&] { (void)image::parse_oci_manifest(text, "a manifest"); });
  return 0;
}
