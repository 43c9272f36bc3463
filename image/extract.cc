// SPDX-License-Identifier: GPL-2.0-or-later
// image/extract.cc: tar entries made in a root with *at calls; a
// directory's mode, owner and times are set after its contents.
#include "image/extract.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <vector>

#include "base/error.h"
#include "base/log.h"
#include "image/archive_lib.h"

namespace image {

namespace {

struct Xattr {
  std::string name, value;
};

struct Meta {
  mode_t perm = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  timespec mtime{};
  std::vector<Xattr> xattrs;
};

struct PendingDir {
  std::string name;
  Meta meta;
};

class Extractor {
 public:
  Extractor(archive* in, const base::RootDir& root, const ExtractOptions& o) : in_(in), root_(root), o_(o) {}
  uint64_t run(const std::string& what);

 private:
  void entry(archive_entry* e, const std::string& name);
  void whiteout(const std::string& name, const std::string& base);
  void file(archive_entry* e, const base::RootDir::Entry& at, const Meta& m);
  void finish(int fd, const base::RootDir::Entry& at, const Meta& m, bool symlink);
  void directories();
  std::string placed(const std::string& name) const;

  archive* in_;
  const base::RootDir& root_;
  ExtractOptions o_;
  uint64_t size_ = 0;
  std::set<std::string> written_;  // this stream's names: an opaque whiteout keeps them
  std::vector<PendingDir> dirs_;
};

Meta meta_of(archive_entry* e) {
  const ArchiveLib& a = archive_lib();
  Meta m;
  m.perm = a.entry_perm(e) & 07777;
  m.uid = static_cast<uid_t>(a.entry_uid(e));
  m.gid = static_cast<gid_t>(a.entry_gid(e));
  m.mtime = {a.entry_mtime(e), a.entry_mtime_nsec(e)};
  a.entry_xattr_reset(e);
  const char* name;
  const void* value;
  size_t size;
  while (a.entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
    m.xattrs.push_back({name, std::string(static_cast<const char*>(value), size)});
  }
  return m;
}

// Whatever is at `at` goes, unless both it and the new entry are
// directories; without `overwrite`, a directory and a non-directory never
// replace each other.
bool clear_way(const base::RootDir::Entry& at, bool dir, bool overwrite) {
  struct stat st;
  if (::fstatat(at.dir.get(), at.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) < 0) return false;
  if (dir && S_ISDIR(st.st_mode)) return true;
  if (!overwrite && dir != S_ISDIR(st.st_mode)) {
    throw base::error("cannot overwrite {} with a {}", dir ? "non-directory" : "directory", dir ? "directory" : "non-directory");
  }
  base::remove_at(at.dir.get(), at.name);
  return false;
}

uint64_t Extractor::run(const std::string& what) {
  const ArchiveLib& a = archive_lib();
  archive_entry* e;
  int rc;
  while ((rc = a.read_next_header(in_, &e)) == ARCHIVE_OK) {
    const char* raw = a.entry_pathname(e);
    if (!raw) throw base::error("read {}: an entry with no name", what);
    std::string name = entry_name(raw);
    if (name.empty()) continue;  // "./": the root itself
    try {
      entry(e, placed(name));
    } catch (base::Error& err) {
      err.wrap("{} \"{}\"", o_.noun, name);
      throw;
    }
  }
  if (rc != ARCHIVE_EOF) throw base::error("read {}: {}", what, a.error_string(in_));
  directories();
  return size_;
}

void Extractor::entry(archive_entry* e, const std::string& name) {
  const ArchiveLib& a = archive_lib();
  std::string base = name.substr(name.rfind('/') + 1);
  if (o_.whiteouts && base.starts_with(".wh.")) return whiteout(name, base);
  mode_t type = a.entry_filetype(e);
  const char* hardlink = a.entry_hardlink(e);
  Meta m = meta_of(e);
  auto at = root_.parent(name, true);
  bool dir = type == AE_IFDIR && !hardlink;
  bool kept = clear_way(*at, dir, o_.overwrite);
  written_.insert(name);
  if (hardlink) {
    std::string target = entry_name(hardlink);
    if (!target.empty()) target = placed(target);
    auto from = root_.parent(target, false);
    if (target.empty() || !from || ::linkat(from->dir.get(), from->name.c_str(), at->dir.get(), at->name.c_str(), 0) < 0) {
      throw base::sys_error(from ? errno : ENOENT, "link to \"{}\"", target);
    }
    return;
  }
  switch (type) {
    case AE_IFDIR:
      if (!kept && ::mkdirat(at->dir.get(), at->name.c_str(), 0700) < 0) throw base::sys_error(errno, "create");
      dirs_.push_back({name, m});
      return;
    case AE_IFREG:
      return file(e, *at, m);
    case AE_IFLNK: {
      const char* target = a.entry_symlink(e);
      if (!target || !*target) throw base::error("a symlink with no target");
      if (::symlinkat(target, at->dir.get(), at->name.c_str()) < 0) throw base::sys_error(errno, "create");
      return finish(-1, *at, m, true);
    }
    case AE_IFIFO:
    case AE_IFCHR:
    case AE_IFBLK: {
      if (type != AE_IFIFO && !o_.devices) {
        LOG_DEBUG("layer entry {}: a device node, skipped", name);
        return;
      }
      dev_t dev = makedev(a.entry_rdevmajor(e), a.entry_rdevminor(e));
      if (::mknodat(at->dir.get(), at->name.c_str(), type | 0600, dev) < 0) throw base::sys_error(errno, "create");
      return finish(-1, *at, m, false);
    }
    default:
      LOG_DEBUG("layer entry {}: type {:o} skipped", name, type);
  }
}

void Extractor::whiteout(const std::string& name, const std::string& base) {
  std::string dir = name.substr(0, name.size() - base.size());
  // The directory is resolved in the root, so a symlink planted below
  // cannot point the removal out of it.
  auto fd = root_.open(dir, O_PATH | O_DIRECTORY);
  if (!fd) return;  // nothing below to hide
  if (base == ".wh..wh..opq") {
    // What lower layers put there goes; this layer's own entries stay.
    base::clear_dir_at(fd->get(), [&](const std::string& n) { return written_.count(dir + n) > 0; });
    return;
  }
  std::string hidden = base.substr(4);
  if (hidden.empty() || hidden == "." || hidden == ".." || hidden.find('/') != std::string::npos) {
    throw base::error("a whiteout that names no file");
  }
  base::remove_at(fd->get(), hidden);
}

void Extractor::file(archive_entry* e, const base::RootDir::Entry& at, const Meta& m) {
  const ArchiveLib& a = archive_lib();
  base::UniqueFd fd{::openat(at.dir.get(), at.name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)};
  if (!fd) throw base::sys_error(errno, "create");
  const void* buf;
  size_t len;
  la_int64_t off;
  int rc;
  while ((rc = a.read_data_block(in_, &buf, &len, &off)) == ARCHIVE_OK) {
    const char* p = static_cast<const char*>(buf);
    for (size_t done = 0; done < len;) {
      ssize_t n = ::pwrite(fd.get(), p + done, len - done, off + static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw base::sys_error(errno, "write");
      done += static_cast<size_t>(n);
    }
    size_ += len;
  }
  if (rc != ARCHIVE_EOF) throw base::error("read: {}", a.error_string(in_));
  // Sparse files end in a hole that no block wrote.
  if (::ftruncate(fd.get(), a.entry_size(e)) < 0) throw base::sys_error(errno, "write");
  finish(fd.get(), at, m, false);
}

// Owner, then mode (a chown clears setuid bits), xattrs and times.
void Extractor::finish(int fd, const base::RootDir::Entry& at, const Meta& m, bool symlink) {
  if (o_.owners || o_.owner) {
    uid_t uid = o_.owner ? o_.owner->first : m.uid;
    gid_t gid = o_.owner ? o_.owner->second : m.gid;
    int rc = fd >= 0 ? ::fchown(fd, uid, gid) : ::fchownat(at.dir.get(), at.name.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW);
    if (rc < 0) throw base::sys_error(errno, "change the owner");
  }
  if (symlink) {
    timespec times[2] = {m.mtime, m.mtime};
    ::utimensat(at.dir.get(), at.name.c_str(), times, AT_SYMLINK_NOFOLLOW);
    return;
  }
  if (fd < 0) {
    // A node is never opened, for reading or writing.
    if (::fchmodat(at.dir.get(), at.name.c_str(), m.perm, 0) < 0) throw base::sys_error(errno, "change the mode");
    timespec times[2] = {m.mtime, m.mtime};
    ::utimensat(at.dir.get(), at.name.c_str(), times, AT_SYMLINK_NOFOLLOW);
    return;
  }
  if (::fchmod(fd, m.perm) < 0) throw base::sys_error(errno, "change the mode");
  for (const auto& x : m.xattrs) {
    // Not every filesystem, nor a regular user, may set every attribute
    // (security.capability); the file stays without it, as libarchive's.
    if (::fsetxattr(fd, x.name.c_str(), x.value.data(), x.value.size(), 0) < 0) LOG_DEBUG("xattr {}: {}", x.name, errno);
  }
  timespec times[2] = {m.mtime, m.mtime};
  ::futimens(fd, times);
}

std::string Extractor::placed(const std::string& name) const {
  std::string out = name;
  if (!o_.rename_top.empty()) out = o_.rename_top + name.substr(std::min(name.find('/'), name.size()));
  return o_.under.empty() ? out : o_.under + "/" + out;
}

void Extractor::directories() {
  for (const auto& d : dirs_) {
    auto fd = root_.open(d.name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (!fd) continue;  // replaced by a later entry
    auto at = root_.parent(d.name, false);
    if (!at) continue;
    try {
      finish(fd->get(), *at, d.meta, false);
    } catch (base::Error& err) {
      err.wrap("{} \"{}\"", o_.noun, d.name);
      throw;
    }
  }
}

}  // namespace

std::string entry_name(const std::string& raw) {
  std::string out;
  size_t at = 0;
  if (raw.starts_with("/")) throw base::error("layer entry \"{}\" leaves the root: an absolute path", raw);
  while (at <= raw.size()) {
    size_t end = raw.find('/', at);
    if (end == std::string::npos) end = raw.size();
    std::string part = raw.substr(at, end - at);
    at = end + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") throw base::error("layer entry \"{}\" leaves the root: a .. component", raw);
    out += (out.empty() ? "" : "/") + part;
  }
  return out;
}

uint64_t extract_tar(archive* in, const base::RootDir& root, const ExtractOptions& options, const std::string& what) {
  return Extractor(in, root, options).run(what);
}

}  // namespace image
