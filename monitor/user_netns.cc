// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/user_netns.cc: the user's network namespace, its holder, and
// joining it.
#include "monitor/user_netns.h"

#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/process_id.h"
#include "base/spawn.h"
#include "config/host.h"
#include "config/settings.h"
#include "dns/control.h"
#include "launch/launcher.h"
#include "netconf/user_network.h"
#include "rootless/userns.h"

namespace monitor {

namespace {

struct Files {
  std::string dir, lock, pid;
};

Files files_of(const config::Paths& p) {
  std::string dir = p.runroot + "/user-netns";
  return {dir, dir + "/lock", dir + "/pid"};
}

// The holder's pid file: "HOLDER START\nINFRA START\n".
struct Record {
  base::ProcessId holder, infra;
  bool alive() const { return holder.alive() && infra.alive(); }
};

std::optional<Record> read_record(const Files& f) {
  auto text = base::read_file(f.pid);
  if (!text) return std::nullopt;
  size_t nl = text->find('\n');
  if (nl == std::string::npos) return std::nullopt;
  std::string second = text->substr(nl + 1);
  if (!second.empty() && second.back() == '\n') second.pop_back();
  auto holder = base::ProcessId::parse(text->substr(0, nl)), infra = base::ProcessId::parse(second);
  if (!holder || !infra) return std::nullopt;
  return Record{*holder, *infra};
}

// What a child wrote on `fd` before it closed it (at most 4 kB kept).
std::string said_on(int fd) {
  std::string said;
  char buf[512];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0 && said.size() < 4096) said.append(buf, static_cast<size_t>(n));
  }
  return said;
}

// Started in a session of its own, no descendant of the caller's
// (base/spawn.h); its error, if it fails, comes back through a pipe.
void spawn_holder(const config::Paths& paths, const std::optional<base::ProcessId>& adopt) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw base::sys_error(errno, "create a pipe");
  base::UniqueFd r(fds[0]), w(fds[1]);
  std::vector<std::string> args = {config::helper_path("warren-monitor"), "--user-netns", "--root", paths.root, "--runroot",
                                   paths.runroot, "--network-config-dir", paths.network_config_dir, "--ready-fd", "3"};
  if (adopt) args.insert(args.end(), {"--adopt", adopt->text()});
  base::spawn_detached(args, w.get());
  w.reset();
  std::string said = said_on(r.get());
  if (said != "ok") {
    throw base::error("the user's network namespace: {}", said.empty() ? "its holder ended before it was ready" : said);
  }
}

}  // namespace

UserNetns ensure_user_netns(const config::Paths& paths) {
  Files f = files_of(paths);
  base::ensure_dir(f.dir, 0700);
  for (int attempt = 0; attempt < 3; ++attempt) {
    // One starter at a time; the users' lock apart, held shared by every
    // monitor for its container's life.
    base::FileLock starting = base::FileLock::acquire(f.dir + "/start.lock");
    base::sweep_temp_files(f.dir);  // what a holder killed mid-write left
    auto rec = read_record(f);
    if (!rec || !rec->alive()) {
      // A holder without its infra is on its way out; an infra without
      // its holder (killed) is adopted, with the containers on it.
      if (rec && rec->holder.alive()) {
        rec->holder.signal(SIGTERM);
        rec->holder.wait_exit(2000);
      }
      std::optional<base::ProcessId> adopt;
      if (rec && rec->infra.alive()) adopt = rec->infra;
      spawn_holder(paths, adopt);
    }
    // A holder that is ending holds it exclusively until it is gone.
    base::FileLock users = base::FileLock::acquire(f.lock, base::FileLock::Mode::shared);
    rec = read_record(f);
    if (rec && rec->alive()) return {std::move(users), rec->infra.pid, rec->holder.pid};
  }
  throw base::error("the user's network namespace ended while it was joined");
}

