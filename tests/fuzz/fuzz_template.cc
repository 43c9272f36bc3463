// SPDX-License-Identifier: GPL-2.0-or-later
// tests/fuzz/fuzz_template.cc: --format's Go templates, parsed and
// rendered against an inspect-like value.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "cli/output.h"
#include "cli/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const cli::Value doc = [] {
    cli::Value state;
    state.set("Status", "running").set("Pid", int64_t{42}).set("Running", true);
    cli::Value v;
    v.set("Id", "0123456789ab").set("Names", cli::Value::strings({"web", "www"})).set("State", state)
        .set("Labels", cli::Value::map(cli::Value::Object{{"app", cli::Value("nginx")}})).set("Ports", cli::Value::Array{});
    return v;
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    cli::check_format(text);
    (void)cli::render_format(text, doc);
  } catch (const std::exception&) {
  }
  return 0;
}
