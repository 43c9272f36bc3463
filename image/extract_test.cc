// SPDX-License-Identifier: GPL-2.0-or-later
// image/extract_test.cc: layer entry names, checked before anything is made.
#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <string>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "image/extract.h"
#include "image/layer.h"
#include "tests/temp_netns.h"

namespace {

// One ustar header block: `name`, type `flag`, `link` as its link name.
std::string ustar_header(const std::string& name, char flag, const std::string& link) {
  std::string h(512, '\0');
  std::memcpy(&h[0], name.data(), name.size());
  std::memcpy(&h[100], "0000644", 7);
  std::memcpy(&h[108], "0000000", 7);
  std::memcpy(&h[116], "0000000", 7);
  std::memcpy(&h[124], "00000000000", 11);
  std::memcpy(&h[136], "00000000000", 11);
  h[156] = flag;
  std::memcpy(&h[157], link.data(), link.size());
  std::memcpy(&h[257], "ustar\0" "00", 8);
  std::memset(&h[148], ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  char field[8];
  std::snprintf(field, sizeof field, "%06o", sum);
  std::memcpy(&h[148], field, 7);
  return h;
}

// A memfd holding `tar` and its two zero end blocks.
base::UniqueFd layer_fd(const std::string& tar) {
  base::UniqueFd fd{::memfd_create("layer", MFD_CLOEXEC)};
  std::string all = tar + std::string(1024, '\0');
  REQUIRE(::write(fd.get(), all.data(), all.size()) == static_cast<ssize_t>(all.size()));
  REQUIRE(::lseek(fd.get(), 0, SEEK_SET) == 0);
  return fd;
}

}  // namespace

TEST_CASE("layer entry names are made relative, and refused when they leave the root", "[image]") {
  CHECK(image::entry_name("./etc/passwd") == "etc/passwd");
  CHECK(image::entry_name("etc//x/./y/") == "etc/x/y");
  CHECK(image::entry_name("./") == "");
  CHECK_THROWS_WITH(image::entry_name("/etc/shadow"), Catch::Contains("layer entry \"/etc/shadow\" leaves the root"));
  CHECK_THROWS_WITH(image::entry_name("../x"), Catch::Contains("a .. component"));
  CHECK_THROWS_WITH(image::entry_name("a/../../x"), Catch::Contains("a .. component"));
  CHECK(image::entry_name("a..b/..c") == "a..b/..c");
}

TEST_CASE("a symlink entry with no target is refused, naming the entry", "[image]") {
  testing::TempDir dir;
  std::string root = dir.path() + "/root";
  base::ensure_dir(root, 0755);
  auto fd = layer_fd(ustar_header("a", '2', ""));
  CHECK_THROWS_WITH(image::apply_layer(fd.get(), "layer", root, false), Catch::Contains("\"a\": a symlink with no target"));
  CHECK(base::list_dir(root).empty());
  auto good = layer_fd(ustar_header("b", '2', "/etc/passwd"));
  image::apply_layer(good.get(), "layer", root, false);
  char target[64] = {};
  REQUIRE(::readlink((root + "/b").c_str(), target, sizeof target - 1) > 0);
  CHECK(std::string(target) == "/etc/passwd");
}
