// SPDX-License-Identifier: GPL-2.0-or-later
// config/paths.cc: the state directories.
#include "config/paths.h"

#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"

namespace config {

namespace {

std::string absolute(const std::string& flag, const std::string& path) {
  if (path.empty() || path[0] != '/') {
    throw base::error("{} must be an absolute path, not \"{}\"", flag, path);
  }
  return path;
}

// A runtime dir for a regular user without XDG_RUNTIME_DIR, as Podman
// picks one: /run/user/UID, then a dir of its own under /tmp, made if
// missing, then HOME/rundir. A dir is taken only when it is a real
// directory (not a symlink) of the user's: one made beforehand by somebody
// else is passed over. The user's own is made private if it was not.
bool own_private_dir(const std::string& path, uid_t uid) {
  ::mkdir(path.c_str(), 0700);
  struct stat st;
  if (::lstat(path.c_str(), &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != uid) return false;
  return (st.st_mode & 0777) == 0700 || ::chmod(path.c_str(), 0700) == 0;
}

std::string runtime_dir(const Environment& env) {
  if (std::string dir = env.dir_or("XDG_RUNTIME_DIR", ""); !dir.empty()) return dir;
  for (const auto& dir : {fmt::format("/run/user/{}", env.euid), fmt::format("/tmp/warren-run-{}", env.euid)}) {
    if (own_private_dir(dir, env.euid)) return dir;
  }
  return env.home() + "/rundir";
}

// Whether `path` (or, missing, the nearest directory above it) is on
// overlayfs, which cannot hold an overlay's upper dir (warren in a
// container): a new store there takes vfs.
bool on_overlayfs(std::string path) {
  constexpr long kOverlayfsMagic = 0x794c7630;
  for (;;) {  // each round shortens the path
    struct statfs st;
    if (::statfs(path.c_str(), &st) == 0) return st.f_type == kOverlayfsMagic;
    size_t slash = path.find_last_of('/');
    if (errno != ENOENT || slash == std::string::npos || path == "/") return false;
    path = slash == 0 ? "/" : path.substr(0, slash);
  }
}

}  // namespace

const std::vector<std::string>& default_cni_plugin_dirs() {
  static const std::vector<std::string> dirs = {
      "/usr/local/libexec/cni", "/usr/libexec/cni", "/usr/local/lib/cni", "/usr/lib/cni",
      "/opt/cni/bin"};
  return dirs;
}

Paths resolve_paths(const Environment& env, const PathOverrides& o) {
  Paths p;
  p.rootless = env.euid != 0;
  if (!p.rootless) {
    p.root = "/var/lib/warren";
    p.runroot = "/run/warren";
    p.network_config_dir = "/etc/cni/net.d";
  } else {
    bool need_home = !o.root || !o.network_config_dir;
    std::string home = need_home ? env.home() : std::string();
    p.root = env.dir_or("XDG_DATA_HOME", home + "/.local/share") + "/warren";
    if (!o.runroot) p.runroot = runtime_dir(env) + "/warren";
    p.network_config_dir = env.dir_or("XDG_CONFIG_HOME", home + "/.config") + "/cni/net.d";
  }
  if (o.root) p.root = absolute("--root", *o.root);
  if (o.runroot) p.runroot = absolute("--runroot", *o.runroot);
  if (o.network_config_dir) p.network_config_dir = absolute("--network-config-dir", *o.network_config_dir);
  p.cni_plugin_dirs = default_cni_plugin_dirs();
  p.cni_state_dir = p.rootless || o.root ? p.root + "/cni" : kDefaultCniStateDir;
  if (!o.no_events) p.events_log = p.runroot + "/events/events.log";
  p.storage_driver = resolve_storage_driver(env, o, p.root);
  // Given --storage-driver, the store remembers it now, as Podman's
  // database does; otherwise when its first container is made.
  if (o.storage_driver) record_storage_driver(p);
  return p;
}

std::string resolve_storage_driver(const Environment& env, const PathOverrides& o, const std::string& root) {
  std::optional<std::string> recorded = base::read_file(root + "/storage-driver");
  if (recorded && !recorded->empty() && recorded->back() == '\n') recorded->pop_back();
  if (recorded && (*recorded == "overlay" || *recorded == "vfs")) {
    if (o.storage_driver && *o.storage_driver != *recorded) {
      throw base::error("database storage graph driver \"{}\" does not match our storage graph driver \"{}\": database configuration mismatch",
                        *recorded, *o.storage_driver);
    }
    return *recorded;
  }
  // No record yet: a create killed while writing it left its temp file,
  // which goes now (the record is written once, so this is rare).
  base::sweep_temp_files(root);
  std::string driver = o.storage_driver ? *o.storage_driver : env.get("STORAGE_DRIVER").value_or("");
  if (driver.empty()) return on_overlayfs(root) ? "vfs" : "overlay";
  if (driver != "overlay" && driver != "vfs") throw base::error("failed to GetDriver graph {} {}: driver not supported", driver, root);
  return driver;
}

void record_storage_driver(const Paths& p) {
  std::string file = p.root + "/storage-driver";
  if (::access(file.c_str(), F_OK) == 0) return;
  base::ensure_dir(p.root, 0700);
  base::write_file_atomic(file, p.storage_driver + "\n", 0644, false);
}

}  // namespace config
