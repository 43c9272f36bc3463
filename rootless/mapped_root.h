// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/mapped_root.h: work on files a regular user's containers own
// (through its /etc/subuid ranges, ids the user cannot touch from the
// host), done as root of a user namespace with the same maps, as `podman
// unshare` does it.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

#include "base/fd.h"
#include "rootless/userns.h"

namespace rootless {

// Runs `work` in a child process, root of a new user namespace with
// `maps` (or, called from the user's network namespace, whose maps are
// the user's, root there); its error (a base::Error's text) is thrown here.
void as_mapped_root(const IdMaps& maps, const std::function<void()>& work);

// A forked child doing `work` while the caller goes on: root of a new user
// namespace with `maps`, or (null) in the caller's own, for namespaces
// joined or unshared there alone. finish() waits for it and throws its
// error; destroyed unfinished, it is waited for with its error dropped.
// The child inherits every fd: `work` closes those it must not hold.
class ChildWork {
 public:
  static ChildWork start(const IdMaps* maps, const std::function<void()>& work);
  ChildWork(ChildWork&& o) noexcept : pid_(o.pid_), report_(std::move(o.report_)) { o.pid_ = 0; }
  ChildWork& operator=(ChildWork&&) = delete;
  ~ChildWork();
  void finish();

 private:
  ChildWork() = default;
  pid_t pid_ = 0;
  base::UniqueFd report_;
};

// A tree removed with base::remove_tree; as a regular user (`user`
// given), what the user alone may not remove (files of the containers'
// other users) is removed as root of a user namespace with the user's
// maps, read only then.
std::function<void(const std::string&)> tree_remover(const User* user);

}  // namespace rootless
