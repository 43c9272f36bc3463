// SPDX-License-Identifier: GPL-2.0-or-later
// image/tar_writer.cc: libarchive's pax writer over an fd walk.
#include "image/tar_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <vector>

#include "base/error.h"
#include "base/fd.h"
#include "base/root_dir.h"
#include "image/archive_lib.h"
#include "image/vfs_tree.h"

namespace image {

namespace {

constexpr int kMaxDepth = 256;

struct Writer {
  const ArchiveLib& lib;
  archive* a;
  std::string what;
  bool diff = false;  // an overlay upper dir as a layer: whiteouts as .wh. files
  const TarOwners* owners = nullptr;  // the upper's (not the lower's) owners as the image shows them
  mutable bool lower_only = false;    // walking what the lower alone has

  void check(int rc, const std::string& doing) const {
    if (rc < ARCHIVE_WARN) throw base::error("{}: {}: {}", what, doing, lib.error_string(a) ? lib.error_string(a) : "failed");
  }

  void entry(const std::string& path, const struct stat& st, int fd, const std::string& link) const {
    std::unique_ptr<archive_entry, decltype(lib.entry_free)> e(lib.entry_new(), lib.entry_free);
    lib.entry_set_pathname(e.get(), path.c_str());
    lib.entry_set_filetype(e.get(), st.st_mode & S_IFMT);
    lib.entry_set_perm(e.get(), st.st_mode & 07777);
    uint32_t uid = st.st_uid, gid = st.st_gid;
    if (owners && *owners && !lower_only) (*owners)(uid, gid);
    lib.entry_set_uid(e.get(), uid);
    lib.entry_set_gid(e.get(), gid);
    lib.entry_set_mtime(e.get(), st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    lib.entry_set_size(e.get(), S_ISREG(st.st_mode) ? st.st_size : 0);
    if (S_ISLNK(st.st_mode)) lib.entry_set_symlink(e.get(), link.c_str());
    check(lib.write_header(a, e.get()), "write the header of " + path);
    if (!S_ISREG(st.st_mode)) return;
    char buf[1 << 16];
    for (off_t left = st.st_size; left > 0;) {
      ssize_t n = ::read(fd, buf, static_cast<size_t>(std::min<off_t>(left, sizeof buf)));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw base::sys_error(errno, "read {}", path);
      if (n == 0) throw base::error("{} shrank while it was written", path);
      if (lib.write_data(a, buf, static_cast<size_t>(n)) != n) check(ARCHIVE_FATAL, "write " + path);
      left -= n;
    }
  }

  // One directory entry and what is under it. `upper_dir` (overlay mode):
  // the name is also looked up there, the upper's copy winning and its
  // whiteouts hiding the lower's.
  void item(int dir, const std::string& name, const std::string& path, int depth, bool recurse = true) const {
    struct stat st;
    if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) < 0) throw base::sys_error(errno, "stat {}", path);
    if (S_ISDIR(st.st_mode)) {
      base::UniqueFd sub{::openat(dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
      if (!sub) throw base::sys_error(errno, "open {}", path);
      entry(path + "/", st, -1, "");
      if (diff && opaque(sub.get())) empty_file(path + "/.wh..wh..opq");
      if (recurse) tree(sub.get(), -1, path, depth + 1);
    } else if (S_ISREG(st.st_mode)) {
      base::UniqueFd f{::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
      if (!f) throw base::sys_error(errno, "open {}", path);
      entry(path, st, f.get(), "");
    } else if (S_ISLNK(st.st_mode)) {
      std::string link(static_cast<size_t>(st.st_size) + 1, '\0');
      ssize_t n = ::readlinkat(dir, name.c_str(), link.data(), link.size());
      if (n < 0) throw base::sys_error(errno, "read the link {}", path);
      link.resize(static_cast<size_t>(n));
      entry(path, st, -1, link);
    } else if (diff && whiteout(st)) {
      auto slash = path.rfind('/');
      empty_file(slash == std::string::npos ? ".wh." + path : path.substr(0, slash + 1) + ".wh." + path.substr(slash + 1));
    }
  }

  static bool whiteout(const struct stat& st) { return S_ISCHR(st.st_mode) && st.st_rdev == 0; }

  // overlayfs marks a directory that hides the lower one's content.
  static bool opaque(int dir) {
    char v[2];
    for (const char* attr : {"trusted.overlay.opaque", "user.overlay.opaque"}) {
      if (::fgetxattr(dir, attr, v, sizeof v) == 1 && v[0] == 'y') return true;
    }
    return false;
  }

  void empty_file(const std::string& path) const {
    struct stat st{};
    st.st_mode = S_IFREG | 0644;
    entry(path, st, -1, "");
  }

  static std::vector<std::string> names_of(int dir, const std::string& what) {
    return dir < 0 ? std::vector<std::string>{} : base::names_at(dir, what);
  }

  // `dir`, or (merge mode) `upper` over `lower` (-1: none) as overlayfs
  // shows them.
  void tree(int dir, int lower, const std::string& prefix, int depth) const {
    if (depth > kMaxDepth) throw base::error("{}: directories nested more than {} deep", what, kMaxDepth);
    std::vector<std::string> names = names_of(dir, prefix), below = names_of(lower, prefix);
    for (const auto& n : below) {
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
    std::sort(names.begin(), names.end());  // the same tree, the same stream
    for (const auto& name : names) {
      std::string path = prefix.empty() ? name : prefix + "/" + name;
      struct stat up;
      bool in_upper = dir >= 0 && ::fstatat(dir, name.c_str(), &up, AT_SYMLINK_NOFOLLOW) == 0;
      if (!in_upper) {
        bool was = lower_only;
        lower_only = true;
        item(lower, name, path, depth);  // the lower's alone
        lower_only = was;
        continue;
      }
      if (lower < 0 || diff) {
        item(dir, name, path, depth);
        continue;
      }
      if (whiteout(up)) continue;  // merged: hidden
      if (!S_ISDIR(up.st_mode)) {
        item(dir, name, path, depth);
        continue;
      }
      base::UniqueFd sub{::openat(dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
      if (!sub) throw base::sys_error(errno, "open {}", path);
      base::UniqueFd low;
      struct stat lst;
      if (!opaque(sub.get()) && ::fstatat(lower, name.c_str(), &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(lst.st_mode)) {
        low.reset(::openat(lower, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      }
      entry(path + "/", up, -1, "");
      tree(sub.get(), low ? low.get() : -1, path, depth + 1);
    }
  }
};

}  // namespace

TarOut::TarOut(int fd, std::string what) : a_(archive_lib().write_new()), what_(std::move(what)) {
  Writer w{archive_lib(), a_, what_};
  w.check(archive_lib().write_set_format_pax_restricted(a_), "set the format");
  w.check(archive_lib().write_open_fd(a_, fd), "open");
}

TarOut::~TarOut() { archive_lib().write_free(a_); }

void TarOut::header(const std::string& path, unsigned type, uint64_t size, unsigned mode) {
  const ArchiveLib& lib = archive_lib();
  std::unique_ptr<archive_entry, decltype(lib.entry_free)> e(lib.entry_new(), lib.entry_free);
  lib.entry_set_pathname(e.get(), path.c_str());
  lib.entry_set_filetype(e.get(), type);
  lib.entry_set_perm(e.get(), mode);
  lib.entry_set_mtime(e.get(), 0, 0);
  lib.entry_set_size(e.get(), static_cast<la_int64_t>(size));
  Writer{lib, a_, what_}.check(lib.write_header(a_, e.get()), "write the header of " + path);
}

void TarOut::dir(const std::string& path) { header(path, AE_IFDIR, 0, 0755); }

void TarOut::file(const std::string& path, uint64_t size,
                  const std::function<void(const std::function<void(std::string_view)>&)>& fill) {
  header(path, AE_IFREG, size, 0644);
  uint64_t written = 0;
  fill([&](std::string_view data) {
    written += data.size();
    if (written > size) throw base::error("{}: {} is larger than {} bytes", what_, path, size);
    if (archive_lib().write_data(a_, data.data(), data.size()) != static_cast<la_ssize_t>(data.size())) {
      Writer{archive_lib(), a_, what_}.check(ARCHIVE_FATAL, "write " + path);
    }
  });
  if (written != size) throw base::error("{}: {} is {} bytes, not {}", what_, path, written, size);
}

void TarOut::file(const std::string& path, std::string_view content) {
  file(path, content.size(), [&](const auto& put) { put(content); });
}

void TarOut::close() {
  Writer{archive_lib(), a_, what_}.check(archive_lib().write_close(a_), "finish");
}

namespace {

// A walk of `dir` (over `lower`, or as a layer with `diff`) as one stream.
void walk_to_tar(int dir, int lower, bool diff, int out, const std::string& what, const TarOwners* owners = nullptr) {
  TarOut tar(out, what);
  Writer{archive_lib(), tar.handle(), what, diff, owners}.tree(dir, lower, "", 0);
  tar.close();
}

}  // namespace

void write_tree_tar(int dir, int out, const std::string& what) { walk_to_tar(dir, -1, false, out, what); }

void write_open_tar(int fd, const std::string& as, int out, const std::string& what) {
  struct stat st;
  if (::fstat(fd, &st) < 0) throw base::sys_error(errno, "stat {}", what);
  if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) throw base::error("{}: not a regular file or a directory", what);
  TarOut tar(out, what);
  Writer w{archive_lib(), tar.handle(), what};
  if (S_ISREG(st.st_mode)) {
    w.entry(as, st, fd, "");
  } else {
    if (!as.empty()) w.entry(as + "/", st, -1, "");
    w.tree(fd, -1, as, 1);
  }
  tar.close();
}

void write_overlay_tar(int upper, int lower, int out, const std::string& what, const TarOwners& owners) {
  walk_to_tar(upper, lower, lower < 0, out, what, &owners);
}

void write_changes_tar(int root, const std::vector<TreeChange>& changes, int out, const std::string& what, const TarOwners& owners) {
  std::vector<const TreeChange*> sorted;
  for (const auto& ch : changes) sorted.push_back(&ch);
  std::sort(sorted.begin(), sorted.end(), [](const TreeChange* a, const TreeChange* b) { return a->path < b->path; });
  TarOut tar(out, what);
  Writer w{archive_lib(), tar.handle(), what, false, &owners};
  for (const TreeChange* ch : sorted) {
    auto [dir, name] = parent_in(root, ch->path);
    std::string path = ch->path.substr(1);
    if (ch->kind == 'D') {
      w.empty_file(path.substr(0, path.size() - name.size()) + ".wh." + name);
    } else if (dir) {
      w.item(dir.get(), name, path, 0, false);  // what a running container removed meanwhile is left out
    }
  }
  tar.close();
}

}  // namespace image
