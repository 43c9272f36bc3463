// SPDX-License-Identifier: GPL-2.0-or-later
// tests/temp_netns.cc: temp dirs, temp namespaces and shell commands.
#include "tests/temp_netns.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include <stdexcept>

namespace testing {

TempDir::TempDir() {
  char tmpl[] = "/tmp/warren-test-XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() { sh("rm -rf '" + path_ + "'"); }

TempNetns::TempNetns(const std::string& name)
    : name_(name), ns_(netns::create_named(dir_.path(), name)) {}

TempNetns::~TempNetns() {
  try {
    netns::remove_named(dir_.path(), name_);
  } catch (...) {
  }
  // create_named made the dir a mount point; undo it so the dir can go.
  ::umount2(dir_.path().c_str(), MNT_DETACH);
}

Output sh(const std::string& cmd) {
  Output o{-1, {}};
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return o;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) o.out.append(buf, n);
  int st = ::pclose(p);
  o.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return o;
}

}  // namespace testing
