// SPDX-License-Identifier: GPL-2.0-or-later
// launch/clone_ops.h: what the launch of a container and of a pod's infra
// share around their clone: the words the child waits for (its maps
// written, its network set up), the namespaces joined for it, and the
// error when the clone is refused. The child's side makes system calls
// only.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "base/fd.h"
#include "rootless/userns.h"

namespace launch {

// The words a child waits for (its user namespace's maps written; its
// network set up), when there is anything to wait for.
struct GoPipe {
  base::UniqueFd r, w;
};
GoPipe go_pipe(bool needed);
void say_go(GoPipe& go);

struct GoPipes {
  GoPipe maps, network;
  GoPipes(bool user_namespace, bool hook) : maps(go_pipe(user_namespace)), network(go_pipe(hook)) {}
  int maps_fd() const { return maps.r ? maps.r.get() : -1; }
  int network_fd() const { return network.r ? network.r.get() : -1; }
  void parent_ends(int (&out)[2]) const {
    out[0] = maps.w ? maps.w.get() : -1;
    out[1] = network.w ? network.w.get() : -1;
  }
};

// Writes `value` to a /proc/sys file (of this thread's namespaces); throws.
void write_sysctl(const std::string& path, const std::string& value);

// In the child: the parent's ends closed, then a wait for its word on `fd`
// (none when fd < 0); no word ends the child with 125.
void close_words(const int (&words_w)[2]);
void await_word(int fd);

// The namespace at `path` (empty: none), opened for setns.
base::UniqueFd open_namespace(const std::string& path, const char* what);

// The maps of a child in a new user namespace, the word to go on, `then`,
// the word to run its command; on failure the child is ended and killed.
void prepare_child(pid_t pid, const rootless::IdMaps* maps, const std::function<void(pid_t)>& then, GoPipes& go);

// A clone refused: a regular user refused a user namespace hears why.
[[noreturn]] void clone_failed(int err, const char* what, bool user_namespace);

// The user namespace that owns the namespace at `path`, joined by this process.
void join_owner_userns(const std::string& path);

// --pid container:ID or ns:PATH: this process's children go into that
// namespace for the clone; the fd returned takes its own back after.
base::UniqueFd pid_namespace_for_children(const std::string& path);

// A fork (with `flags`' namespaces and exit signal, never CLONE_VM) whose
// child is born in the v2 cgroup whose directory `cgroup` is (clone3's
// CLONE_INTO_CGROUP); 0 in the child, -1 with errno.
pid_t fork_into_cgroup(int flags, int cgroup);

// A child cloned by a helper, not into its v2 cgroup: moved there, or
// killed and waited for (throws a LaunchError).
void add_cloned_to_cgroup(int cgroup, pid_t pid);

// `cgroup` (an fd of a v2 cgroup's directory, or -1): the child is
// cloned into it (clone3's CLONE_INTO_CGROUP); `flags` must not hold
// CLONE_VM then.
pid_t clone_in(const base::UniqueFd& own_pid, int (*child)(void*), char* stack_top, int flags, void* plan, int cgroup = -1);

// Root's container in a user namespace of its own: the host's namespaces
// it shares (a network's, a pod's) are joined by this thread for the
// clone, since the child, root only in its new user namespace, may not
// join them; and the child starts in the container's directory, whose
// names it then reaches without searching warren's directories above.
// This thread's own are taken back when this goes.
class JoinedForClone {
 public:
  JoinedForClone() = default;
  JoinedForClone(const JoinedForClone&) = delete;
  JoinedForClone& operator=(const JoinedForClone&) = delete;
  ~JoinedForClone();
  // Joins the namespace of `type` (CLONE_NEWNET, ...) at `fd`; throws.
  void join(int fd, int type);
  // Joins the network namespace at `fd` (if any) as the host's root and
  // sets it up there: lo up (with `loopback`), and, since the container's
  // root holds no capability over it, ports below 1024 every user's (as
  // in Docker's containers). False when there was none to join.
  bool join_network(int fd, bool loopback);
  void enter(const std::string& dir);

 private:
  std::vector<std::pair<base::UniqueFd, int>> own_;
  base::UniqueFd cwd_;
};

}  // namespace launch
