// SPDX-License-Identifier: GPL-2.0-or-later
// cni/exec.cc: fork, exec and talk to an external CNI plugin.
#include "cni/exec.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/log.h"
#include "base/signals.h"
#include "cni/error.h"

extern char** environ;

namespace cni {

namespace {

struct Pipe {
  base::UniqueFd read, write;
};

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw base::sys_error(errno, "pipe");
  return {base::UniqueFd(fds[0]), base::UniqueFd(fds[1])};
}

std::vector<std::string> child_environment(const Env& env) {
  std::vector<std::string> out;
  // Keep the caller's environment (PATH, ...), minus any stale CNI_*.
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "CNI_", 4) != 0) out.emplace_back(*e);
  }
  std::string path;
  for (const auto& p : env.path) path += (path.empty() ? "" : ":") + p;
  out.push_back("CNI_COMMAND=" + env.command);
  out.push_back("CNI_CONTAINERID=" + env.container_id);
  out.push_back("CNI_NETNS=" + env.netns);
  out.push_back("CNI_IFNAME=" + env.ifname);
  out.push_back("CNI_ARGS=" + env.args);
  out.push_back("CNI_PATH=" + path);
  return out;
}

}  // namespace

ExecOutput exec_plugin(const std::string& path, const Env& env, const std::string& input,
                       std::chrono::milliseconds timeout) {
  Pipe in = make_pipe(), out = make_pipe(), err = make_pipe();
  std::vector<std::string> envs = child_environment(env);
  std::vector<char*> envp;
  for (auto& e : envs) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw base::sys_error(errno, "fork for plugin {}", path);
  if (pid == 0) {
    base::unblock_all_signals();
    ::dup2(in.read.get(), 0);
    ::dup2(out.write.get(), 1);
    ::dup2(err.write.get(), 2);
    char* argv[] = {const_cast<char*>(path.c_str()), nullptr};
    ::execve(path.c_str(), argv, envp.data());
    ::_exit(127);
  }
  in.read.reset();
  out.write.reset();
  err.write.reset();
  // The plugin may answer before reading all of stdin: never block on it.
  ::fcntl(in.write.get(), F_SETFL, O_NONBLOCK);
  ExecOutput res;
  size_t sent = 0;
  if (input.empty()) in.write.reset();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out.read || err.read) {
    std::vector<pollfd> fds;
    if (in.write) fds.push_back({in.write.get(), POLLOUT, 0});
    if (out.read) fds.push_back({out.read.get(), POLLIN, 0});
    if (err.read) fds.push_back({err.read.get(), POLLIN, 0});
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      res.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    int n = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw base::sys_error(errno, "poll plugin {}", path);
    for (const auto& p : fds) {
      if (!p.revents) continue;
      if (in.write && p.fd == in.write.get()) {
        ssize_t w = ::write(p.fd, input.data() + sent, input.size() - sent);
        if (w > 0) sent += static_cast<size_t>(w);
        if (w < 0 && errno != EAGAIN) in.write.reset();
        if (sent == input.size()) in.write.reset();
        continue;
      }
      char buf[8192];
      ssize_t r = ::read(p.fd, buf, sizeof buf);
      bool is_out = out.read && p.fd == out.read.get();
      if (r > 0) {
        (is_out ? res.out : res.err).append(buf, static_cast<size_t>(r));
      } else if (r == 0 || errno != EINTR) {
        (is_out ? out.read : err.read).reset();
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  res.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  LOG_DEBUG("cni: exec {} {} -> {}", path, env.command, res.timed_out ? "timeout" : std::to_string(res.status));
  return res;
}

std::string run_plugin(const std::string& path, const Env& env, const std::string& input) {
  ExecOutput o = exec_plugin(path, env, input, env.timeout);
  std::string stderr_text = o.err;
  while (!stderr_text.empty() && stderr_text.back() == '\n') stderr_text.pop_back();
  if (o.timed_out) {
    throw Error(kTryAgainLater, fmt::format("plugin {} timed out after {}ms", path, env.timeout.count()), stderr_text);
  }
  if (o.status == 0) return o.out;
  if (o.status == 127 && o.out.empty()) throw Error(kGeneric, fmt::format("cannot execute plugin {}", path), stderr_text);
  // The protocol: an error object on stdout. Anything else is reported raw.
  std::optional<base::json::Document> answer;
  try {
    answer = base::json::parse(o.out, "plugin error");
  } catch (const base::Error&) {
  }
  if (!answer || !answer->IsObject()) {
    throw Error(kGeneric, fmt::format("plugin {} failed with exit status {}", path, o.status),
                stderr_text.empty() ? o.out : stderr_text);
  }
  int code = static_cast<int>(base::json::opt_int(*answer, "code", "plugin error").value_or(kGeneric));
  std::string msg = base::json::opt_string(*answer, "msg", "plugin error").value_or("");
  std::string details = base::json::opt_string(*answer, "details", "plugin error").value_or("");
  if (!stderr_text.empty()) details += (details.empty() ? "" : "; ") + stderr_text;
  throw Error(code, fmt::format("plugin {} failed: {}", path, msg), details);
}

}  // namespace cni
