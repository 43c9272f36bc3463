// SPDX-License-Identifier: GPL-2.0-or-later
// base/file_test.cc: atomic writes, reads, mkdir -p and locks on a temp dir.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "base/error.h"
#include "base/file.h"

namespace {

struct Dir {
  std::string path;
  Dir() {
    char t[] = "/tmp/warren-unit-XXXXXX";
    REQUIRE(::mkdtemp(t));
    path = t;
  }
  ~Dir() { std::system(("rm -rf '" + path + "'").c_str()); }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    DIR* d = ::opendir(path.c_str());
    while (dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") out.push_back(n);
    }
    ::closedir(d);
    return out;
  }
};

}  // namespace

TEST_CASE("write_file_atomic replaces whole and leaves no temp file", "[base]") {
  Dir d;
  std::string p = d.path + "/state.json";
  base::write_file_atomic(p, "{\"a\":1}", 0600);
  CHECK(base::read_file(p) == std::optional<std::string>("{\"a\":1}"));
  base::write_file_atomic(p, "{\"a\":2}", 0640);
  CHECK(base::read_file(p) == std::optional<std::string>("{\"a\":2}"));
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0640);
  CHECK(d.entries() == std::vector<std::string>{"state.json"});
}

TEST_CASE("write_file_atomic into a missing dir fails with context and leaves nothing", "[base]") {
  Dir d;
  std::string p = d.path + "/missing/state.json";
  try {
    base::write_file_atomic(p, "x");
    FAIL("expected a throw");
  } catch (const base::Error& e) {
    CHECK(e.err() == ENOENT);
    CHECK(std::string(e.what()).find("create " + d.path + "/missing/state.json.tmp-") == 0);
  }
  CHECK(d.entries().empty());
}

TEST_CASE("overwrite_file rewrites in place, shorter content cut, same inode", "[base]") {
  Dir d;
  std::string p = d.path + "/last_reserved_ip.0";
  base::overwrite_file(p, "10.88.0.100");
  struct stat first;
  REQUIRE(::stat(p.c_str(), &first) == 0);
  base::overwrite_file(p, "10.88.0.9");
  CHECK(base::read_file(p) == std::optional<std::string>("10.88.0.9"));
  struct stat second;
  REQUIRE(::stat(p.c_str(), &second) == 0);
  CHECK(first.st_ino == second.st_ino);
  CHECK(d.entries() == std::vector<std::string>{"last_reserved_ip.0"});
  CHECK_THROWS_WITH(base::overwrite_file(d.path + "/missing/x", "1"), Catch::Contains("open " + d.path + "/missing/x"));
}

TEST_CASE("read_file of a missing file is nullopt", "[base]") {
  Dir d;
  CHECK_FALSE(base::read_file(d.path + "/nope").has_value());
  CHECK_THROWS_AS(base::read_file(d.path), base::Error);  // a directory: EISDIR
}

TEST_CASE("ensure_dir makes parents and is idempotent", "[base]") {
  Dir d;
  std::string p = d.path + "/a/b/c";
  base::ensure_dir(p, 0700);
  base::ensure_dir(p, 0700);
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  CHECK(S_ISDIR(st.st_mode));
  base::write_file_atomic(d.path + "/f", "x");
  CHECK_THROWS_AS(base::ensure_dir(d.path + "/f"), base::Error);
  base::remove_file(d.path + "/f");
  CHECK_NOTHROW(base::remove_file(d.path + "/f"));
}

TEST_CASE("FileLock excludes a second holder until released", "[base]") {
  Dir d;
  std::string p = d.path + "/lock";
  {
    base::FileLock held = base::FileLock::acquire(p);
    CHECK_FALSE(base::FileLock::try_acquire(p).has_value());
    CHECK_FALSE(base::FileLock::try_acquire(p, base::FileLock::Mode::shared).has_value());
  }
  auto again = base::FileLock::try_acquire(p);
  CHECK(again.has_value());
  auto shared1 = base::FileLock::try_acquire(d.path + "/s", base::FileLock::Mode::shared);
  auto shared2 = base::FileLock::try_acquire(d.path + "/s", base::FileLock::Mode::shared);
  CHECK(shared1.has_value());
  CHECK(shared2.has_value());
}
