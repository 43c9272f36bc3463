// SPDX-License-Identifier: GPL-2.0-or-later
// tests/temp_netns.h: helpers for kernel tests: a named network namespace
// in a temp dir that is removed with the object, and running a shell
// command (ip -j, ping, nft) to check the kernel from the outside.
#pragma once

#include <string>

#include "netns/namespace.h"

namespace testing {

// A temp dir removed (recursively) with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class TempNetns {
 public:
  explicit TempNetns(const std::string& name);
  ~TempNetns();
  const netns::Namespace& ns() const { return ns_; }
  const std::string& path() const { return ns_.path(); }
  // "nsenter --net=PATH " to prefix commands with.
  std::string enter() const { return "nsenter --net=" + path() + " "; }

 private:
  TempDir dir_;
  std::string name_;
  netns::Namespace ns_;
};

struct Output {
  int status;
  std::string out;
};

// Runs `cmd` under /bin/sh, returning its exit status and stdout.
Output sh(const std::string& cmd);

}  // namespace testing
