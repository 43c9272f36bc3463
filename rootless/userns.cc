// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/userns.cc: /etc/subuid ranges, newuidmap, uid_map.
#include "rootless/userns.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "rootless/probe.h"

namespace rootless {

namespace {

// The user's first range in a subordinate id file ("name:start:count" or
// "uid:start:count").
std::optional<IdRange> sub_range(const std::string& path, const std::string& name, uint32_t id) {
  auto text = base::read_file(path);
  if (!text) return std::nullopt;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    auto a = line.find(':'), b = line.find(':', a == std::string::npos ? 0 : a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    std::string who = line.substr(0, a);
    if (who != name && who != std::to_string(id)) continue;
    try {
      uint32_t start = static_cast<uint32_t>(std::stoul(line.substr(a + 1, b - a - 1)));
      uint32_t count = static_cast<uint32_t>(std::stoul(line.substr(b + 1)));
      if (count > 0) return IdRange{1, start, count};
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

bool executable(const char* path) { return ::access(path, X_OK) == 0; }

pid_t spawn_helper(const char* helper, pid_t pid, const std::vector<IdRange>& ranges) {
  std::vector<std::string> args = {helper, std::to_string(pid)};
  for (const auto& r : ranges) {
    for (uint32_t v : {r.inside, r.outside, r.count}) args.push_back(std::to_string(v));
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t child = ::fork();
  if (child < 0) throw base::sys_error(errno, "run {}", helper);
  if (child == 0) {
    ::execv(helper, argv.data());
    ::_exit(127);
  }
  return child;
}

void await_helper(const char* helper, pid_t child) {
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw base::error("{} for the container failed (exit {}): check the user's ranges in /etc/subuid and /etc/subgid",
                      helper, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  }
}

void write_map(pid_t pid, const char* file, const std::string& text) {
  std::string path = fmt::format("/proc/{}/{}", pid, file);
  base::UniqueFd fd{::open(path.c_str(), O_WRONLY | O_CLOEXEC)};
  if (!fd || ::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    throw base::sys_error(errno, "write {}", path);
  }
}

}  // namespace

IdMaps user_id_maps(const User& user, const std::string& subuid, const std::string& subgid) {
  IdMaps m;
  uid_t uid = user.uid;
  m.uids.push_back({0, uid, 1});
  m.gids.push_back({0, user.gid, 1});
  std::string name = user.name.empty() ? std::to_string(uid) : user.name;
  auto u = sub_range(subuid, name, uid), g = sub_range(subgid, name, uid);
  if (u && g && executable("/usr/bin/newuidmap") && executable("/usr/bin/newgidmap")) {
    m.uids.push_back(*u);
    m.gids.push_back(*g);
    m.ranges = true;
  }
  return m;
}

std::string id_maps_warning(const IdMaps& maps) {
  if (maps.ranges) return "";
  // Podman's words for it.
  return "Using rootless single mapping into the namespace. This might break some images. Check /etc/subuid and "
         "/etc/subgid for adding sub*ids if not using a network user";
}

void write_id_maps(pid_t pid, const IdMaps& maps) {
  if (maps.direct) {
    auto text = [](const std::vector<IdRange>& ranges) {
      std::string out;
      for (const auto& r : ranges) out += fmt::format("{} {} {}\n", r.inside, r.outside, r.count);
      return out;
    };
    write_map(pid, "uid_map", text(maps.uids));
    write_map(pid, "gid_map", text(maps.gids));
    return;
  }
  if (maps.ranges) {
    // Both at once: each is a setuid program's start, a few milliseconds.
    pid_t uids = spawn_helper("/usr/bin/newuidmap", pid, maps.uids);
    pid_t gids;
    try {
      gids = spawn_helper("/usr/bin/newgidmap", pid, maps.gids);
    } catch (...) {
      await_helper("/usr/bin/newuidmap", uids);
      throw;
    }
    std::exception_ptr failed;
    try {
      await_helper("/usr/bin/newuidmap", uids);
    } catch (...) {
      failed = std::current_exception();
    }
    await_helper("/usr/bin/newgidmap", gids);  // reaped either way
    if (failed) std::rethrow_exception(failed);
    return;
  }
  // Its own ids alone need no helper; a gid map so written needs setgroups off.
  write_map(pid, "uid_map", fmt::format("0 {} 1\n", maps.uids.front().outside));
  write_map(pid, "setgroups", "deny");
  write_map(pid, "gid_map", fmt::format("0 {} 1\n", maps.gids.front().outside));
}

void require_user_namespaces() {
  Capability c = probe_user_namespaces();
  if (c.usable) return;
  throw base::error("containers as a regular user need user namespaces, and this user cannot create one: {}", c.reason);
}

bool in_initial_user_namespace() {
  char buf[64] = {};
  int fd = ::open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC);
  ssize_t n = fd >= 0 ? ::read(fd, buf, sizeof buf - 1) : -1;
  if (fd >= 0) ::close(fd);
  if (n <= 0) return false;
  unsigned long inside = 1, outside = 1, count = 0;
  return std::sscanf(buf, "%lu %lu %lu", &inside, &outside, &count) == 3 && inside == 0 && outside == 0 && count == 4294967295UL;
}

}  // namespace rootless
