// SPDX-License-Identifier: GPL-2.0-or-later
// image/vfs_tree_test.cc: the vfs driver's copy and comparison on real
// trees: c/storage's change rules (a changed directory before its
// changes, a deleted name alone, a type change, an untouched copy
// unchanged), hard links in the copy, and symlinks never followed.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>

#include "base/fd.h"
#include "base/file.h"
#include "image/vfs_tree.h"
#include "tests/temp_netns.h"

namespace {

base::UniqueFd dir_fd(const std::string& path) {
  return base::UniqueFd{::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
}

std::string listed(const std::vector<image::TreeChange>& changes) {
  std::string out;
  for (const auto& ch : changes) out += std::string(1, ch.kind) + " " + ch.path + "\n";
  return out;
}

// An image: /bin/tool (two links), /etc/conf, /etc/sub/deep, /gone/x, a
// symlink /lnk -> /etc.
void make_image(const std::string& root) {
  for (const char* d : {"/bin", "/etc/sub", "/gone"}) base::ensure_dir(root + d, 0755);
  base::write_file_atomic(root + "/bin/tool", "tool", 0755, false);
  REQUIRE(::link((root + "/bin/tool").c_str(), (root + "/bin/tool2").c_str()) == 0);
  base::write_file_atomic(root + "/etc/conf", "a=1\n", 0644, false);
  base::write_file_atomic(root + "/etc/sub/deep", "deep", 0600, false);
  base::write_file_atomic(root + "/gone/x", "x", 0644, false);
  REQUIRE(::symlink("/etc", (root + "/lnk").c_str()) == 0);
}

// The image above and its vfs copy, in a temp dir.
struct Copied {
  testing::TempDir t;
  std::string image = t.path() + "/image", copy = t.path() + "/copy";
  base::UniqueFd from, to;
  Copied() {
    base::ensure_dir(image, 0755);
    base::ensure_dir(copy, 0700);
    make_image(image);
    from = dir_fd(image);
    to = dir_fd(copy);
    image::copy_root(from.get(), to.get(), "test copy");
  }
};

}  // namespace

TEST_CASE("vfs copy keeps hard links, modes and links, and compares unchanged") {
  Copied c;
  const std::string& copy = c.copy;
  int from = c.from.get(), to = c.to.get();
  struct stat a, b, d;
  REQUIRE(::stat((copy + "/bin/tool").c_str(), &a) == 0);
  REQUIRE(::stat((copy + "/bin/tool2").c_str(), &b) == 0);
  CHECK(a.st_ino == b.st_ino);
  CHECK(a.st_nlink == 2);
  REQUIRE(::stat((copy + "/etc/sub/deep").c_str(), &d) == 0);
  CHECK((d.st_mode & 07777) == 0600);
  char link[16] = {};
  REQUIRE(::readlink((copy + "/lnk").c_str(), link, sizeof link - 1) == 4);
  CHECK(std::string(link) == "/etc");
  CHECK(image::tree_changes(from, to, "test").empty());
}

TEST_CASE("vfs changes follow containers/storage's rules") {
  Copied c;
  const std::string& copy = c.copy;
  int from = c.from.get(), to = c.to.get();
  // A changed file deep down, a deleted tree, a new tree, a file turned
  // into a directory, a symlink turned to point elsewhere.
  struct timespec later[2] = {{0, UTIME_OMIT}, {2000000000, 0}};
  base::write_file_atomic(copy + "/etc/sub/deep", "changed", 0600, false);
  REQUIRE(::utimensat(AT_FDCWD, (copy + "/etc/sub").c_str(), later, 0) == 0);
  base::remove_tree(copy + "/gone");
  base::ensure_dir(copy + "/new/inner", 0755);
  base::write_file_atomic(copy + "/new/inner/f", "f", 0644, false);
  base::remove_file(copy + "/etc/conf");
  base::ensure_dir(copy + "/etc/conf", 0755);
  base::write_file_atomic(copy + "/etc/conf/x", "x", 0644, false);
  REQUIRE(::unlink((copy + "/lnk").c_str()) == 0);
  REQUIRE(::symlink("/somewhere/else", (copy + "/lnk").c_str()) == 0);
  auto changes = image::tree_changes(from, to, "test");
  // A directory before what changed in it; /etc/conf changed type, and
  // its content is all added; /gone is one deletion, after the rest of
  // its directory's; the root itself is never listed.
  CHECK(listed(changes) ==
        "C /etc\n"
        "C /etc/conf\n"
        "A /etc/conf/x\n"
        "C /etc/sub\n"
        "C /etc/sub/deep\n"
        "C /lnk\n"
        "A /new\n"
        "A /new/inner\n"
        "A /new/inner/f\n"
        "D /gone\n");
  // 7 bytes of deep, 1 of f, 1 of x, 15 of the link's target.
  CHECK(image::changes_size(to, changes) == 7 + 1 + 1 + 15);
}
