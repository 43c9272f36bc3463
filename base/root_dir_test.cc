// SPDX-License-Identifier: GPL-2.0-or-later
// base/root_dir_test.cc: a root whose symlinks aim out of it, on a temp
// dir: every lookup, creation and removal stays inside.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "base/error.h"
#include "base/file.h"
#include "base/root_dir.h"

namespace {

bool is_dir(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// TMP/root (the root) and TMP/victim (outside it, with a file).
struct Fixture {
  std::string tmp, root, victim;
  Fixture() {
    char t[] = "/tmp/warren-unit-XXXXXX";
    REQUIRE(::mkdtemp(t));
    tmp = t;
    root = tmp + "/root";
    victim = tmp + "/victim";
    base::ensure_dir(root + "/etc");
    base::ensure_dir(victim);
    base::write_file_atomic(victim + "/file", "keep", 0644, false);
    base::write_file_atomic(root + "/etc/file", "inside", 0644, false);
  }
  ~Fixture() { std::system(("rm -rf '" + tmp + "'").c_str()); }
  bool victim_intact() const { return base::read_file(victim + "/file") == std::optional<std::string>("keep"); }
};

}  // namespace

TEST_CASE("an absolute symlink resolves to the root's own path", "[base]") {
  Fixture f;
  REQUIRE(::symlink(f.victim.c_str(), (f.root + "/out").c_str()) == 0);
  REQUIRE(::symlink("/etc", (f.root + "/etc2").c_str()) == 0);
  base::RootDir r(f.root);
  CHECK_FALSE(r.open("out/file", O_RDONLY));  // the victim's path does not exist in the root
  CHECK(r.read_regular("etc2/file", 100) == std::optional<std::string>("inside"));
  CHECK(r.read_regular("/../../etc/file", 100) == std::optional<std::string>("inside"));
}

TEST_CASE("make_dirs and parent never create through a symlink out of the root", "[base]") {
  Fixture f;
  REQUIRE(::symlink(f.victim.c_str(), (f.root + "/out").c_str()) == 0);
  REQUIRE(::symlink(("../../../../../" + f.victim).c_str(), (f.root + "/rel").c_str()) == 0);
  base::RootDir r(f.root);
  CHECK_THROWS_AS(r.make_dirs("out/new", 0755), base::Error);
  CHECK_THROWS_AS(r.make_dirs("rel/new", 0755), base::Error);
  CHECK(::access((f.victim + "/new").c_str(), F_OK) != 0);
  auto e = r.parent("a/b/c", true);
  REQUIRE(e);
  CHECK(e->name == "c");
  struct stat st;
  CHECK(::stat((f.root + "/a/b").c_str(), &st) == 0);
  CHECK_THROWS_AS(r.parent("a/..", false), base::Error);
}

TEST_CASE("make_dirs_in_root, following, makes a dangling symlink's target inside the root", "[base]") {
  Fixture f;
  // An absolute link to the victim's path, a relative one, a loop.
  REQUIRE(::symlink(f.victim.c_str(), (f.root + "/abs").c_str()) == 0);
  REQUIRE(::symlink("../made/rel", (f.root + "/etc/rel").c_str()) == 0);
  REQUIRE(::symlink("loop", (f.root + "/loop").c_str()) == 0);
  base::RootDir r(f.root);
  int fd = base::make_dirs_in_root(r.fd(), "abs/new/dir", 0755, true);
  REQUIRE(fd >= 0);
  ::close(fd);
  CHECK(is_dir(f.root + f.victim + "/new/dir"));
  CHECK(f.victim_intact());
  CHECK_FALSE(is_dir(f.victim + "/new"));
  fd = base::make_dirs_in_root(r.fd(), "etc/rel/x", 0755, true);
  REQUIRE(fd >= 0);
  ::close(fd);
  CHECK(is_dir(f.root + "/made/rel/x"));
  CHECK(base::make_dirs_in_root(r.fd(), "loop/x", 0755, true) < 0);
  CHECK(errno == ELOOP);
}

TEST_CASE("remove_at and clear_dir_at do not follow symlinks", "[base]") {
  Fixture f;
  REQUIRE(::symlink(f.victim.c_str(), (f.root + "/out").c_str()) == 0);
  base::ensure_dir(f.root + "/d");
  REQUIRE(::symlink(f.victim.c_str(), (f.root + "/d/link").c_str()) == 0);
  base::RootDir r(f.root);
  base::remove_at(r.fd(), "d");
  CHECK(f.victim_intact());
  auto fd = r.open("", O_PATH | O_DIRECTORY);
  REQUIRE(fd);
  base::clear_dir_at(fd->get(), [](const std::string& n) { return n == "etc"; });
  CHECK(f.victim_intact());
  CHECK(r.exists("etc/file"));
  CHECK_FALSE(r.exists("out"));
}

TEST_CASE("read_regular refuses a FIFO without opening it, and a file too big", "[base]") {
  Fixture f;
  REQUIRE(::mkfifo((f.root + "/etc/group").c_str(), 0644) == 0);
  base::RootDir r(f.root);
  CHECK_THROWS_WITH(r.read_regular("/etc/group", 100), Catch::Contains("is not a regular file"));
  CHECK_THROWS_WITH(r.read_regular("/etc/file", 3), Catch::Contains("larger than 3 bytes"));
  CHECK_FALSE(r.read_regular("/etc/missing", 100));
}
