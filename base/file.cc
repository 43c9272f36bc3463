// SPDX-License-Identifier: GPL-2.0-or-later
// base/file.cc: atomic writes, reads, directories and locks.
#include "base/file.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "base/error.h"
#include "base/process_id.h"
#include "base/random.h"
#include "base/root_dir.h"
#include "base/scope.h"

namespace base {

namespace {

std::string dir_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

void write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw sys_error(errno, "write {}", path);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
}

// The rename of `path` is durable only once its directory entry is.
bool sync_dir(const std::string& path) {
  UniqueFd dir{::open(dir_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  return dir && ::fsync(dir.get()) == 0;
}

std::string temp_name(const std::string& path) {
  return fmt::format("{}.tmp-{}-{:x}", path, ::getpid(), random_u64() & 0xffffff);
}

}  // namespace

void write_file_atomic(const std::string& path, std::string_view content, mode_t mode, bool durable) {
  std::string tmp = temp_name(path);
  UniqueFd fd{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)};
  if (!fd) throw sys_error(errno, "create {}", tmp);
  auto undo = on_failure([&] { ::unlink(tmp.c_str()); });
  // The umask must not narrow what the caller asked for.
  if (::fchmod(fd.get(), mode) < 0) throw sys_error(errno, "chmod {}", tmp);
  write_all(fd.get(), content, tmp);
  if (durable && ::fsync(fd.get()) < 0) throw sys_error(errno, "fsync {}", tmp);
  fd.reset();
  if (::rename(tmp.c_str(), path.c_str()) < 0) throw sys_error(errno, "rename {} to {}", tmp, path);
  undo.dismiss();
  if (durable) sync_dir(path);
}

bool make_durable(const std::string& path) {
  UniqueFd fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  return fd && ::fsync(fd.get()) == 0 && sync_dir(path);
}

void overwrite_file(const std::string& path, std::string_view content, mode_t mode) {
  UniqueFd fd{::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, mode)};
  if (!fd) throw sys_error(errno, "open {}", path);
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::pwrite(fd.get(), content.data() + done, content.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw sys_error(errno, "write {}", path);
    done += static_cast<size_t>(n);
  }
  // Cut what a longer old content left; never to zero (see the header).
  if (::ftruncate(fd.get(), static_cast<off_t>(content.size())) < 0) throw sys_error(errno, "truncate {}", path);
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void read_chunks(int fd, const std::string& what, const std::function<void(std::string_view)>& chunk) {
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw sys_error(errno, "read {}", what);
    if (n == 0) return;
    chunk({buf, static_cast<size_t>(n)});
  }
}

std::optional<std::string> read_file(const std::string& path) {
  UniqueFd fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (!fd) {
    if (errno == ENOENT) return std::nullopt;
    throw sys_error(errno, "open {}", path);
  }
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw sys_error(errno, "read {}", path);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

void ensure_dir(const std::string& path, mode_t mode) {
  if (path.empty()) return;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw sys_error(ENOTDIR, "create directory {}", path);
    return;
  }
  std::string parent = dir_of(path);
  if (parent != path && parent != "." && parent != "/") ensure_dir(parent, mode);
  if (::mkdir(path.c_str(), mode) < 0 && errno != EEXIST) {
    throw sys_error(errno, "create directory {}", path);
  }
}

std::vector<std::string> list_dir(const std::string& path) {
  std::vector<std::string> out;
  DIR* d = ::opendir(path.c_str());
  if (!d) return out;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") out.push_back(std::move(name));
  }
  ::closedir(d);
  return out;
}

void remove_file(const std::string& path) {
  if (::unlink(path.c_str()) < 0 && errno != ENOENT) throw sys_error(errno, "remove {}", path);
}

namespace {
UniqueFd open_lock(const std::string& path) {
  UniqueFd fd{::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)};
  if (!fd) throw sys_error(errno, "open lock {}", path);
  return fd;
}
int lock_op(FileLock::Mode mode) { return mode == FileLock::Mode::shared ? LOCK_SH : LOCK_EX; }
}  // namespace

FileLock FileLock::acquire(const std::string& path, Mode mode) {
  UniqueFd fd = open_lock(path);
  while (::flock(fd.get(), lock_op(mode)) < 0) {
    if (errno != EINTR) throw sys_error(errno, "lock {}", path);
  }
  return FileLock(std::move(fd));
}

std::optional<FileLock> FileLock::try_acquire(const std::string& path, Mode mode) {
  UniqueFd fd = open_lock(path);
  if (::flock(fd.get(), lock_op(mode) | LOCK_NB) < 0) {
    if (errno == EWOULDBLOCK) return std::nullopt;
    throw sys_error(errno, "lock {}", path);
  }
  return FileLock(std::move(fd));
}

namespace {

// Something removed meanwhile (by a concurrent removal) is as good as removed here.
int remove_one(const char* p, const struct stat*, int type, FTW*) {
  int rc = type == FTW_DP || type == FTW_DNR ? ::rmdir(p) : ::unlink(p);
  return rc < 0 && errno == ENOENT ? 0 : rc;
}

}  // namespace

void remove_tree(const std::string& path) {
  if (::nftw(path.c_str(), remove_one, 32, FTW_DEPTH | FTW_PHYS) < 0 && errno != ENOENT) {
    throw sys_error(errno, "remove {}", path);
  }
}

namespace {

void open_owned_dirs_at(int parent, const char* name, uid_t owner, int depth) {
  if (depth > 256) return;
  UniqueFd dir{::openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
  struct stat st;
  if (!dir && errno == EACCES && ::fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode) &&
      st.st_uid == owner && ::fchmodat(parent, name, (st.st_mode & 07777) | 0700, 0) == 0) {
    dir.reset(::openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  }
  if (!dir) return;
  std::vector<std::string> names;
  try {
    names = names_at(dir.get(), "a directory to open it");
  } catch (const Error&) {
    return;
  }
  for (const auto& n : names) {
    if (::fstatat(dir.get(), n.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)) {
      open_owned_dirs_at(dir.get(), n.c_str(), owner, depth + 1);
    }
  }
}

}  // namespace

void open_owned_dirs(const std::string& path, uid_t owner) { open_owned_dirs_at(AT_FDCWD, path.c_str(), owner, 0); }

void sweep_temp_files(const std::string& dir) {
  for (const auto& name : list_dir(dir)) {
    auto at = name.rfind(".tmp-");
    if (at == std::string::npos) continue;
    std::string rest = name.substr(at + 5);
    auto dash = rest.find('-');
    auto writer = ProcessId::parse(rest.substr(0, dash));
    if (dash == std::string::npos || !writer || writer->alive()) continue;
    ::unlink((dir + "/" + name).c_str());
  }
}

namespace {
thread_local uint64_t tree_bytes = 0;
int add_size(const char*, const struct stat* st, int type, struct FTW*) {
  if (type == FTW_F && S_ISREG(st->st_mode)) tree_bytes += static_cast<uint64_t>(st->st_size);
  return 0;
}
}  // namespace

uint64_t tree_size(const std::string& path) {
  tree_bytes = 0;
  ::nftw(path.c_str(), add_size, 32, FTW_PHYS);
  return tree_bytes;
}

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw sys_error(errno, "create a pipe");
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

std::string working_dir() {
  char buf[PATH_MAX];
  if (!::getcwd(buf, sizeof buf)) throw sys_error(errno, "getcwd");
  return buf;
}

}  // namespace base
