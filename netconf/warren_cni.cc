// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/warren_cni.cc: warren-cni, each built-in plugin as a CNI executable
// for other runtimes (containerd, CRI-O, Kubernetes): run through a symlink
// named after the type (bridge, host-local, loopback, tuning) or as
// `warren-cni TYPE`. The CNI protocol: CNI_* in the environment, the config
// on stdin, the result or an error object on stdout.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include "cni/error.h"
#include "cni/plugin.h"
#include "cni/result.h"
#include "config/environment.h"

namespace {

std::vector<std::string> split_path(const std::string& p) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= p.size()) {
    size_t c = p.find(':', i);
    if (c == std::string::npos) c = p.size();
    if (c > i) out.push_back(p.substr(i, c - i));
    i = c + 1;
  }
  return out;
}

std::string plugin_type(int argc, char** argv) {
  std::string self = argv[0];
  if (auto slash = self.rfind('/'); slash != std::string::npos) self = self.substr(slash + 1);
  const auto& types = cni::builtin_types();
  if (std::find(types.begin(), types.end(), self) != types.end()) return self;
  if (argc > 1) return argv[1];
  return {};
}

std::string version_answer(const std::string& input) {
  std::string version = cni::supported_versions().back();
  if (!input.empty()) {
    base::json::Document d = base::json::parse(input, "error parsing network config");
    if (auto v = base::json::opt_string(d, "cniVersion", "network config")) version = *v;
  }
  base::json::Object o;
  o.add("cniVersion", version).add_strings("supportedVersions", cni::supported_versions());
  return base::json::dump(o.value());
}

int run(const std::string& type, std::string& version) {
  std::string input{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  // The CNI protocol's variables, read once with the rest of the environment.
  const config::Environment vars = config::Environment::of_process(
      {"CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_ARGS", "CNI_PATH"});
  auto var = [&](const char* name) { return vars.get(name).value_or(""); };
  cni::Env env{var("CNI_COMMAND"), var("CNI_CONTAINERID"), var("CNI_NETNS"),
               var("CNI_IFNAME"), var("CNI_ARGS"), split_path(var("CNI_PATH"))};
  if (env.command.empty()) throw cni::Error(cni::kInvalidEnvironment, "required env variables [CNI_COMMAND] missing");
  if (env.command == "VERSION") {
    fmt::print("{}\n", version_answer(input));
    return 0;
  }
  base::json::Document conf = base::json::parse(input, "error parsing network config");
  if (!conf.IsObject()) throw cni::Error(cni::kDecodingFailure, "error parsing network config: not a JSON object");
  std::string asked = base::json::string(conf, "cniVersion", "network config");
  cni::check_version(asked);
  version = asked;  // errors from here on speak the config's version
  if (!cni::find_builtin(type)) throw cni::Error(cni::kGeneric, fmt::format("warren-cni has no plugin \"{}\"", type));
  auto result = cni::invoke(type, conf, env);
  if (result) fmt::print("{}\n", cni::result_json(*result, version));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // A plugin we exec may close its stdin early; that is not our death.
  ::signal(SIGPIPE, SIG_IGN);
  std::string type = plugin_type(argc, argv);
  std::string version;
  try {
    if (type.empty()) {
      throw cni::Error(cni::kInvalidEnvironment, "usage: warren-cni TYPE, or run through a symlink named after the type");
    }
    return run(type, version);
  } catch (...) {
    cni::Error e = cni::to_cni_error(std::current_exception());
    fmt::print("{}\n", cni::error_json(e, version.empty() ? cni::supported_versions().back() : version));
    return 1;
  }
}
