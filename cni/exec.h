// SPDX-License-Identifier: GPL-2.0-or-later
// cni/exec.h: running an external plugin by the CNI executable protocol:
// CNI_* in the environment, the config on stdin, a result or an error
// object on stdout, a timeout, and the plugin's stderr kept for the error.
#pragma once

#include <chrono>
#include <string>

#include "cni/plugin.h"

namespace cni {

struct ExecOutput {
  int status = -1;       // exit status; -1 when killed
  std::string out;
  std::string err;
  bool timed_out = false;
};

// Run `path` with `env` and `input` on stdin; never throws for the
// plugin's own failure, only for failing to run it.
ExecOutput exec_plugin(const std::string& path, const Env& env, const std::string& input,
                       std::chrono::milliseconds timeout);

// exec_plugin with env.timeout, then the protocol: the plugin's stdout, or
// a cni::Error from its error object, with its stderr in the details.
std::string run_plugin(const std::string& path, const Env& env, const std::string& input);

}  // namespace cni
