// SPDX-License-Identifier: GPL-2.0-or-later
// cni/plugin_dirs_test.cc: plugin lookup order and path safety.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <sys/stat.h>

#include "base/file.h"
#include "cni/plugin_dirs.h"

TEST_CASE("find_plugin takes the first executable in dir order", "[cni]") {
  char t[] = "/tmp/warren-unit-XXXXXX";
  REQUIRE(::mkdtemp(t));
  std::string root = t;
  base::ensure_dir(root + "/a");
  base::ensure_dir(root + "/b");
  base::write_file_atomic(root + "/a/bridge", "#!/bin/sh\n", 0644);  // not executable
  base::write_file_atomic(root + "/b/bridge", "#!/bin/sh\n", 0755);
  base::write_file_atomic(root + "/a/static", "#!/bin/sh\n", 0755);
  std::vector<std::string> dirs{root + "/a", root + "/b", root + "/missing"};
  CHECK(cni::find_plugin(dirs, "bridge") == root + "/b/bridge");
  CHECK(cni::find_plugin(dirs, "static") == root + "/a/static");
  CHECK_FALSE(cni::find_plugin(dirs, "macvlan"));
  CHECK_FALSE(cni::find_plugin(dirs, "../b/bridge"));
  CHECK_FALSE(cni::find_plugin(dirs, ""));
  std::system(("rm -rf '" + root + "'").c_str());
}
