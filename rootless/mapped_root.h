// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/mapped_root.h: work on files a regular user's containers own
// (through its /etc/subuid ranges, ids the user cannot touch from the
// host), done as root of a user namespace with the same maps, as `podman
// unshare` does it.
#pragma once

#include <functional>
#include <string>

#include "rootless/userns.h"

namespace rootless {

// Runs `work` in a child process, root of a new user namespace with
// `maps`; its error (a base::Error's text) is thrown here.
void as_mapped_root(const IdMaps& maps, const std::function<void()>& work);

// A tree removed with base::remove_tree; as a regular user (`user`
// given), what the user alone may not remove (files of the containers'
// other users) is removed as root of a user namespace with the user's
// maps, read only then.
std::function<void(const std::string&)> tree_remover(const User* user);

}  // namespace rootless
