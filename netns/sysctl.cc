// SPDX-License-Identifier: GPL-2.0-or-later
// netns/sysctl.cc: /proc/sys access bound to a network namespace.
#include "netns/sysctl.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "base/error.h"
#include "base/fd.h"
#include "base/log.h"
#include "netns/namespace.h"

namespace netns {

std::string sysctl_path(const std::string& key) {
  if (key.empty() || key.find("..") != std::string::npos || key.front() == '/' ||
      key.front() == '.') {
    throw base::error("invalid sysctl \"{}\"", key);
  }
  std::string rel = key;
  if (rel.find('/') == std::string::npos) std::replace(rel.begin(), rel.end(), '.', '/');
  return "/proc/sys/" + rel;
}

namespace {

struct Opened {
  base::UniqueFd fd;
  int err = 0;  // errno is per thread: carry it out of the helper
};

Opened open_sysctl(const std::string& path, int flags, const Namespace* ns) {
  auto do_open = [&] {
    Opened o{base::UniqueFd{::open(path.c_str(), flags | O_CLOEXEC)}, 0};
    if (!o.fd) o.err = errno;
    return o;
  };
  return ns ? run_in(*ns, do_open) : do_open();
}

}  // namespace

std::optional<std::string> read_sysctl(const std::string& key, const Namespace* ns) {
  std::string path = sysctl_path(key);
  auto [fd, err] = open_sysctl(path, O_RDONLY, ns);
  if (!fd) {
    if (err == ENOENT) return std::nullopt;
    throw base::sys_error(err, "read sysctl {}", key);
  }
  char buf[4096];
  ssize_t n = ::read(fd.get(), buf, sizeof buf);
  if (n < 0) throw base::sys_error(errno, "read sysctl {}", key);
  std::string v(buf, static_cast<size_t>(n));
  while (!v.empty() && v.back() == '\n') v.pop_back();
  return v;
}

void write_sysctl(const std::string& key, const std::string& value, const Namespace* ns) {
  std::string path = sysctl_path(key);
  auto [fd, err] = open_sysctl(path, O_WRONLY, ns);
  if (!fd) throw base::sys_error(err, "write sysctl {}={}", key, value);
  if (::write(fd.get(), value.data(), value.size()) < 0) {
    throw base::sys_error(errno, "write sysctl {}={}", key, value);
  }
  LOG_DEBUG("sysctl: {}={}{}", key, value, ns ? " in " + ns->path() : "");
}

}  // namespace netns
