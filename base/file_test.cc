// SPDX-License-Identifier: GPL-2.0-or-later
// base/file_test.cc: atomic writes, reads, mkdir -p and locks on a temp dir.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <stdlib.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

TEST_CASE("open_owned_dirs opens the caller's unreadable dirs to it, and no one else's", "[base]") {
  Dir d;
  bool root = ::geteuid() == 0;
  if (root) {
    // As a regular user: root may open anything, which is the point.
    REQUIRE(::chown(d.path.c_str(), 65534, 65534) == 0);
    REQUIRE(::mkdir((d.path + "/other").c_str(), 0) == 0);  // root's, mode 0
  }
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (root && (::setgroups(0, nullptr) < 0 || ::setresgid(65534, 65534, 65534) < 0 || ::setresuid(65534, 65534, 65534) < 0)) ::_exit(10);
    std::string a = d.path + "/a", b = a + "/b";
    if (::mkdir(a.c_str(), 0755) < 0 || ::mkdir(b.c_str(), 0755) < 0) ::_exit(11);
    base::write_file_atomic(b + "/f", "x", 0644);
    if (::symlink(root ? "../other" : "/", (a + "/l").c_str()) < 0) ::_exit(12);
    if (::chmod(b.c_str(), 0) < 0 || ::chmod(a.c_str(), 0) < 0) ::_exit(13);
    try {
      base::remove_tree(a);
      ::_exit(14);  // it should have been refused
    } catch (const base::Error&) {
    }
    base::open_owned_dirs(d.path, ::geteuid());
    struct stat st;
    if (::stat(b.c_str(), &st) < 0 || (st.st_mode & 0700) != 0700) ::_exit(15);
    try {
      base::remove_tree(a);
    } catch (const base::Error&) {
      ::_exit(16);
    }
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  if (root) {
    struct stat st;
    REQUIRE(::stat((d.path + "/other").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0);  // not the caller's: left
  }
}
