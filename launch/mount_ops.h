// SPDX-License-Identifier: GPL-2.0-or-later
// launch/mount_ops.h: mounts in a container's root, as the cloned child
// makes them: every mount point is resolved inside the root
// (base/root_dir.h) and mounted onto through its fd, so that nothing the
// image or the container left there (a symlink to /etc, say) can lead a
// mount out of it. The child's side allocates nothing.
#pragma once

#include <sys/mount.h>

#include <string>
#include <utility>
#include <vector>

namespace launch {

// A mount point in the container's root: its path there, split.
struct Target {
  std::string rel, parent, name;  // "etc/hosts", "etc", "hosts"
};
Target target(const std::string& path);

// "/proc/self/fd/N": a mount onto an fd, free of allocation.
struct FdPath {
  char text[32];
  explicit FdPath(int fd);
};

// `t` in the root (symlinks followed inside it), made where missing: a
// directory (where a dangling symlink points, inside the root), or an
// empty file (replacing a dangling symlink). An O_PATH fd, or -1 with
// errno.
int mount_point(int root, const Target& t, bool dir);

// Mounts onto `t` in the root; false with errno on failure.
bool mount_on(int root, const Target& t, bool dir, const char* source, const char* type, unsigned long flags, const char* data);

// A bind mount of `source` (or `rel` itself) onto `rel`, then remounted
// with `flags`: the remount goes to the new mount, reached by resolving
// `rel` again.
bool bind_remount(int root, const char* rel, const char* source, unsigned long flags);

// A container's root: an overlay of the image's `lower` with DIR/upper
// and DIR/work, on DIR/merged (made where missing by of()).
struct RootOverlay {
  std::string merged, opts, opts_userns;
  unsigned long flags = 0;
  std::string bind;  // run --rootfs without :O: this dir itself, bound read-write, instead of an overlay
  // Root's container in a user namespace of its own: the image's files
  // (or the `bind` dir) as an idmapped tree (launch/idmap.h), attached on
  // `lower` (or merged) before the overlay; the paths are then relative to
  // the container's dir, the child's working directory.
  int lower_tree = -1;
  bool volatile_upper = false;
  // `direct`: `lower` is the root itself (its writes land in it).
  // `volatile_upper`: overlayfs's "volatile": no sync of the upper dir,
  // at the process's syncs or the unmount, for a container that is
  // removed when it ends (a crash can leave its writes half there).
  static RootOverlay of(const std::string& lower, const std::string& dir, unsigned long flags, bool direct = false,
                        bool volatile_upper = false);
  // In a child, free of allocation; in a user namespace overlayfs keeps
  // its metadata in user.* xattrs. False with errno.
  bool mount() const;
};

// Root's container in a user namespace of its own: `tree` (the image's
// files, idmapped) as the lower, the overlay's dirs relative to `dir` (the
// container's), which the child starts in and the container's root may
// search (0711), upper/ and work/ given to that root (uid, gid, host ids).
void root_overlay_in_userns(RootOverlay& o, int tree, const std::string& dir, uid_t uid, gid_t gid);

// A user's mount (-v, --mount, --tmpfs), as asked for.
struct MountSpec {
  std::string source;        // a host path; empty for tmpfs
  std::string destination;   // absolute, in the container
  bool tmpfs = false;
  std::vector<std::string> options;  // ro, nosuid, rshared, bind, size=64m, ...
  bool chown = false;                // U: given to the container's user, the whole tree, inside its user namespace
  bool devpts = false;               // a devpts instance of its own
  bool idmap = false;                // idmap: the source's ids seen through the container's maps (root's user namespace)
  // O: an overlay over `source` with these dirs (warren's own, emptied
  // before each start), its changes thrown away with them.
  std::string overlay_upper, overlay_work;
  // A mount made elsewhere (a regular user's volume with a file system of
  // its own: monitor/user_volumes.h), attached instead of `source`.
  int tree = -1;
};

// The same, ready for the child.
struct PlannedMount {
  std::string source;
  Target target;
  bool tmpfs = false;
  bool dir = true;             // the mount point is a directory (a file for a file's bind)
  bool recursive = true;       // rbind
  unsigned long flags = 0;     // MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, atime flags
  unsigned long propagation = MS_REC | MS_PRIVATE;
  std::string data;            // tmpfs: size=, mode=, ...; overlay: its dirs
  std::string data_userns;     // overlay in a user namespace: with userxattr
  bool overlay = false;
  bool devpts = false;
  // tmpcopyup: the tmpfs is made detached (fsopen, fsmount), filled with
  // what the root has at the mount point, then moved there. Its options
  // as fsconfig takes them.
  bool copy_up = false;
  std::vector<std::pair<std::string, std::string>> fs_options;
  int chown_uid = -1, chown_gid = -1;  // U
  bool idmap = false;
  // Root's container in a user namespace of its own: the source as a tree
  // the launcher made (launch/idmap.h), attached instead of bound.
  int tree = -1;
};

// In the child: the detached `tree` moved onto the mount point `t` (made
// as a dir or a file). False with errno.
bool attach_on(int root, const Target& t, bool dir, int tree);

// Throws a base::LaunchError for a source that cannot be used or a
// destination that is not a clean absolute path.
PlannedMount plan_mount(const MountSpec& m);

// In the child: the mount made, remounted with its flags (keeping those
// the kernel locked on the source) and given its propagation. False with
// errno.
bool mount_planned(int root, const PlannedMount& m);


}  // namespace launch
