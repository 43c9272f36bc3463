// SPDX-License-Identifier: GPL-2.0-or-later
// launch/tree_ops.cc: chown and copy of a tree in the child.
#include "launch/tree_ops.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "rootless/id_mapping.h"

namespace launch {

namespace {

constexpr int kMaxDepth = 64;

struct LinuxDirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

bool dot_or_dotdot(const char* name) { return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')); }

// Calls `each(name, d_type)` for every entry of `dir` but . and ..;
// stops at the first false.
template <typename F>
bool for_each_entry(int dir, F each) {
  alignas(8) char buf[1024];
  for (;;) {
    long n = ::syscall(SYS_getdents64, dir, buf, sizeof buf);
    if (n < 0) return false;
    if (n == 0) return true;
    for (long at = 0; at < n;) {
      auto* e = reinterpret_cast<LinuxDirent64*>(buf + at);
      at += e->d_reclen;
      if (!dot_or_dotdot(e->d_name) && !each(e->d_name, e->d_type)) return false;
    }
  }
}

// A subdirectory opened, walked with `level`, closed.
template <typename F>
bool in_subdir(int dir, const char* name, F level) {
  int sub = ::openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (sub < 0) return false;
  bool ok = level(sub);
  int err = errno;
  ::close(sub);
  errno = err;
  return ok;
}

bool chown_level(int dir, uid_t uid, gid_t gid, int depth) {
  if (::fchown(dir, uid, gid) < 0) return false;
  if (depth >= kMaxDepth) {
    errno = ELOOP;
    return false;
  }
  return for_each_entry(dir, [&](const char* name, unsigned char type) {
    if (type == DT_DIR) return in_subdir(dir, name, [&](int sub) { return chown_level(sub, uid, gid, depth + 1); });
    return ::fchownat(dir, name, uid, gid, AT_SYMLINK_NOFOLLOW) == 0;
  });
}

// One entry (`name` in `dir`, or `dir` itself with name "").
bool shift_entry(int dir, const char* name, const std::vector<rootless::IdRange>& uids, const std::vector<rootless::IdRange>& gids) {
  int flags = AT_SYMLINK_NOFOLLOW | (*name ? 0 : AT_EMPTY_PATH);
  struct stat st;
  if (::fstatat(dir, name, &st, flags) < 0 ||
      ::fchownat(dir, name, rootless::mapped_id(uids, st.st_uid).value_or(st.st_uid), rootless::mapped_id(gids, st.st_gid).value_or(st.st_gid), flags) < 0) {
    return false;
  }
  // The chown cleared a file's set-id bits.
  if (S_ISREG(st.st_mode) && (st.st_mode & 06000)) return ::fchmodat(dir, name, st.st_mode & 07777, 0) == 0;
  return true;
}

bool shift_level(int dir, const std::vector<rootless::IdRange>& uids, const std::vector<rootless::IdRange>& gids, int depth) {
  if (!shift_entry(dir, "", uids, gids)) return false;
  if (depth >= kMaxDepth) {
    errno = ELOOP;
    return false;
  }
  return for_each_entry(dir, [&](const char* name, unsigned char type) {
    if (type == DT_DIR) return in_subdir(dir, name, [&](int sub) { return shift_level(sub, uids, gids, depth + 1); });
    return shift_entry(dir, name, uids, gids);
  });
}

bool copy_file(int from, int to, const char* name, const struct stat& st) {
  int in = ::openat(from, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (in < 0) return false;
  int out = ::openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 07777);
  bool ok = out >= 0;
  for (off_t left = st.st_size; ok && left > 0;) {
    ssize_t n = ::sendfile(out, in, nullptr, static_cast<size_t>(left > (1 << 30) ? (1 << 30) : left));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = n == 0;  // it shrank meanwhile: what there is
      break;
    }
    left -= n;
  }
  int err = errno;
  ::close(in);
  if (out >= 0) ::close(out);
  errno = err;
  return ok;
}

bool copy_level(int from, int to, int depth) {
  if (depth >= kMaxDepth) {
    errno = ELOOP;
    return false;
  }
  return for_each_entry(from, [&](const char* name, unsigned char) {
    struct stat st;
    if (::fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) < 0) return false;
    if (S_ISDIR(st.st_mode)) {
      if (::mkdirat(to, name, st.st_mode & 07777) < 0) return false;
      bool ok = in_subdir(from, name, [&](int sub_from) {
        return in_subdir(to, name, [&](int sub_to) { return copy_level(sub_from, sub_to, depth + 1); });
      });
      if (!ok) return false;
    } else if (S_ISREG(st.st_mode)) {
      if (!copy_file(from, to, name, st)) return false;
    } else if (S_ISLNK(st.st_mode)) {
      char link[PATH_MAX];
      ssize_t n = ::readlinkat(from, name, link, sizeof link - 1);
      if (n < 0) return false;
      link[n] = '\0';
      if (::symlinkat(link, to, name) < 0) return false;
    } else {
      return true;  // devices, FIFOs, sockets: not copied
    }
    // Owners where they map (an unmapped one stays the copier's), the
    // mode whatever the umask, then times.
    (void)::fchownat(to, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW);
    if (!S_ISLNK(st.st_mode) && ::fchmodat(to, name, st.st_mode & 07777, 0) < 0) return false;
    struct timespec times[2] = {st.st_atim, st.st_mtim};
    (void)::utimensat(to, name, times, AT_SYMLINK_NOFOLLOW);
    return true;
  });
}

}  // namespace

bool chown_tree(int dir, uid_t uid, gid_t gid) { return chown_level(dir, uid, gid, 0); }

bool copy_tree(int from, int to) { return copy_level(from, to, 0); }

bool shift_tree(int dir, const std::vector<rootless::IdRange>& uids, const std::vector<rootless::IdRange>& gids) {
  return shift_level(dir, uids, gids, 0);
}

}  // namespace launch
