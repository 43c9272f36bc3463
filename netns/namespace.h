// SPDX-License-Identifier: GPL-2.0-or-later
// netns/namespace.h: network namespaces as handles. A namespace is an open
// nsfs fd; a named one is that nsfs bind-mounted on a file in a run dir, so
// it outlives every process in it. Work that must happen inside a namespace
// runs on a short-lived helper thread, never on the caller's thread.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>

#include "base/error.h"
#include "base/fd.h"

namespace netns {

class Namespace {
 public:
  // The network namespace of the calling thread.
  static Namespace current();
  // A namespace by path: a bind mount, /proc/PID/ns/net, ...
  static Namespace open(const std::string& path);
  // nullopt when nothing is at `path`.
  static std::optional<Namespace> try_open(const std::string& path);

  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }
  // The nsfs inode: two handles name the same namespace when these match.
  ino_t inode() const;

 private:
  Namespace(base::UniqueFd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}
  base::UniqueFd fd_;
  std::string path_;
};

// Make a new network namespace and bind-mount it at dir/name. Fails with
// EEXIST if the name is taken; leaves nothing behind on failure.
Namespace create_named(const std::string& dir, const std::string& name);

// Unmount and unlink dir/name. Already gone counts as success.
void remove_named(const std::string& dir, const std::string& name);

// Undo create_named's shared mount of `dir` itself (the namespaces in it
// unmounted first), so that the directory can be removed. Not a mount
// point, or gone, counts as success.
void release_named_dir(const std::string& dir);

// Switches the calling thread into `target` and back on every exit path.
// Prefer run_in(); this is for code that cannot move to a helper thread.
class ScopedEnter {
 public:
  explicit ScopedEnter(const Namespace& target);
  ScopedEnter(const ScopedEnter&) = delete;
  ScopedEnter& operator=(const ScopedEnter&) = delete;
  ~ScopedEnter();

 private:
  Namespace saved_;
};

// Runs f() on a helper thread that has joined `ns`, and returns its result
// or rethrows its exception. Sockets and /proc/sys files opened there stay
// bound to `ns` after the thread is gone.
template <typename F>
auto run_in(const Namespace& ns, F f) -> decltype(f()) {
  using R = decltype(f());
  std::exception_ptr error;
  std::optional<std::conditional_t<std::is_void_v<R>, bool, R>> result;
  std::thread worker([&] {
    try {
      ScopedEnter enter{ns};
      if constexpr (std::is_void_v<R>) {
        f();
        result.emplace(true);
      } else {
        result.emplace(f());
      }
    } catch (...) {
      error = std::current_exception();
    }
  });
  worker.join();
  if (error) std::rethrow_exception(error);
  if constexpr (!std::is_void_v<R>) return std::move(*result);
}

}  // namespace netns
