// SPDX-License-Identifier: GPL-2.0-or-later
// tests/fuzz/fuzz_settings.cc: containers.conf (TOML), read as warren
// reads it.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "base/file.h"
#include "config/settings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // FUZZ_DIR (default /dev/shm): the file, removed when the run ends.
  static const struct File {
    std::string path;
    File() {
      const char* base = ::getenv("FUZZ_DIR");
      path = std::string(base ? base : "/dev/shm") + "/warren-fuzz-conf-" + std::to_string(::getpid()) + ".conf";
    }
    ~File() { ::unlink(path.c_str()); }
  } file;
  const std::string& path = file.path;
  base::write_file_atomic(path, std::string_view(reinterpret_cast<const char*>(data), size), 0600, false);
  try {
    (void)config::read_settings({path});
  } catch (const std::exception&) {
  }
  return 0;
}
