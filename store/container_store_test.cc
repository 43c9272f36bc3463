// SPDX-License-Identifier: GPL-2.0-or-later
// store/container_store_test.cc: a record a create killed midway (its
// dir, a temp file, its name; no config, no state) goes with the next
// listing once no create holds its lock, and not while one does.
#include "store/container_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include <catch2/catch.hpp>

#include "base/file.h"
#include "tests/temp_netns.h"

namespace store {
namespace {

TEST_CASE("container store: a half-made record is swept, unless its create still runs", "[store]") {
  testing::TempDir t;
  ContainerStore store(t.path() + "/root", t.path() + "/run");
  ContainerConfig c;
  c.name = "whole";
  Container whole = store.create(c);
  // What a create killed after its dir and name leaves.
  std::string id(64, 'a');
  std::string dir = store.dir(id);
  base::ensure_dir(dir, 0700);
  base::write_file_atomic(dir + "/config.json.tmp-1-x", "{", 0600, false);
  REQUIRE(::symlink(id.c_str(), (store.dir("names") + "/half").c_str()) == 0);
  {
    // Its create still runs (holds the lock): left alone.
    base::FileLock making = base::FileLock::acquire(store.lock_path(id));
    CHECK(store.list().size() == 1);
    CHECK(::access(dir.c_str(), F_OK) == 0);
  }
  auto all = store.list();
  REQUIRE(all.size() == 1);
  CHECK(all.front().config.id == whole.config.id);
  CHECK(::access(dir.c_str(), F_OK) != 0);
  struct stat st;
  CHECK(::lstat((store.dir("names") + "/half").c_str(), &st) != 0);
  // The name is free again.
  ContainerConfig again;
  again.name = "half";
  CHECK(store.create(again).config.name == "half");
}

}  // namespace
}  // namespace store
