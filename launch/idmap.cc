// SPDX-License-Identifier: GPL-2.0-or-later
// launch/idmap.cc: a user namespace held by an fd, and idmapped trees.
#include "launch/idmap.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"

namespace launch {

namespace {

// The namespace's one process: it waits for the end of the pipe (its
// copy of the writing end closed first).
int hold(void* arg) {
  const int* fds = static_cast<const int*>(arg);
  ::close(fds[1]);
  char byte;
  while (::read(fds[0], &byte, 1) < 0 && errno == EINTR) {
  }
  ::_exit(0);
}

void reap(pid_t pid) {
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

std::vector<rootless::IdRange> parse_map(const std::string& text) {
  std::vector<rootless::IdRange> out;
  for (size_t at = 0; at < text.size();) {
    size_t end = std::min(text.find('\n', at), text.size());
    unsigned long inside = 0, outside = 0, count = 0;
    if (std::sscanf(text.substr(at, end - at).c_str(), "%lu %lu %lu", &inside, &outside, &count) == 3 && count > 0) {
      out.push_back({static_cast<uint32_t>(inside), static_cast<uint32_t>(outside), static_cast<uint32_t>(count)});
    }
    at = end + 1;
  }
  return out;
}

}  // namespace

base::UniqueFd user_namespace_with(const rootless::IdMaps& maps) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw base::sys_error(errno, "create a pipe");
  base::UniqueFd r{fds[0]}, w{fds[1]};
  constexpr size_t kStack = 16 * 1024;
  auto stack = std::make_unique_for_overwrite<char[]>(kStack);
  pid_t pid = ::clone(hold, stack.get() + kStack, CLONE_NEWUSER | SIGCHLD, fds);
  if (pid < 0) throw base::sys_error(errno, "clone a user namespace for the container's idmapped mounts");
  r.reset();
  base::UniqueFd ns;
  try {
    rootless::write_id_maps(pid, maps);
    ns.reset(::open(fmt::format("/proc/{}/ns/user", pid).c_str(), O_RDONLY | O_CLOEXEC));
    if (!ns) throw base::sys_error(errno, "open the user namespace of {}", pid);
  } catch (...) {
    w.reset();
    reap(pid);
    throw;
  }
  w.reset();
  reap(pid);
  return ns;
}


rootless::IdMaps maps_of_user_namespace(int userns) {
  base::Pipe ready = base::make_pipe(), done = base::make_pipe();
  pid_t pid = ::fork();
  if (pid < 0) throw base::sys_error(errno, "fork");
  if (pid == 0) {
    // Joined, it says so and waits for the end of `done`.
    ready.r.reset();
    done.w.reset();
    char byte = 'j';
    if (::setns(userns, CLONE_NEWUSER) < 0 || ::write(ready.w.get(), &byte, 1) != 1) ::_exit(1);
    while (::read(done.r.get(), &byte, 1) < 0 && errno == EINTR) {
    }
    ::_exit(0);
  }
  ready.w.reset();
  done.r.reset();
  char byte;
  bool joined = ::read(ready.r.get(), &byte, 1) == 1;
  rootless::IdMaps maps;
  if (joined) {
    maps.uids = parse_map(base::read_file(fmt::format("/proc/{}/uid_map", pid)).value_or(""));
    maps.gids = parse_map(base::read_file(fmt::format("/proc/{}/gid_map", pid)).value_or(""));
  }
  done.w.reset();
  reap(pid);
  if (!joined) throw base::error("join the user namespace to read its maps");
  maps.ranges = maps.direct = true;
  return maps;
}

base::UniqueFd detached_tree(const std::string& path, bool recursive) {
  unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
  base::UniqueFd tree{::open_tree(AT_FDCWD, path.c_str(), flags)};
  if (!tree) throw base::sys_error(errno, "open_tree {}", path);
  return tree;
}

base::UniqueFd idmapped_tree(const std::string& path, int userns, bool recursive) {
  base::UniqueFd tree = detached_tree(path, recursive);
  mount_attr attr{};
  attr.attr_set = MOUNT_ATTR_IDMAP;
  attr.userns_fd = static_cast<uint64_t>(userns);
  if (::mount_setattr(tree.get(), "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof attr) < 0) {
    throw base::sys_error(errno, "idmap the mount of {}", path);
  }
  return tree;
}

}  // namespace launch
