// SPDX-License-Identifier: GPL-2.0-or-later
// cli/exec.cc: exec, one more process in a running container.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "base/error.h"
#include "cli/attach.h"
#include "cli/commands.h"
#include "runtime/containers.h"
#include "store/container_store.h"
#include "monitor/cgroup.h"
#include "monitor/detach_keys.h"
#include "monitor/exec.h"
#include "image/image_store.h"
#include "launch/capabilities.h"
#include "launch/launcher.h"
#include "launch/seccomp_profile.h"
#include "monitor/monitor.h"

namespace cli {

namespace {

// Podman's exec reports its own refusals with 255, not 125.
constexpr int kExecRefused = 255;
// But no command at all is warren's usage error, 125, as issue 21 asks
// (Podman 4.3 says 255 here too).
constexpr int kNoCommand = 125;

// The container's process as exec changes it: -e, -w, -u, -t.
launch::ProcessSpec exec_process(const config::Settings& settings, const store::ContainerStore& store, const store::Container& c,
                                  const std::string& lower, const cxxopts::ParseResult& r, const Args& command) {
  store::ContainerConfig cfg = c.config;
  if (r.count("user")) cfg.user = r["user"].as<std::string>();
  if (r.count("privileged")) cfg.privileged = true;  // every capability, for this process
  store::Container as_exec{cfg, c.state};
  launch::ProcessSpec p;
  try {
    p = monitor::container_process(settings, store, as_exec, lower);
    // The container's filter, even for a --privileged exec (Podman's).
    if (r.count("privileged") && !c.config.privileged) {
      p.seccomp = launch::profile_filter(c.config.seccomp_profile, settings.conf.containers.seccomp_profile,
                                         launch::merge_capabilities(c.config.cap_add, c.config.cap_drop), settings.paths.runroot + "/seccomp");
    }
  } catch (const base::Error& e) {
    throw ExitError(kExecRefused, e.what());
  }
  p.argv = command;
  std::erase_if(p.env, [](const std::string& e) { return e.starts_with("HOSTNAME="); });  // as Podman's exec
  bool tty = r.count("tty") > 0;
  bool has_term = std::any_of(p.env.begin(), p.env.end(), [](const std::string& e) { return e.starts_with("TERM="); });
  try {
    p.env = with_env(p.env, tty && !has_term ? std::vector<std::string>{"TERM=xterm"} : std::vector<std::string>{},
                     env_values(r));
  } catch (const base::Error& e) {
    throw base::error("parsing environment variables: {}", e.what());
  }
  if (r.count("workdir")) p.workdir = r["workdir"].as<std::string>();
  p.terminal = tty;
  p.preserve_fds = preserved_fds(r);  // the exec monitor, a fork of this process, holds them
  return p;
}

}  // namespace

int exec_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("exec"), "Run a process in a running container", "[options] CONTAINER COMMAND [ARG...]");
  opts.add()("d,detach", "Run the exec session in detached mode (backgrounded)")
      ("i,interactive", "Keep STDIN open even if not attached")
      ("t,tty", "Allocate a pseudo-TTY. The default is false")
      ("e,env", "Set environment variables", cxxopts::value<std::string>(), "stringArray")
      ("env-file", "Read in a file of environment variables", cxxopts::value<std::string>(), "stringArray")
      ("privileged", "Give the process extended Linux capabilities inside the container.  The default is false")
      ("w,workdir", "Working directory inside the container", cxxopts::value<std::string>(), "string")
      ("u,user", "Sets the username or UID used and optionally the groupname or GID for the specified command",
       cxxopts::value<std::string>(), "string")
      ("l,latest", "Act on the latest container warren is aware of")
      ("preserve-fds", "Pass N additional file descriptors to the container", cxxopts::value<std::string>()->default_value("0"), "uint")
      ("detach-keys",
       "Select the key sequence for detaching a container. Format is a single character [a-Z] or a comma separated "
       "sequence of `ctrl-<value>`, where `<value>` is one of: `a-cf`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`",
       cxxopts::value<std::string>()->default_value(monitor::kDefaultDetachKeys), "string");
  Args rest;
  Args own = up_to_operand(opts, args, rest);
  auto r = parse(ctx, opts, own);
  if (!r) return 0;
  auto store = containers(ctx);
  std::optional<store::Container> target;
  if (r->count("latest")) {
    target = store.latest();
    if (!target) throw base::error("no such container");
  } else {
    if (rest.empty()) throw ExitError(kNoCommand, "must provide a non-empty command to start an exec session: invalid argument");
    target = store.get(rest.front());
    rest.erase(rest.begin());
  }
  const store::Container& c = *target;
  if (rest.empty()) throw ExitError(kNoCommand, "must provide a non-empty command to start an exec session: invalid argument");
  if (runtime::state_of(ctx.settings(), store, c).status != "running") {
    throw ExitError(kExecRefused, "can only create exec sessions on running containers: container state improper");
  }
  image::ImageStore images(ctx.paths().root, !ctx.paths().rootless);
  monitor::ExecSpec spec;
  spec.target = c.state.pid;
  spec.process = exec_process(ctx.settings(), store, c, runtime::root_lower(images, store, c.config), *r, rest);
  spec.interactive = r->count("interactive") > 0;
  spec.detach = r->count("detach") > 0;
  if (auto cg = monitor::container_cgroup(ctx.paths(), c.config); cg && cg->exists()) spec.cgroup = cg->path();
  spec.cgroup_enter = !ctx.paths().rootless;
  spec.oom_score_adj = c.config.resources.oom_score_adj;
  spec.has_oom_score_adj = c.config.resources.has_oom_score_adj;
  if (spec.process.terminal && spec.interactive) spec.detach_keys = (*r)["detach-keys"].as<std::string>();
  if (!spec.detach_keys.empty()) monitor::parse_detach_keys(spec.detach_keys);  // checked before anything runs
  RawMode raw(!spec.detach && spec.process.terminal);
  std::optional<HeldSignals> held;
  if (!spec.detach) held.emplace();
  int fds[2] = {-1, -1};
  if (!spec.detach && ::pipe2(fds, O_CLOEXEC) < 0) throw base::sys_error(errno, "create a pipe");
  base::UniqueFd exit_r(fds[0]), exit_w(fds[1]);
  spec.exited = exit_w.get();  // the exec monitor is a fork: the same fd there
  pid_t monitor;
  try {
    monitor = monitor::start_exec(spec);
  } catch (const base::LaunchError& e) {
    // A missing workdir counts as "not found" for exec, as in Podman.
    bool workdir = std::string_view(e.what()).starts_with("workdir");
    throw ExitError(workdir ? base::kExitNotFound : e.code(), e.what());
  }
  if (spec.detach) {
    fmt::print("{}\n", store::random_id());  // the exec session's id, as Podman prints one
    return 0;
  }
  exit_w.reset();
  int code = wait_attached(monitor, monitor, exit_r.get());  // the exec monitor passes signals on
  if (code == kDetached) return 0;
  launch::wait_exit(monitor);  // it ends once it wrote the code; reaped, it leaves the container's cgroup
  return code;
}

}  // namespace cli
