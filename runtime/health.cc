// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/health.cc: the check as an exec session, its result, the action.
#include "runtime/health.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/fd.h"
#include "image/image_store.h"
#include "monitor/cgroup.h"
#include "monitor/exec.h"
#include "monitor/monitor.h"
#include "runtime/containers.h"

namespace runtime {

namespace {

constexpr size_t kMaxOutput = 4096;

// The check's output (both streams, as Podman keeps them) until it ends or
// `timeout_ns` passes; false on the timeout.
bool read_output(int fd, int64_t timeout_ns, std::string& out) {
  int64_t deadline = base::now_ns() + timeout_ns;
  char buf[4096];
  for (;;) {
    int64_t left = deadline - base::now_ns();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left / 1000000 + 1, 1000)));
    if (n < 0 && errno != EINTR) return true;
    if (n <= 0) continue;
    ssize_t got = ::read(fd, buf, sizeof buf);
    if (got <= 0) return true;
    if (out.size() < kMaxOutput) out.append(buf, std::min(static_cast<size_t>(got), kMaxOutput - out.size()));
  }
}

int wait_code(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

store::HealthResult check_once(const config::Settings& settings, const store::ContainerStore& store, const store::Container& c) {
  const store::HealthConfig& h = c.config.health;
  image::ImageStore images(settings.paths.root, !settings.paths.rootless);
  monitor::ExecSpec spec;
  spec.target = c.state.pid;
  spec.process = monitor::container_process(settings, store, c, root_lower(images, store, c.config));
  spec.process.argv = h.test.front() == "CMD-SHELL" ? std::vector<std::string>{"/bin/sh", "-c", h.test.size() > 1 ? h.test[1] : ""}
                                                     : std::vector<std::string>(h.test.begin() + 1, h.test.end());
  std::erase_if(spec.process.env, [](const std::string& e) { return e.starts_with("HOSTNAME="); });
  if (auto cg = monitor::container_cgroup(settings.paths, c.config); cg && cg->exists()) spec.cgroup = cg->path();
  store::HealthResult r;
  r.start = base::rfc3339_now();
  std::string output;
  int code = 1;
  // Both streams into one pipe, which the exec monitor (a fork) writes.
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw base::sys_error(errno, "create a pipe");
  base::UniqueFd r_end(fds[0]), w_end(fds[1]);
  spec.output = w_end.get();
  pid_t pid = -1;
  try {
    pid = monitor::start_exec(spec);
  } catch (const base::Error& e) {
    output = e.what();
  }
  w_end.reset();
  if (pid > 0) {
    ::fcntl(r_end.get(), F_SETFL, O_NONBLOCK);
    if (read_output(r_end.get(), h.timeout_ns, output)) {
      code = wait_code(pid);
    } else {
      ::kill(pid, SIGTERM);  // passed on to the check
      ::usleep(200 * 1000);
      ::kill(pid, SIGKILL);
      wait_code(pid);
      output = fmt::format("Healthcheck command exceeded timeout of {}s", h.timeout_ns / 1000000000);
    }
  }
  while (!output.empty() && output.back() == '\n') output.pop_back();
  r.end = base::rfc3339_now();
  r.exit_code = code == 0 ? 0 : 1;
  r.output = output;
  return r;
}

// --health-on-failure, once it has turned unhealthy.
void act_on_failure(const config::Settings& settings, const store::ContainerStore& store, const store::Container& c) {
  const std::string& action = c.config.health.on_failure;
  if (action == "kill") {
    kill_container(settings, store, c.config.id, SIGKILL);
  } else if (action == "stop") {
    stop_container(settings, store, c.config.id, 10);
  } else if (action == "restart") {
    stop_container(settings, store, c.config.id, 10);
    image::ImageStore images(settings.paths.root, !settings.paths.rootless);
    start_container(settings, store, c.config.id, StartRequest{root_lower(images, store, c.config), false, false, -1});
  }
}

}  // namespace

std::string run_health_check(const config::Settings& settings, const store::ContainerStore& store, const std::string& name) {
  auto found = store.find(name);
  if (!found) {
    throw base::error("unable to look up {} to perform a health check: no container with name or ID \"{}\" found: no such container", name, name);
  }
  const store::Container& c = *found;
  if (!c.config.health.defined()) throw base::error("container {} has no defined healthcheck", c.config.id);
  if (state_of(settings, store, c).status != "running") throw base::error("container {} is not running", c.config.id);
  store::HealthResult r = check_once(settings, store, c);
  std::string status;
  bool turned_unhealthy = false;
  {
    base::FileLock lock = store.lock(c.config.id);
    auto now = reread(settings, store, c.config.id);
    if (!now || now->state.status != "running") return "unhealthy";
    store::HealthState& h = now->state.health;
    std::string before = h.status;
    auto started = base::parse_rfc3339(now->state.started).value_or(0);
    bool in_start = base::now_ns() - started < now->config.health.start_period_ns;
    store::apply_health_result(h, now->config.health, r, in_start);
    status = h.status;
    turned_unhealthy = status == "unhealthy" && before != "unhealthy";
    store.save_state(c.config.id, now->state);
  }
  if (turned_unhealthy && c.config.health.on_failure != "none") act_on_failure(settings, store, c);
  return status;
}

}  // namespace runtime
