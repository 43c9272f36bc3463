// SPDX-License-Identifier: GPL-2.0-or-later
// tests/fuzz/fuzz_layer.cc: a layer (a tar, compressed or not) applied
// into a temp root, whiteouts and all; afterwards nothing may exist
// outside it but what was there before.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "base/file.h"
#include "image/layer.h"

namespace {

// FUZZ_DIR (default /dev/shm): a dir of this process's, holding the root
// and its staging dir side by side, and a file outside them both.
struct Dirs {
  std::string top, root, staging, outside;
  Dirs() {
    const char* base = ::getenv("FUZZ_DIR");
    std::string tmpl = std::string(base ? base : "/dev/shm") + "/warren-fuzz-layer-XXXXXX";
    if (!::mkdtemp(tmpl.data())) std::abort();
    top = tmpl;
    root = top + "/root";
    staging = top + "/staging";
    outside = top + "/outside";
    base::ensure_dir(staging, 0700);
    base::write_file_atomic(outside, "keep", 0644, false);
  }
  ~Dirs() { base::remove_tree(top); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Dirs dirs;
  base::remove_tree(dirs.root);
  base::ensure_dir(dirs.root, 0755);
  int fd = ::memfd_create("layer", MFD_CLOEXEC);
  if (fd < 0 || ::write(fd, data, size) != static_cast<ssize_t>(size) || ::lseek(fd, 0, SEEK_SET) < 0) std::abort();
  try {
    image::apply_layer(fd, "fuzz", dirs.root, false, 64 << 20);  // a bomb stops at 64 MiB
  } catch (const std::exception&) {
  }
  ::close(fd);
  if (base::read_file(dirs.outside) != std::optional<std::string>("keep")) std::abort();
  if (base::list_dir(dirs.top).size() != 3) std::abort();  // root, staging, outside: nothing else
  return 0;
}
