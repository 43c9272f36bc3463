// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/user_volumes.cc: a regular user's volumes with a file system of
// their own, in the holder's mount namespace (monitor/user_volumes.h).
#include "monitor/user_volumes.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd_passing.h"
#include "base/file.h"
#include "base/process_id.h"
#include "base/spawn.h"
#include "base/text.h"
#include "config/host.h"
#include "launch/credentials.h"
#include "launch/idmap.h"
#include "launch/launcher.h"
#include "monitor/volumes.h"
#include "rootless/mapped_root.h"
#include "rootless/userns.h"
#include "store/volume_store.h"

namespace monitor {

namespace {

std::string holder_file(const config::Settings& s) { return s.paths.runroot + "/volumes-holder"; }
std::string users_file(const config::Settings& s) { return s.paths.runroot + "/volumes-users"; }

// "WAITER START VOLUME" per line: who uses which volume.
using Users = std::vector<std::pair<base::ProcessId, std::string>>;

Users read_users(const config::Settings& s) {
  Users out;
  for (const auto& line : base::split(base::read_file(users_file(s)).value_or(""), '\n')) {
    size_t sp = line.rfind(' ');
    auto id = sp == std::string::npos ? std::nullopt : base::ProcessId::parse(line.substr(0, sp));
    if (id) out.emplace_back(*id, line.substr(sp + 1));
  }
  return out;
}

void write_users(const config::Settings& s, const Users& users) {
  if (users.empty()) {
    base::remove_file(users_file(s));
    return;
  }
  std::string text;
  for (const auto& [id, name] : users) text += id.text() + " " + name + "\n";
  base::write_file_atomic(users_file(s), text, 0600, false);
}

std::optional<base::ProcessId> holder_of(const config::Settings& s) {
  auto id = base::ProcessId::parse(base::read_file(holder_file(s)).value_or(""));
  if (!id || !id->alive()) return std::nullopt;
  return id;
}

// warren-infra in a user namespace with the user's maps and a mount
// namespace of its own, started by a child that ends at once: no
// descendant of this monitor's (base/spawn.h).
base::ProcessId start_holder(const config::Settings& s) {
  base::Pipe p = base::make_pipe();
  base::run_detached([&] {
    std::string said;
    try {
      launch::InfraSpec spec{"", false, "", false, config::helper_path("warren-infra")};
      spec.user_namespace = true;
      spec.id_maps = rootless::user_id_maps(launch::user_of(s.env));
      spec.new_mount = true;
      said = base::ProcessId::of(launch::launch_infra(spec)).value_or(base::ProcessId{}).text();
    } catch (const std::exception& e) {
      said = std::string("error: ") + e.what();
    }
    (void)!::write(p.w.get(), said.data(), said.size());
  });
  p.w.reset();
  std::string said;
  base::read_chunks(p.r.get(), "the volumes' holder", [&](std::string_view c) { said.append(c); });
  auto id = base::ProcessId::parse(said);
  if (!id || id->pid == 0) throw base::error("the volumes' mount namespace: {}", said.empty() ? "its holder did not start" : said.substr(said.find(' ') + 1));
  base::write_file_atomic(holder_file(s), id->text() + "\n", 0600, false);
  return *id;
}

// `fn` run by a child in the holder's user and mount namespaces
// (rootless::ChildWork); the descriptor it returns (if any) comes back
// here, queued on a socket until the child's end.
base::UniqueFd in_holder(const base::ProcessId& holder, const std::function<int()>& fn) {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) throw base::sys_error(errno, "socketpair");
  base::UniqueFd mine(sv[0]), theirs(sv[1]);
  rootless::ChildWork::start(nullptr, [&] {
    std::vector<std::pair<base::UniqueFd, int>> ns;
    for (auto [name, type] : {std::pair{"user", CLONE_NEWUSER}, {"mnt", CLONE_NEWNS}}) {
      std::string path = fmt::format("/proc/{}/ns/{}", holder.pid, name);
      ns.emplace_back(base::UniqueFd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)}, type);
      if (!ns.back().first) throw base::sys_error(errno, "open {}", path);
    }
    if (!holder.alive()) throw base::error("the volumes' holder ended");  // the namespaces opened are its
    for (const auto& [fd, type] : ns) {
      if (::setns(fd.get(), type) < 0) throw base::sys_error(errno, "join the volumes' mount namespace");
    }
    if (::chdir("/") < 0) throw base::sys_error(errno, "chdir /");
    int fd = fn();
    if (fd >= 0 && !base::send_fd(theirs.get(), fd)) throw base::sys_error(errno, "send a volume's mount");
  }).finish();
  theirs.reset();
  return base::receive_fd(mine.get());
}

