// SPDX-License-Identifier: GPL-2.0-or-later
// base/root_dir.cc: openat2 in a root, and the *at calls around it.
#include "base/root_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

#include "base/error.h"

namespace base {

namespace {

constexpr uint64_t kResolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;

bool absent(int err) { return err == ENOENT || err == ENOTDIR; }

// `rel` without leading slashes or "./", for messages and for splitting.
std::string trimmed(const std::string& rel) {
  size_t at = 0;
  for (;;) {
    if (rel.compare(at, 1, "/") == 0) ++at;
    else if (rel.compare(at, 2, "./") == 0) at += 2;
    else break;
  }
  std::string out = rel.substr(at);
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out == "." || out == "/" ? "" : out;
}

}  // namespace

int open_in_root(int root, const char* rel, int flags, mode_t mode) {
  open_how how{};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.mode = (flags & O_CREAT) ? mode : 0;
  how.resolve = kResolve;
  const char* path = rel[0] ? rel : ".";
  for (;;) {
    long fd = ::syscall(SYS_openat2, root, path, &how, sizeof how);
    // The kernel asks for a retry when a rename raced the lookup.
    if (fd < 0 && errno == EAGAIN) continue;
    return static_cast<int>(fd);
  }
}

namespace {

// A dangling symlink at path[at, end) in `parent`: the path, made to go
// where it points (inside the root, as the kernel resolves it there), in
// `path` itself. False with errno when it is no symlink or too long.
bool follow_dangling(int parent, char (&path)[PATH_MAX], size_t at, size_t end, const char* name) {
  char link[PATH_MAX], next[PATH_MAX];
  ssize_t n = ::readlinkat(parent, name, link, sizeof link - 1);
  if (n <= 0) {
    errno = ENOENT;
    return false;
  }
  size_t keep = link[0] == '/' ? 0 : at, rest = ::strlen(path + end);
  if (keep + static_cast<size_t>(n) + rest >= sizeof next) {
    errno = ENAMETOOLONG;
    return false;
  }
  ::memcpy(next, path, keep);
  ::memcpy(next + keep, link, static_cast<size_t>(n));
  ::memcpy(next + keep + static_cast<size_t>(n), path + end, rest + 1);
  ::memcpy(path, next, sizeof next);
  return true;
}

}  // namespace

int make_dirs_in_root(int root, const char* rel, mode_t mode, bool follow) {
  char path[PATH_MAX], prefix[PATH_MAX];
  size_t len = ::strlen(rel);
  if (len >= sizeof path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  ::memcpy(path, rel, len + 1);
  // Each prefix in turn, resolved from the root: a symlink on the way is
  // followed inside it; a missing component is made in its parent, and
  // (`follow`) a dangling symlink's target is made, inside the root too.
  int hops = 0;
restart:
  len = ::strlen(path);
  int parent = ::fcntl(root, F_DUPFD_CLOEXEC, 0);
  if (parent < 0) return -1;
  size_t at = 0;
  while (at < len) {
    while (at < len && path[at] == '/') ++at;
    if (at == len) break;
    size_t end = at;
    while (end < len && path[end] != '/') ++end;
    ::memcpy(prefix, path, end);
    prefix[end] = '\0';
    int fd = open_in_root(root, prefix, O_PATH | O_DIRECTORY);
    if (fd < 0 && errno == ENOENT) {
      char name[NAME_MAX + 1];
      if (end - at > NAME_MAX) {
        errno = ENAMETOOLONG;
      } else {
        ::memcpy(name, path + at, end - at);
        name[end - at] = '\0';
        if (::mkdirat(parent, name, mode) == 0 || errno == EEXIST) fd = open_in_root(root, prefix, O_PATH | O_DIRECTORY);
        if (fd < 0 && errno == ENOENT && follow) {
          if (++hops > 40) {
            errno = ELOOP;
          } else if (follow_dangling(parent, path, at, end, name)) {
            ::close(parent);
            goto restart;
          }
        }
      }
    }
    int err = errno;
    ::close(parent);
    if (fd < 0) {
      errno = err;
      return -1;
    }
    parent = fd;
    at = end;
  }
  return parent;
}

RootDir::RootDir(const std::string& path) : path_(path) {
  fd_.reset(::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!fd_) throw sys_error(errno, "open {}", path);
}

std::optional<UniqueFd> RootDir::open(const std::string& rel, int flags, mode_t mode) const {
  UniqueFd fd{open_in_root(fd_.get(), rel.c_str(), flags, mode)};
  if (fd) return fd;
  if (absent(errno)) return std::nullopt;
  throw sys_error(errno, "open {} in {}", trimmed(rel), path_);
}

UniqueFd RootDir::make_dirs(const std::string& rel, mode_t mode) const {
  UniqueFd fd{make_dirs_in_root(fd_.get(), rel.c_str(), mode)};
  if (!fd) throw sys_error(errno, "create the directory {} in {}", trimmed(rel), path_);
  return fd;
}

std::optional<RootDir::Entry> RootDir::parent(const std::string& rel, bool create, mode_t mode) const {
  std::string path = trimmed(rel);
  size_t slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash);
  if (name.empty() || name == "." || name == "..") throw error("\"{}\" names no file in {}", rel, path_);
  if (create) return Entry{make_dirs(dir, mode), name};
  auto fd = open(dir, O_PATH | O_DIRECTORY);
  if (!fd) return std::nullopt;
  return Entry{std::move(*fd), name};
}

bool RootDir::exists(const std::string& rel) const {
  return open(rel, O_PATH | O_NOFOLLOW).has_value();
}

std::optional<UniqueFd> RootDir::open_regular(const std::string& rel) const {
  // O_PATH opens nothing (no FIFO waits, no device's open); the file is
  // reopened for reading only once it is known to be a regular file.
  auto handle = open(rel, O_PATH);
  if (!handle) return std::nullopt;
  struct stat st;
  if (::fstat(handle->get(), &st) < 0) throw sys_error(errno, "stat {} in {}", trimmed(rel), path_);
  if (!S_ISREG(st.st_mode)) throw error("{} in {} is not a regular file", trimmed(rel), path_);
  std::string self = "/proc/self/fd/" + std::to_string(handle->get());
  UniqueFd fd{::open(self.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
  if (!fd) throw sys_error(errno, "open {} in {}", trimmed(rel), path_);
  return fd;
}

std::optional<std::string> RootDir::read_regular(const std::string& rel, size_t max) const {
  auto fd = open_regular(rel);
  if (!fd) return std::nullopt;
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd->get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw sys_error(errno, "read {} in {}", trimmed(rel), path_);
    if (n == 0) return out;
    if (out.size() + static_cast<size_t>(n) > max) throw error("{} in {} is larger than {} bytes", trimmed(rel), path_, max);
    out.append(buf, static_cast<size_t>(n));
  }
}

std::vector<std::string> names_at(int dir, std::string_view what) {
  int copy = ::openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* d = copy < 0 ? nullptr : ::fdopendir(copy);
  if (!d) {
    int err = errno;
    if (copy >= 0) ::close(copy);
    throw sys_error(err, "read {}", what);
  }
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") names.push_back(std::move(n));
  }
  ::closedir(d);
  return names;
}

void clear_dir_at(int dir, const std::function<bool(const std::string&)>& keep) {
  for (const auto& n : names_at(dir, "a directory to clear it")) {
    if (!(keep && keep(n))) remove_at(dir, n);
  }
}

void remove_at(int dir, const std::string& name) {
  if (::unlinkat(dir, name.c_str(), 0) == 0 || errno == ENOENT) return;
  if (errno != EISDIR && errno != EPERM) throw sys_error(errno, "remove {}", name);
  // A directory: its contents first, through an fd that cannot have
  // followed a symlink.
  UniqueFd sub{::openat(dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
  if (!sub) throw sys_error(errno, "remove {}", name);
  clear_dir_at(sub.get());
  if (::unlinkat(dir, name.c_str(), AT_REMOVEDIR) < 0 && errno != ENOENT) throw sys_error(errno, "remove {}", name);
}

}  // namespace base
