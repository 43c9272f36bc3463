// SPDX-License-Identifier: GPL-2.0-or-later
// image/vfs_tree.cc: the vfs driver's whole copy and its tree comparison.
#include "image/vfs_tree.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <set>
#include <utility>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/root_dir.h"

namespace image {

namespace {

constexpr int kMaxDepth = 256;
constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

// The names in `dir`, sorted (the same tree, the same walk).
std::vector<std::string> names_in(int dir, const std::string& what) {
  std::vector<std::string> names = base::names_at(dir, what);
  std::sort(names.begin(), names.end());
  return names;
}

base::UniqueFd open_dir_at(int dir, const std::string& name, const std::string& what) {
  base::UniqueFd fd{::openat(dir, name.c_str(), kDirFlags)};
  if (!fd) throw base::sys_error(errno, "open {}", what);
  return fd;
}

// An extended attribute's value, or nullopt when it has none.
std::optional<std::string> xattr_of(int fd, const char* name) {
  for (int tries = 0; tries < 4; ++tries) {
    ssize_t n = ::fgetxattr(fd, name, nullptr, 0);
    if (n < 0) return std::nullopt;
    std::string v(static_cast<size_t>(n), '\0');
    n = ::fgetxattr(fd, name, v.data(), v.size());
    if (n >= 0) return v.substr(0, static_cast<size_t>(n));
    if (errno != ERANGE) return std::nullopt;  // it grew meanwhile: again
  }
  return std::nullopt;
}

// Every extended attribute `in` has, set on `out` where the kernel lets
// this process set it (trusted.* needs more than a user namespace's root).
void copy_xattrs(int in, int out) {
  ssize_t n = ::flistxattr(in, nullptr, 0);
  if (n <= 0) return;
  std::string list(static_cast<size_t>(n), '\0');
  n = ::flistxattr(in, list.data(), list.size());
  if (n <= 0) return;
  for (size_t at = 0; at < static_cast<size_t>(n);) {
    const char* name = list.c_str() + at;
    at += std::char_traits<char>::length(name) + 1;
    if (auto v = xattr_of(in, name)) (void)::fsetxattr(out, name, v->data(), v->size(), 0);
  }
}

void copy_data(int in, int out, const std::string& what) {
  for (;;) {
    ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, 1 << 30, 0);
    if (n > 0) continue;
    if (n == 0) return;
    if (errno == EINTR) continue;
    if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) throw base::sys_error(errno, "copy {}", what);
    break;
  }
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw base::sys_error(errno, "read {}", what);
    if (n == 0) return;
    if (!base::write_all(out, std::string_view(buf, static_cast<size_t>(n)))) throw base::sys_error(errno, "write {}", what);
  }
}

struct Copier {
  std::string what;
  int to_root;
  std::map<std::pair<dev_t, ino_t>, std::string> linked;  // a file of several links: its first copy's path

  // Owner, then mode (a chown clears set-id bits), then the attributes
  // (it clears file capabilities too), times last.
  void finish(int in, int out, const struct stat& st, const std::string& rel) const {
    if (::fchown(out, st.st_uid, st.st_gid) < 0 && errno != EINVAL) throw base::sys_error(errno, "{}: chown {}", what, rel);
    if (::fchmod(out, st.st_mode & 07777) < 0) throw base::sys_error(errno, "{}: chmod {}", what, rel);
    copy_xattrs(in, out);
    struct timespec times[2] = {st.st_atim, st.st_mtim};
    (void)::futimens(out, times);
  }

  void finish_at(int to, const std::string& name, const struct stat& st) const {
    (void)::fchownat(to, name.c_str(), st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW);
    if (!S_ISLNK(st.st_mode)) (void)::fchmodat(to, name.c_str(), st.st_mode & 07777, 0);
    struct timespec times[2] = {st.st_atim, st.st_mtim};
    (void)::utimensat(to, name.c_str(), times, AT_SYMLINK_NOFOLLOW);
  }

  void dir(int from, int to, const std::string& rel, int depth) {
    if (depth > kMaxDepth) throw base::error("{}: directories nested more than {} deep", what, kMaxDepth);
    for (const auto& name : names_in(from, what + ": " + (rel.empty() ? "/" : rel))) {
      entry(from, to, name, rel.empty() ? name : rel + "/" + name, depth);
    }
  }