// Users gone (their waiters dead) forgotten, `gone` with them; what no
// one uses any more unmounted in the holder's namespace, and the holder
// ended once no one uses anything. Under the volumes' lock.
void settle(const config::Settings& s, Users& users, const std::optional<base::ProcessId>& gone) {
  std::set<std::string> before;
  for (const auto& u : users) before.insert(u.second);
  std::erase_if(users, [&](const auto& u) { return (gone && u.first.pid == gone->pid) || !u.first.alive(); });
  std::vector<std::string> unused;
  for (const auto& name : before) {
    if (std::none_of(users.begin(), users.end(), [&](const auto& u) { return u.second == name; })) unused.push_back(name);
  }
  write_users(s, users);
  auto holder = holder_of(s);
  if (!holder) return;
  if (users.empty()) {
    holder->signal(SIGKILL);  // its mounts go with its namespace
    base::remove_file(holder_file(s));
    return;
  }
  if (unused.empty()) return;
  store::VolumeStore volumes(s.paths.root);
  in_holder(*holder, [&] {
    for (const auto& name : unused) ::umount2(volumes.mountpoint(name).c_str(), MNT_DETACH | UMOUNT_NOFOLLOW);
    return -1;
  });
}

// The waiter: a forked copy of this monitor that waits on a pipe, in a
// session of its own, holding nothing else; at its end it lets go.
std::pair<base::ProcessId, base::UniqueFd> fork_waiter(const config::Settings& s) {
  base::Pipe p = base::make_pipe();
  ::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw base::sys_error(errno, "fork");
  if (pid == 0) {
    ::setsid();
    int null = ::open("/dev/null", O_RDWR);
    for (int fd : {0, 1, 2}) ::dup2(null, fd);
    if (::dup2(p.r.get(), 3) < 0) ::_exit(1);
    ::syscall(SYS_close_range, 4U, ~0U, 0U);
    char c;
    while (::read(3, &c, 1) < 0 && errno == EINTR) {
    }
    try {
      store::VolumeStore volumes(s.paths.root);
      base::FileLock lock = volumes.lock();
      Users users = read_users(s);
      settle(s, users, base::ProcessId::self());
    } catch (const std::exception&) {
    }
    ::_exit(0);
  }
  p.r.reset();
  auto id = base::ProcessId::of(pid);
  if (!id) throw base::error("the volumes' waiter ended at once");
  return {*id, std::move(p.w)};
}

}  // namespace

UserVolumes UserVolumes::prepare(const config::Settings& settings, const store::ContainerConfig& cfg, const std::string& lower) {
  UserVolumes out;
  if (!settings.rootless()) return out;
  store::VolumeStore volumes(settings.paths.root);
  std::vector<const store::Mount*> wanted;
  for (const auto& m : cfg.mounts) {
    if (m.type != "volume") continue;
    auto v = volumes.find(m.source);
    if (v && has_file_system(*v)) wanted.push_back(&m);
  }
  if (wanted.empty()) return out;
  try {
    auto [waiter, end] = fork_waiter(settings);  // from here on, a failure lets go of what was taken
    out.waiter_ = std::move(end);
    out.waiter_pid_ = waiter.pid;
    base::FileLock lock = volumes.lock();
    Users users = read_users(settings);
    settle(settings, users, std::nullopt);
    auto holder = holder_of(settings);
    if (!holder) holder = start_holder(settings);
    for (const auto* m : wanted) users.emplace_back(waiter, m->source);
    write_users(settings, users);
    for (const auto* m : wanted) {
      store::VolumeRecord v = volumes.get(m->source);
      std::string data = volumes.mountpoint(v.name);
      base::UniqueFd tree = in_holder(*holder, [&] {
        mount_file_system(volumes, v);
        if (v.needs_copy_up) fill_volume(settings, cfg, *m, lower, data, true);
        return launch::detached_tree(data, false).release();
      });
      if (!tree) throw base::error("volume {}: no mount came from its namespace", v.name);
      out.trees_.emplace_back(v.name, std::move(tree));
      if (v.needs_copy_up) {
        v.needs_copy_up = false;
        volumes.save(v);
      }
    }
  } catch (const base::LaunchError&) {
    throw;
  } catch (const base::Error& e) {
    throw base::LaunchError(125, e);
  }
  return out;
}

void UserVolumes::release() {
  waiter_.reset();
  if (waiter_pid_ > 0) launch::wait_exit(waiter_pid_);  // a child of this process's
  waiter_pid_ = -1;
}

int UserVolumes::tree(const std::string& name) const {
  for (const auto& [n, fd] : trees_) {
    if (n == name) return fd.get();
  }
  return -1;
}

}  // namespace monitor
