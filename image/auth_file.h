// SPDX-License-Identifier: GPL-2.0-or-later
// image/auth_file.h: registry credentials as containers-auth.json(5)
// keeps them: {"auths": {"KEY": {"auth": base64("user:password")}}}, KEY a
// registry (localhost:5000) or a namespace in it (quay.io/team). Read
// from the auth file, then Docker's config.json; written to the auth file
// only (mode 0600), keeping whatever else it holds.
#pragma once

#include <optional>
#include <string>

#include "image/registry.h"

namespace image {

// The credentials for `name` (host/repository or host): the most specific
// key of `auth_file` that covers it, else of `docker_file`.
std::optional<Credentials> find_credentials(const std::string& auth_file, const std::string& docker_file,
                                            const std::string& name);

void save_credentials(const std::string& auth_file, const std::string& key, const Credentials& creds);
// false when `key` had no entry.
bool remove_credentials(const std::string& auth_file, const std::string& key);
// Every entry goes; the file stays, with what else it holds.
void remove_all_credentials(const std::string& auth_file);

// "user:password" (--creds; the password may be asked for when absent).
Credentials parse_creds(const std::string& text);

}  // namespace image