  void entry(int from, int to, const std::string& name, const std::string& rel, int depth) {
    struct stat st;
    if (::fstatat(from, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) < 0) throw base::sys_error(errno, "{}: stat {}", what, rel);
    if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) {
      auto [it, first] = linked.try_emplace({st.st_dev, st.st_ino}, rel);
      if (!first) {
        if (::linkat(to_root, it->second.c_str(), to, name.c_str(), 0) < 0) throw base::sys_error(errno, "{}: link {}", what, rel);
        return;
      }
    }
    if (S_ISDIR(st.st_mode)) {
      if (::mkdirat(to, name.c_str(), 0700) < 0) throw base::sys_error(errno, "{}: mkdir {}", what, rel);
      base::UniqueFd in = open_dir_at(from, name, rel), out = open_dir_at(to, name, rel);
      dir(in.get(), out.get(), rel, depth + 1);
      finish(in.get(), out.get(), st, rel);
    } else if (S_ISREG(st.st_mode)) {
      base::UniqueFd in{::openat(from, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
      if (!in) throw base::sys_error(errno, "{}: open {}", what, rel);
      base::UniqueFd out{::openat(to, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)};
      if (!out) throw base::sys_error(errno, "{}: create {}", what, rel);
      copy_data(in.get(), out.get(), rel);
      finish(in.get(), out.get(), st, rel);
    } else if (S_ISLNK(st.st_mode)) {
      char link[PATH_MAX];
      ssize_t n = ::readlinkat(from, name.c_str(), link, sizeof link - 1);
      if (n < 0) throw base::sys_error(errno, "{}: read the link {}", what, rel);
      link[n] = '\0';
      if (::symlinkat(link, to, name.c_str()) < 0) throw base::sys_error(errno, "{}: symlink {}", what, rel);
      finish_at(to, name, st);
    } else if (!S_ISSOCK(st.st_mode)) {
      if (::mknodat(to, name.c_str(), (st.st_mode & S_IFMT) | 0600, st.st_rdev) < 0) {
        if (errno == EPERM && !S_ISFIFO(st.st_mode)) return;  // a device a user namespace may not make
        throw base::sys_error(errno, "{}: mknod {}", what, rel);
      }
      finish_at(to, name, st);
    }
  }
};

// containers/storage's statDifferent: a directory's size is no measure
// of change; times equal, or the same second with one side's nanoseconds
// lost.
bool differs(const struct stat& a, const struct stat& b) {
  bool same_time = (a.st_mtim.tv_sec == b.st_mtim.tv_sec) &&
                   (a.st_mtim.tv_nsec == b.st_mtim.tv_nsec || a.st_mtim.tv_nsec == 0 || b.st_mtim.tv_nsec == 0);
  return a.st_mode != b.st_mode || a.st_uid != b.st_uid || a.st_gid != b.st_gid || a.st_rdev != b.st_rdev || !same_time ||
         (!S_ISDIR(a.st_mode) && a.st_size != b.st_size);
}

std::optional<std::string> capability_of(int dir, const std::string& name) {
  base::UniqueFd f{::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)};
  return f ? xattr_of(f.get(), "security.capability") : std::nullopt;
}

struct Comparer {
  std::string what;
  std::vector<TreeChange>& out;

  // c/storage's addChanges: `added` says the directory itself is already
  // listed (added or changed).
  void dir(int before, int after, const std::string& path, bool added, int depth) {
    if (depth > kMaxDepth) throw base::error("{}: directories nested more than {} deep", what, kMaxDepth);
    size_t at = out.size();
    std::vector<std::string> names = names_in(after, what), old = before >= 0 ? names_in(before, what) : std::vector<std::string>{};
    for (const auto& name : names) {
      struct stat now, was;
      if (::fstatat(after, name.c_str(), &now, AT_SYMLINK_NOFOLLOW) < 0) {
        if (errno == ENOENT) continue;  // gone meanwhile (a running container's)
        throw base::sys_error(errno, "{}: stat {}/{}", what, path, name);
      }
      std::string p = path + "/" + name;
      bool had = before >= 0 && ::fstatat(before, name.c_str(), &was, AT_SYMLINK_NOFOLLOW) == 0;
      bool listed = true;
      if (!had) {
        out.push_back({'A', p});
      } else if (differs(was, now) ||
                 (S_ISREG(now.st_mode) && S_ISREG(was.st_mode) && capability_of(before, name) != capability_of(after, name))) {
        out.push_back({'C', p});
      } else {
        listed = false;
      }
      if (!S_ISDIR(now.st_mode)) continue;
      base::UniqueFd sub_after{::openat(after, name.c_str(), kDirFlags)};
      if (!sub_after) continue;  // replaced meanwhile
      base::UniqueFd sub_before;
      if (had && S_ISDIR(was.st_mode)) sub_before = open_dir_at(before, name, what + ": " + p);
      dir(sub_before ? sub_before.get() : -1, sub_after.get(), p, listed, depth + 1);
    }
    for (const auto& name : old) {
      if (!std::binary_search(names.begin(), names.end(), name)) out.push_back({'D', path + "/" + name});
    }
    if (out.size() > at && !added && !path.empty()) out.insert(out.begin() + static_cast<long>(at), TreeChange{'C', path});
  }
};

}  // namespace

std::pair<base::UniqueFd, std::string> parent_in(int root, const std::string& path) {
  size_t slash = path.rfind('/');
  std::string parent = slash == std::string::npos ? "" : path.substr(0, slash), name = path.substr(slash + 1);
  while (!parent.empty() && parent.front() == '/') parent.erase(0, 1);
  base::UniqueFd fd{parent.empty() ? ::fcntl(root, F_DUPFD_CLOEXEC, 0) : base::open_in_root(root, parent.c_str(), O_PATH | O_DIRECTORY)};
  return {std::move(fd), name};
}

void copy_root(int from, int to, const std::string& what) {
  struct stat st;
  if (::fstat(from, &st) < 0) throw base::sys_error(errno, "{}: stat", what);
  Copier c{what, to, {}};
  c.dir(from, to, "", 0);
  c.finish(from, to, st, "/");
}

std::vector<TreeChange> tree_changes(int before, int after, const std::string& what) {
  std::vector<TreeChange> out;
  Comparer{what, out}.dir(before, after, "", true, 0);
  return out;
}

uint64_t changes_size(int after, const std::vector<TreeChange>& changes) {
  uint64_t total = 0;
  std::set<std::pair<dev_t, ino_t>> seen;
  for (const auto& ch : changes) {
    if (ch.kind == 'D') continue;
    auto [parent, name] = parent_in(after, ch.path);
    struct stat st;
    if (!parent || ::fstatat(parent.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) < 0 || S_ISDIR(st.st_mode)) continue;
    if (st.st_nlink > 1 && !seen.insert({st.st_dev, st.st_ino}).second) continue;
    total += static_cast<uint64_t>(st.st_size);
  }
  return total;
}

}  // namespace image
