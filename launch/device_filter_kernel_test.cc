// SPDX-License-Identifier: GPL-2.0-or-later
// launch/device_filter_kernel_test.cc: the v2 device program, attached to
// a real cgroup v2 directory, as root (tag [root]: the rootless run of the
// kernel tests leaves it out; hybrid machines have one at
// /sys/fs/cgroup/unified, v2 machines at /sys/fs/cgroup): a child moved
// into it opens the allowed node and is refused the other.
#include "launch/device_filter.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <catch2/catch.hpp>

#include "base/file.h"
#include "launch/cgroups.h"

namespace launch {
namespace {

std::string v2_root() {
  return ::access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified";
}

TEST_CASE("the device program allows /dev/null and denies /dev/zero in a real v2 cgroup", "[netns][cgroups][root]") {
  std::string dir = v2_root() + "/warren-device-test-" + std::to_string(::getpid());
  REQUIRE(::mkdir(dir.c_str(), 0755) == 0);
  attach_device_filter(dir, {parse_device_rule("c 1:3 rwm")});
  pid_t pid = ::fork();
  if (pid == 0) {
    std::string me = std::to_string(::getpid());
    int procs = ::open((dir + "/cgroup.procs").c_str(), O_WRONLY);
    if (procs < 0 || ::write(procs, me.data(), me.size()) < 0) ::_exit(10);
    int null = ::open("/dev/null", O_RDWR);
    if (null < 0) ::_exit(11);
    int zero = ::open("/dev/zero", O_RDONLY);
    ::_exit(zero < 0 && errno == EPERM ? 0 : 12);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::rmdir(dir.c_str());
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

}  // namespace
}  // namespace launch
