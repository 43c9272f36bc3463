// SPDX-License-Identifier: GPL-2.0-or-later
// cni/plugin_dirs.cc: executable lookup.
#include "cni/plugin_dirs.h"

#include <sys/stat.h>
#include <unistd.h>

namespace cni {

std::optional<std::string> find_plugin(const std::vector<std::string>& dirs, const std::string& type) {
  // A type is a file name, never a path: "../../bin/sh" must not resolve.
  if (type.empty() || type.find('/') != std::string::npos || type == "." || type == "..") {
    return std::nullopt;
  }
  for (const auto& dir : dirs) {
    std::string path = dir + "/" + type;
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0) {
      return path;
    }
  }
  return std::nullopt;
}

}  // namespace cni