void enter_user_netns(const UserNetns& u) {
  // All three opened first: past the user namespace, /proc is seen from it.
  std::vector<std::pair<base::UniqueFd, int>> ns;
  for (auto [name, type] : {std::pair{"user", CLONE_NEWUSER}, {"mnt", CLONE_NEWNS}, {"net", CLONE_NEWNET}}) {
    std::string path = fmt::format("/proc/{}/ns/{}", u.infra, name);
    base::UniqueFd fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (!fd) throw base::sys_error(errno, "open {}", path);
    ns.emplace_back(std::move(fd), type);
  }
  for (const auto& [fd, type] : ns) {
    // Already in it (a restarting container's monitor, started from one that was).
    const char* own = type == CLONE_NEWUSER ? "/proc/self/ns/user" : type == CLONE_NEWNS ? "/proc/self/ns/mnt" : "/proc/self/ns/net";
    struct stat a {}, b {};
    if (::fstat(fd.get(), &a) == 0 && ::stat(own, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev) continue;
    if (::setns(fd.get(), type) < 0) throw base::sys_error(errno, "join the user's network namespace (pid {})", u.infra);
  }
}

bool in_user_netns(const config::Paths& paths, const std::function<void()>& fn) {
  Files f = files_of(paths);
  base::ensure_dir(f.dir, 0700);
  auto lock = base::FileLock::acquire(f.lock, base::FileLock::Mode::shared);
  auto rec = read_record(f);
  if (!rec || !rec->infra.alive()) return false;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw base::sys_error(errno, "create a pipe");
  base::UniqueFd r(fds[0]), w(fds[1]);
  ::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw base::sys_error(errno, "fork");
  if (pid == 0) {
    r.reset();
    try {
      enter_user_netns(UserNetns{std::move(lock), rec->infra.pid, rec->holder.pid});
      fn();
      ::_exit(0);
    } catch (const std::exception& e) {
      std::string what = e.what();
      (void)!::write(w.get(), what.data(), what.size());
      ::_exit(1);
    }
  }
  w.reset();
  std::string said = said_on(r.get());
  int code = launch::wait_exit(pid);
  if (!said.empty()) throw base::error("{}", said);
  if (code != 0) throw base::error("in the user's network namespace: exit {}", code);
  return true;
}

pid_t user_netns_infra(const config::Paths& paths) {
  auto rec = read_record(files_of(paths));
  return rec && rec->alive() ? rec->infra.pid : 0;
}

void nudge_user_netns(const config::Paths& paths) {
  if (auto rec = read_record(files_of(paths))) rec->holder.signal(SIGUSR1);
}

namespace {

// The way out: the agent makes the tap in the infra's namespaces (with
// the stack's default addresses, 10.0.2.100 via 10.0.2.2 and fd00::100
// via fd00::2), and the stack runs on it in this process.
void start_stack(netconf::UserNet& net, pid_t infra) {
  rootless::TapConfig tap;
  tap.address6 = "fd00::100/64";  // IPv6 too, for the networks made with --ipv6
  tap.gateway6 = "fd00::2";
  rootless::SlirpOptions options;
  options.enable_ipv6 = true;
  net.agent.emplace(rootless::NsAgent::start(infra, tap, config::helper_path("warren-agent")));
  net.stack = std::make_unique<rootless::SlirpStack>(net.agent->take_tap(), options);
}

// No container left on it: RUNROOT/netns has no entry (one is a bind
// mount in the namespace, or a killed monitor's, until reconciled).
bool idle(const std::string& netns_dir) {
  DIR* d = ::opendir(netns_dir.c_str());
  if (!d) return true;
  bool empty = true;
  while (dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) empty = false;
  }
  ::closedir(d);
  return empty;
}

// Until no one needs it (looked at when nudged, and every 5 s), the
// infra ends, or SIGTERM; then the infra and the record go.
void serve(const Files& f, const config::Paths& paths, const base::ProcessId& infra, int signals) {
  base::UniqueFd ended{static_cast<int>(::syscall(SYS_pidfd_open, infra.pid, 0))};
  std::optional<base::FileLock> lock;
  for (;;) {
    pollfd p[2] = {{signals, POLLIN, 0}, {ended.get(), POLLIN, 0}};
    if (::poll(p, 2, 5000) < 0 && errno != EINTR) break;
    if (p[1].revents) break;
    if (p[0].revents) {
      signalfd_siginfo si;
      if (::read(signals, &si, sizeof si) == sizeof si && si.ssi_signo != SIGUSR1) break;
    }
    lock = base::FileLock::try_acquire(f.lock);
    if (lock && idle(paths.netns_dir())) break;
    lock.reset();
  }
  infra.signal(SIGKILL);
  infra.wait_exit(2000);
  base::remove_file(f.pid);  // last: gone means gone
}

}  // namespace

