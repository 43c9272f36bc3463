// SPDX-License-Identifier: GPL-2.0-or-later
// launch/mount_ops.cc: mount points resolved in the root; user mounts.
#include "launch/mount_ops.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/root_dir.h"
#include "launch/tree_ops.h"

namespace launch {

Target target(const std::string& path) {
  size_t start = path.find_first_not_of('/');
  std::string rel = start == std::string::npos ? "" : path.substr(start);
  size_t slash = rel.rfind('/');
  if (slash == std::string::npos) return {rel, "", rel};
  return {rel, rel.substr(0, slash), rel.substr(slash + 1)};
}

FdPath::FdPath(int fd) {
  char digits[12];
  int n = 0;
  unsigned v = static_cast<unsigned>(fd);
  do digits[n++] = static_cast<char>('0' + v % 10); while ((v /= 10) > 0);
  std::memcpy(text, "/proc/self/fd/", 14);
  for (int i = 0; i < n; ++i) text[14 + i] = digits[n - 1 - i];
  text[14 + n] = '\0';
}

RootOverlay RootOverlay::of(const std::string& lower, const std::string& dir, unsigned long flags, bool direct,
                            bool volatile_upper) {
  for (const char* d : {"upper", "work", "merged"}) base::ensure_dir(dir + "/" + d, 0755);
  // A volatile mount before leaves its mark in the work dir, and overlayfs
  // mounts those dirs again only once it is gone (as containers/storage does).
  ::unlink((dir + "/work/work/incompat/volatile/dirty").c_str());
  ::rmdir((dir + "/work/work/incompat/volatile").c_str());
  RootOverlay o;
  if (direct) o.bind = lower;
  o.merged = dir + "/merged";
  o.volatile_upper = volatile_upper && !direct;
  o.opts = fmt::format("lowerdir={},upperdir={}/upper,workdir={}/work{}", lower, dir, dir, o.volatile_upper ? ",volatile" : "");
  o.opts_userns = o.opts + ",userxattr";
  o.flags = flags;
  return o;
}

bool RootOverlay::mount() const {
  if (lower_tree >= 0) {
    const char* at = bind.empty() ? "lower" : merged.c_str();
    if (::move_mount(lower_tree, "", AT_FDCWD, at, MOVE_MOUNT_F_EMPTY_PATH) < 0) return false;
    if (!bind.empty()) return flags == 0 || ::mount(nullptr, at, nullptr, MS_BIND | MS_REMOUNT | flags, nullptr) == 0;
  } else if (!bind.empty()) {
    return ::mount(bind.c_str(), merged.c_str(), nullptr, MS_BIND | MS_REC, nullptr) == 0 &&
           (flags == 0 || ::mount(nullptr, merged.c_str(), nullptr, MS_BIND | MS_REMOUNT | flags, nullptr) == 0);
  }
  return ::mount("overlay", merged.c_str(), "overlay", flags, opts.c_str()) == 0 ||
         ::mount("overlay", merged.c_str(), "overlay", flags, opts_userns.c_str()) == 0;
}

void root_overlay_in_userns(RootOverlay& o, int tree, const std::string& dir, uid_t uid, gid_t gid) {
  for (const char* d : {"upper", "work"}) {
    std::string path = dir + "/" + d;
    if (::chown(path.c_str(), uid, gid) < 0) throw base::LaunchError(125, errno, fmt::format("chown {}", path));
  }
  base::ensure_dir(dir + "/lower", 0755);
  if (::chmod(dir.c_str(), 0711) < 0) throw base::LaunchError(125, errno, fmt::format("chmod {}", dir));
  o.lower_tree = tree;
  if (o.bind.empty()) {
    o.opts = o.opts_userns = std::string("lowerdir=lower,upperdir=upper,workdir=work,userxattr") + (o.volatile_upper ? ",volatile" : "");
  }
  o.merged = "merged";
}

int mount_point(int root, const Target& t, bool dir) {
  int fd = base::open_in_root(root, t.rel.c_str(), O_PATH);
  if (fd >= 0 || errno != ENOENT) return fd;
  // A directory is made where it is missing, a dangling symlink on the
  // way (the last name included) followed inside the root, as runc does.
  if (dir) return base::make_dirs_in_root(root, t.rel.c_str(), 0755, true);
  int parent = base::make_dirs_in_root(root, t.parent.c_str(), 0755, true);
  if (parent < 0) return -1;
  auto make = [&] {
    int f = ::openat(parent, t.name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    return f < 0 ? -1 : ::close(f);
  };
  int rc = make();
  // A file's dangling symlink is replaced by the file.
  if (rc < 0 && errno == EEXIST && ::unlinkat(parent, t.name.c_str(), 0) == 0) rc = make();
  int err = errno;
  ::close(parent);
  errno = err;
  return rc < 0 ? -1 : base::open_in_root(root, t.rel.c_str(), O_PATH);
}

bool mount_on(int root, const Target& t, bool dir, const char* source, const char* type, unsigned long flags, const char* data) {
  int fd = mount_point(root, t, dir);
  if (fd < 0) return false;
  bool ok = ::mount(source, FdPath(fd).text, type, flags, data) == 0;
  int err = errno;
  ::close(fd);
  errno = err;
  return ok;
}

bool attach_on(int root, const Target& t, bool dir, int tree) {
  int fd = mount_point(root, t, dir);
  if (fd < 0) return false;
  bool ok = ::move_mount(tree, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) == 0;
  int err = errno;
  ::close(fd);
  errno = err;
  return ok;
}

bool bind_remount(int root, const char* rel, const char* source, unsigned long flags) {
  int fd = base::open_in_root(root, rel, O_PATH);
  if (fd < 0) return false;
  bool ok = ::mount(source ? source : FdPath(fd).text, FdPath(fd).text, nullptr, MS_BIND | MS_REC, nullptr) == 0;
  ::close(fd);
  if (!ok || (fd = base::open_in_root(root, rel, O_PATH)) < 0) return false;
  ok = ::mount(nullptr, FdPath(fd).text, nullptr, MS_BIND | MS_REMOUNT | flags, nullptr) == 0;
  ::close(fd);
  return ok;
}

namespace {

struct Word {
  const char* name;
  unsigned long set, clear;
};
constexpr Word kFlags[] = {
    {"ro", MS_RDONLY, 0},         {"rw", 0, MS_RDONLY},           {"nosuid", MS_NOSUID, 0},       {"suid", 0, MS_NOSUID},
    {"nodev", MS_NODEV, 0},       {"dev", 0, MS_NODEV},           {"noexec", MS_NOEXEC, 0},       {"exec", 0, MS_NOEXEC},
    {"noatime", MS_NOATIME, 0},   {"atime", 0, MS_NOATIME},       {"nodiratime", MS_NODIRATIME, 0}, {"diratime", 0, MS_NODIRATIME},
    {"relatime", MS_RELATIME, 0}, {"norelatime", 0, MS_RELATIME}, {"strictatime", MS_STRICTATIME, 0},
    {"nostrictatime", 0, MS_STRICTATIME}, {"sync", MS_SYNCHRONOUS, 0}, {"async", 0, MS_SYNCHRONOUS}, {"dirsync", MS_DIRSYNC, 0}};
constexpr Word kPropagation[] = {{"private", MS_PRIVATE, 0}, {"rprivate", MS_PRIVATE | MS_REC, 0}, {"shared", MS_SHARED, 0},
                                 {"rshared", MS_SHARED | MS_REC, 0}, {"slave", MS_SLAVE, 0}, {"rslave", MS_SLAVE | MS_REC, 0},
                                 {"unbindable", MS_UNBINDABLE, 0}, {"runbindable", MS_UNBINDABLE | MS_REC, 0}};

// What the kernel locks on a mount seen from a user namespace: a remount
// must keep these as they are on the source.
unsigned long locked_flags(int fd) {
  struct statvfs st;
  if (::fstatvfs(fd, &st) < 0) return 0;
  unsigned long out = 0;
  for (auto [st_flag, ms_flag] : {std::pair{ST_NOSUID, MS_NOSUID}, {ST_NODEV, MS_NODEV}, {ST_NOEXEC, MS_NOEXEC}, {ST_RDONLY, MS_RDONLY},
                                  {ST_NOATIME, MS_NOATIME}, {ST_NODIRATIME, MS_NODIRATIME}, {ST_RELATIME, MS_RELATIME}}) {
    if (st.f_flag & st_flag) out |= ms_flag;
  }
  return out;
}

}  // namespace

PlannedMount plan_mount(const MountSpec& m) {
  PlannedMount p;
  if (m.destination.empty() || m.destination[0] != '/' || m.destination.find("/../") != std::string::npos ||
      m.destination.ends_with("/..") || target(m.destination).name.empty()) {
    throw base::LaunchError(125, 0, fmt::format("invalid mount destination \"{}\"", m.destination));
  }
  p.target = target(m.destination);
  p.tmpfs = m.tmpfs;
  p.devpts = m.devpts;
  p.source = m.source;
  p.idmap = m.idmap;
  p.tree = m.tree;
  std::string data;
  for (const auto& o : m.options) {
    bool known = false;
    for (const auto& w : kFlags) {
      if (o == w.name) {
        p.flags = (p.flags | w.set) & ~w.clear;
        known = true;
      }
    }
    for (const auto& w : kPropagation) {
      if (o == w.name) {
        p.propagation = w.set;
        known = true;
      }
    }
    if (o == "bind" || o == "rbind") p.recursive = o == "rbind";
    if (!known && m.tmpfs && o.find('=') != std::string::npos) {
      data += (data.empty() ? "" : ",") + o;
      p.fs_options.emplace_back(o.substr(0, o.find('=')), o.substr(o.find('=') + 1));
    }
    if (m.tmpfs && o == "tmpcopyup") p.copy_up = true;
  }
  p.data = data;
  if (!m.overlay_upper.empty()) {
    for (const auto* path : {&m.source, &m.overlay_upper, &m.overlay_work}) {
      if (path->find_first_of(",:") != std::string::npos) {
        throw base::LaunchError(125, 0, fmt::format("overlay volume {}: a path with ',' or ':' cannot be an overlay's", *path));
      }
    }
    p.overlay = true;
    p.data = fmt::format("lowerdir={},upperdir={},workdir={}", m.source, m.overlay_upper, m.overlay_work);
    p.data_userns = p.data + ",userxattr";
  }
  if (m.devpts) p.data = "newinstance,ptmxmode=0666,mode=0620";
  if (!m.tmpfs && !m.devpts) {
    struct stat st;
    if (::stat(m.source.c_str(), &st) < 0) throw base::LaunchError(125, errno, fmt::format("statfs {}", m.source));
    p.dir = S_ISDIR(st.st_mode);
  }
  return p;
}

namespace {

unsigned int mount_attrs(unsigned long flags) {
  unsigned int a = 0;
  for (auto [ms, attr] : {std::pair{MS_NOSUID, MOUNT_ATTR_NOSUID}, {MS_NODEV, MOUNT_ATTR_NODEV}, {MS_NOEXEC, MOUNT_ATTR_NOEXEC},
                          {MS_NOATIME, MOUNT_ATTR_NOATIME}, {MS_NODIRATIME, MOUNT_ATTR_NODIRATIME}}) {
    if (flags & ms) a |= attr;
  }
  return a;
}

// tmpcopyup: a detached tmpfs, filled from what is at the mount point,
// then moved onto it (and made read-only after, if asked).
bool tmpfs_copied_up(int root, const PlannedMount& m) {
  int point = mount_point(root, m.target, true);
  if (point < 0) return false;
  int fs = ::fsopen("tmpfs", FSOPEN_CLOEXEC), mnt = -1, from = -1, to = -1;
  bool ok = fs >= 0 && ::fsconfig(fs, FSCONFIG_SET_STRING, "source", "tmpfs", 0) == 0;
  for (const auto& [key, value] : m.fs_options) {
    if (ok) ok = ::fsconfig(fs, FSCONFIG_SET_STRING, key.c_str(), value.c_str(), 0) == 0;
  }
  if (ok) ok = ::fsconfig(fs, FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) == 0;
  if (ok) ok = (mnt = ::fsmount(fs, FSMOUNT_CLOEXEC, mount_attrs(m.flags))) >= 0;
  if (ok) ok = (from = ::openat(point, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0;
  if (ok) ok = (to = ::openat(mnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0;
  if (ok) ok = copy_tree(from, to);
  if (ok) ok = ::move_mount(mnt, "", point, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) == 0;
  if (ok && (m.flags & MS_RDONLY)) {
    struct mount_attr attr {};
    attr.attr_set = MOUNT_ATTR_RDONLY;
    ok = ::mount_setattr(mnt, "", AT_EMPTY_PATH, &attr, sizeof attr) == 0;
  }
  int err = errno;
  for (int fd : {fs, mnt, from, to, point}) {
    if (fd >= 0) ::close(fd);
  }
  errno = err;
  return ok;
}

}  // namespace

bool mount_planned(int root, const PlannedMount& m) {
  if (m.copy_up) {
    if (!tmpfs_copied_up(root, m)) return false;
  } else if (m.overlay) {
    if (!mount_on(root, m.target, true, "overlay", "overlay", m.flags, m.data.c_str()) &&
        !mount_on(root, m.target, true, "overlay", "overlay", m.flags, m.data_userns.c_str())) {
      return false;
    }
  } else if (m.tmpfs || m.devpts) {
    const char* type = m.tmpfs ? "tmpfs" : "devpts";
    if (!mount_on(root, m.target, true, type, type, m.flags, m.data.c_str())) return false;
  } else if (m.tree >= 0) {
    if (!attach_on(root, m.target, m.dir, m.tree)) return false;
  } else if (!mount_on(root, m.target, m.dir, m.source.c_str(), nullptr, MS_BIND | (m.recursive ? MS_REC : 0), nullptr)) {
    return false;
  }
  // The new mount, reached by resolving its point again.
  int fd = base::open_in_root(root, m.target.rel.c_str(), O_PATH);
  if (fd < 0) return false;
  bool ok = true;
  if (m.chown_uid >= 0) {
    int dir = ::openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ok = dir >= 0 ? chown_tree(dir, static_cast<uid_t>(m.chown_uid), static_cast<gid_t>(m.chown_gid))
                  : ::fchownat(fd, "", static_cast<uid_t>(m.chown_uid), static_cast<gid_t>(m.chown_gid), AT_EMPTY_PATH) == 0;
    if (dir >= 0) ::close(dir);
  }
  if (ok && !m.tmpfs && !m.devpts && !m.overlay && m.flags != 0) {
    unsigned long flags = m.flags | (locked_flags(fd) & ~(MS_RDONLY | MS_NOATIME | MS_NODIRATIME | MS_RELATIME));
    if (!(m.flags & (MS_NOATIME | MS_RELATIME | MS_STRICTATIME))) flags |= locked_flags(fd) & (MS_NOATIME | MS_RELATIME);
    ok = ::mount(nullptr, FdPath(fd).text, nullptr, MS_BIND | MS_REMOUNT | flags, nullptr) == 0;
  }
  if (ok) ok = ::mount(nullptr, FdPath(fd).text, nullptr, m.propagation, nullptr) == 0;
  int err = errno;
  ::close(fd);
  errno = err;
  return ok;
}


}  // namespace launch
