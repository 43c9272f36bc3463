// SPDX-License-Identifier: GPL-2.0-or-later
// image/extract_test.cc: layer entry names, checked before anything is made.
#include <catch2/catch.hpp>

#include "base/error.h"
#include "image/extract.h"

TEST_CASE("layer entry names are made relative, and refused when they leave the root", "[image]") {
  CHECK(image::entry_name("./etc/passwd") == "etc/passwd");
  CHECK(image::entry_name("etc//x/./y/") == "etc/x/y");
  CHECK(image::entry_name("./") == "");
  CHECK_THROWS_WITH(image::entry_name("/etc/shadow"), Catch::Contains("layer entry \"/etc/shadow\" leaves the root"));
  CHECK_THROWS_WITH(image::entry_name("../x"), Catch::Contains("a .. component"));
  CHECK_THROWS_WITH(image::entry_name("a/../../x"), Catch::Contains("a .. component"));
  CHECK(image::entry_name("a..b/..c") == "a..b/..c");
}