int user_netns_main(int argc, char** argv) {
  std::string root, runroot, network_config_dir, adopt;
  int ready_fd = -1;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--root") root = value();
    else if (a == "--runroot") runroot = value();
    else if (a == "--network-config-dir") network_config_dir = value();
    else if (a == "--ready-fd") ready_fd = std::atoi(value().c_str());
    else if (a == "--adopt") adopt = value();
  }
  if (ready_fd < 0 || root.empty() || runroot.empty()) {
    std::fprintf(stderr, "warren-monitor is started by warren, not by hand\n");
    return 125;
  }
  base::UniqueFd ready(ready_fd);
  ::fcntl(ready_fd, F_SETFD, FD_CLOEXEC);
  ::mallopt(M_ARENA_MAX, 1);
  auto say = [&](const std::string& what) {
    if (ready) (void)!::write(ready.get(), what.data(), what.size());
    ready.reset();
  };
  try {
    config::PathOverrides given{root, runroot, network_config_dir};
    const config::Settings settings = config::load_settings(config::Environment::of_process(), given);
    Files f = files_of(settings.paths);
    // Blocked before the stack's thread starts, so that it inherits the mask.
    sigset_t set;
    ::sigemptyset(&set);
    for (int sig : {SIGUSR1, SIGTERM, SIGINT, SIGHUP}) ::sigaddset(&set, sig);
    ::sigprocmask(SIG_BLOCK, &set, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    base::UniqueFd signals{::signalfd(-1, &set, SFD_CLOEXEC)};
    netconf::UserNet net;
    std::optional<base::ProcessId> infra = base::ProcessId::parse(adopt);
    if (infra && infra->alive()) {
      start_stack(net, infra->pid);
    } else {
      // A responder of an earlier namespace serves addresses that are gone.
      dns::DnsPaths dns{settings.paths.root, settings.paths.runroot, settings.paths.network_config_dir};
      if (int old = dns::dns_responder_pid(dns)) ::kill(old, SIGTERM);
      launch::InfraSpec spec{"", true, "", true, config::helper_path("warren-infra")};
      spec.user_namespace = true;
      spec.id_maps = rootless::user_id_maps(launch::user_of(settings.env));
      spec.new_mount = true;
      // Names beyond the networks' own, asked of warren-dns in there, go on
      // to the stack's DNS forwarder (which asks the host's resolvers).
      spec.resolv_conf = f.dir + "/resolv.conf";
      base::write_file_atomic(spec.resolv_conf, "nameserver 10.0.2.3\n", 0644, false);
      spec.on_namespaces = [&](pid_t pid) { start_stack(net, pid); };
      infra = base::ProcessId::of(launch::launch_infra(spec));
      if (!infra) throw base::error("the namespaces' holder ended at once");
    }
    base::write_file_atomic(f.pid, base::ProcessId::self().text() + "\n" + infra->text() + "\n", 0600, false);
    say("ok");
    serve(f, settings.paths, *infra, signals.get());
    return 0;
  } catch (const std::exception& e) {
    say(e.what());
    return 125;
  }
}

}  // namespace monitor
