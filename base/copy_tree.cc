// SPDX-License-Identifier: GPL-2.0-or-later
// base/copy_tree.cc: copying a tree between directory fds.
#include "base/copy_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "base/error.h"
#include "base/fd.h"

namespace base {

namespace {

constexpr int kMaxDepth = 256;

void copy_attrs(int dir, const std::string& name, const struct stat& st, bool owners, bool link) {
  int nofollow = AT_SYMLINK_NOFOLLOW;
  if (owners && ::fchownat(dir, name.c_str(), st.st_uid, st.st_gid, nofollow) < 0) throw sys_error(errno, "chown {}", name);
  if (!link && ::fchmodat(dir, name.c_str(), st.st_mode & 07777, 0) < 0) throw sys_error(errno, "chmod {}", name);
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  if (::utimensat(dir, name.c_str(), times, nofollow) < 0) throw sys_error(errno, "set the times of {}", name);
}

void copy_file(int from, int to, const std::string& name, const struct stat& st) {
  UniqueFd in{::openat(from, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
  if (!in) throw sys_error(errno, "open {}", name);
  UniqueFd out{::openat(to, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)};
  if (!out) throw sys_error(errno, "create {}", name);
  for (off_t left = st.st_size; left > 0;) {
    ssize_t n = ::sendfile(out.get(), in.get(), nullptr, static_cast<size_t>(std::min<off_t>(left, 1 << 30)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw sys_error(errno, "copy {}", name);
    if (n == 0) break;  // it shrank meanwhile
    left -= n;
  }
}

void copy_level(int from, int to, bool owners, int depth) {
  if (depth > kMaxDepth) throw error("directories nested more than {} deep", kMaxDepth);
  int dup = ::fcntl(from, F_DUPFD_CLOEXEC, 0);
  if (dup < 0) throw sys_error(errno, "read a directory");
  DIR* d = ::fdopendir(dup);
  if (!d) {
    ::close(dup);
    throw sys_error(errno, "read a directory");
  }
  struct Closer {
    DIR* d;
    ~Closer() { ::closedir(d); }
  } closer{d};
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st;
    if (::fstatat(from, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) < 0) throw sys_error(errno, "stat {}", name);
    if (S_ISDIR(st.st_mode)) {
      if (::mkdirat(to, name.c_str(), 0700) < 0) throw sys_error(errno, "create {}", name);
      UniqueFd sub_from{::openat(from, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
      UniqueFd sub_to{::openat(to, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
      if (!sub_from || !sub_to) throw sys_error(errno, "open {}", name);
      try {
        copy_level(sub_from.get(), sub_to.get(), owners, depth + 1);
      } catch (Error& e) {
        e.wrap("in {}", name);
        throw;
      }
    } else if (S_ISREG(st.st_mode)) {
      copy_file(from, to, name, st);
    } else if (S_ISLNK(st.st_mode)) {
      std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
      ssize_t n = ::readlinkat(from, name.c_str(), target.data(), target.size());
      if (n < 0) throw sys_error(errno, "read the link {}", name);
      target.resize(static_cast<size_t>(n));
      if (::symlinkat(target.c_str(), to, name.c_str()) < 0) throw sys_error(errno, "create the link {}", name);
    } else {
      continue;  // devices, FIFOs, sockets: not copied
    }
    copy_attrs(to, name, st, owners, S_ISLNK(st.st_mode));
  }
}

}  // namespace

void copy_tree_at(int from, int to, bool owners) { copy_level(from, to, owners, 0); }

}  // namespace base
