// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/monitor.cc: fork, report over a pipe, relay the output, record the end.
#include "monitor/initialized.h"
#include "monitor/notify.h"
#include "monitor/monitor.h"

#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/log.h"
#include "base/process_id.h"
#include "base/resident.h"
#include "base/scope.h"
#include "base/signals.h"
#include "config/host.h"
#include "rootless/userns.h"
#include "netconf/container_network.h"
#include "dns/control.h"
#include "launch/launcher.h"
#include "monitor/cgroup.h"
#include "monitor/shm.h"
#include "monitor/container_stdio.h"
#include "monitor/container_spec.h"
#include "monitor/health_ticker.h"
#include "monitor/journal.h"
#include "monitor/relay.h"
#include "monitor/restart.h"
#include "monitor/root_mount.h"
#include "monitor/user_netns.h"
#include "monitor/user_volumes.h"
#include "monitor/volumes.h"
#include "store/events.h"
#include "store/volume_store.h"
#include "netconf/user_network.h"

namespace monitor {

namespace {

// What the monitor tells the CLI: the exit code it would have (0: running)
// and a message.
struct Report {
  int code = 0;
  int err = 0;
  char msg[512] = {};
};

void send_report(int fd, int code, int err, const char* msg) {
  Report r{code, err, {}};
  std::strncpy(r.msg, msg, sizeof r.msg - 1);
  ssize_t ignored = ::write(fd, &r, sizeof r);
  (void)ignored;
}

// The responder, if one runs, reads warren's state again; a failure is
// the responder's to report, not this container's.
void tell_dns(const dns::DnsPaths& dns) {
  if (dns::dns_responder_pid(dns) == 0) return;
  try {
    dns::refresh_dns(dns, false);
  } catch (const base::Error&) {
  }
}

// The container's first process started as its config says: its
// output through `pipes` or a terminal; a pod's infra, the holder of its
// namespaces, with no image and no output (unless pod create
// --infra-image gave it one: then it runs as a container).
launch::Launched start_process(const store::ContainerStore& store, const store::Container& c, const MonitorOptions& opts,
                               const config::Settings& settings, netconf::ContainerNetwork& net, Pipes& pipes,
                               netconf::UserNet& user_net, const launch::Cgroup* cg, const std::function<void(pid_t)>& hold,
                               const std::optional<Notify>& notify, const UserVolumes& volumes) {
  const store::ContainerConfig& cfg = c.config;
  if (cfg.infra && cfg.image_id.empty()) {
    own_etc_files(store, cfg, net);  // for the members
    container_shm(store, cfg, settings.rootless());  // the members' /dev/shm
    return {launch::launch_infra(infra_spec(store, cfg, settings, net, user_net, cg)), {}};
  }
  launch::LaunchSpec spec = launch_spec(store, c, opts.lower, settings, net, user_net, cg, volumes);
  spec.process.preserve_fds = opts.preserve_fds;
  if (notify) add_notify_socket(*notify, spec);
  if (hold) {
    spec.on_namespaces = [before = spec.on_namespaces, &hold](pid_t pid) {
      if (before) before(pid);
      hold(pid);
    };
  }
  if (cfg.tty) {
    spec.process.terminal = spec.process.console = true;
    if (opts.attached) ::ioctl(0, TIOCGWINSZ, &spec.process.size);
  } else {
    pipes = make_pipes(cfg.interactive, opts.attached);
    spec.process.out = pipes.out_w.get();
    spec.process.err = pipes.err_w.get();
    spec.process.in = cfg.interactive ? (opts.attached ? 0 : pipes.in_r.get()) : pipes.null.get();
  }
  return launch::launch(spec);
}

[[noreturn]] void run_monitor(const config::Settings& settings, const store::ContainerStore& store, const store::Container& c,
                              const MonitorOptions& opts, const std::function<void()>& ready) {
  const store::ContainerConfig& cfg = c.config;
  bool attached = opts.attached;
  Pipes pipes;
  // Its cgroup first: a limit the kernel refuses fails the start before
  // any network is set up.
  std::optional<launch::Cgroup> cg = split_cgroup(settings.paths, cfg);
  if (cg) {
    try {
      // A pod member's parent is the pod's cgroup, with the pod's limits.
      if (!cfg.pod.empty()) {
        auto pod = store::PodStore(settings.paths.root).find(cfg.pod);
        if (pod && pod->cgroup && cfg.cgroup_parent == pod->cgroup_path()) make_pod_cgroup(*pod);
      }
      cg = make_container_cgroup(*cg, cfg);
    } catch (const base::Error& e) {
      throw base::LaunchError(125, 0, e.what());
    }
  }
  auto no_cgroup = base::on_failure([&] {
    if (cg) cg->remove();
  });
  std::optional<UserNetns> user_netns;  // a regular user's bridge networks: held while the container runs
  std::optional<Restarter> restarter;   // its next run's monitor, started from outside them
  bool restarts = !cfg.restart_policy.empty() && cfg.restart_policy != "no";
  if (settings.rootless() && cfg.network.is_bridge() && restarts) restarter.emplace(Restarter::fork_outside(store, cfg.id, opts));
  UserVolumes user_volumes = UserVolumes::prepare(settings, cfg, opts.lower);  // before any other user namespace
  netconf::ContainerNetwork net = netconf::setup_container_network(store, cfg, settings, opts.default_gateway, [&] {
    user_netns.emplace(ensure_user_netns(settings.paths));
    enter_user_netns(*user_netns);
  });
  dns::DnsPaths dns{store.root(), store.runroot(), settings.paths.network_config_dir};
  auto undo = base::on_failure([&] {
    release_shm(store, cfg, settings.rootless());  // made with the launch spec, if it got that far
    netconf::teardown_container_network(store, cfg, settings.paths, net);
    store.save_state(cfg.id, c.state);
    if (!net.dns_responders.empty()) tell_dns(dns);  // it may have read this container already
    try {
      release_volume_mounts(settings, store, cfg);
    } catch (const base::Error&) {
    }
  });
  const base::ProcessId me = base::ProcessId::self();
  if (!net.dns_responders.empty()) {
    // Its names answer before it runs: the responder reads them from here.
    store::ContainerState attached = c.state;
    attached.monitor = me.pid;
    attached.monitor_start = me.start;
    attached.networks = net.networks;
    store.save_state(cfg.id, attached);
    try {
      dns::refresh_dns(dns, true);
    } catch (const base::Error& e) {
      throw base::LaunchError(125, e);
    }
  }
  netconf::UserNet user_net;
  std::function<void(pid_t)> hold;
  if (opts.init_only) hold = [&](pid_t pid) { hold_initialized(store, c, net, pid, ready); };
  std::optional<Notify> notify = prepare_notify(settings, store, cfg);  // --sdnotify under systemd
  launch::Launched l = start_process(store, c, opts, settings, net, pipes, user_net, cg ? &*cg : nullptr, hold, notify, user_volumes);
  for (int fd = 3; fd < 3 + opts.preserve_fds; ++fd) ::close(fd);  // the container's now
  // Until the record says "running", a failure (a full or read-only run
  // dir) ends what was started: a container never runs on unrecorded.
  auto stop_it = base::on_failure([&] {
    ::kill(l.pid, SIGKILL);  // its first process: the whole PID namespace goes with it
    launch::wait_exit(l.pid);
    user_net.stop();
  });
  netconf::start_loopback_forwarder(cfg, net);  // threads only once the container is cloned
  pipes.out_w.reset();
  pipes.err_w.reset();
  pipes.in_r.reset();  // pipes.in_w stays open: stdin without end for -i detached
  store::ContainerState s = c.state;
  s.status = "running";
  s.restarting = false;
  s.oom_killed = false;
  s.health = {};
  if (cfg.health.defined()) s.health.status = "starting";
  if (auto cur = store.find(cfg.id)) s.stop_requested = cur->state.stop_requested;  // a stop while this one started
  s.pid = l.pid;
  s.pid_start = base::ProcessId::of(l.pid).value_or(base::ProcessId{}).start;
  s.monitor = me.pid;
  s.monitor_start = me.start;
  s.started = base::rfc3339_now();
  s.networks = net.networks;
  store.save_state(cfg.id, s);
  if (!cfg.pidfile.empty()) base::overwrite_file(cfg.pidfile, std::to_string(l.pid), 0644);  // --pidfile; a failure ends the start
  if (!cfg.conmon_pidfile.empty()) base::overwrite_file(cfg.conmon_pidfile, std::to_string(me.pid), 0644);
  stop_it.dismiss();
  undo.dismiss();
  no_cgroup.dismiss();
  store::record_events(settings.paths, {store::container_event(cfg, "init"), store::container_event(cfg, "start")});
  // A pod member's names come with it (the infra's addresses).
  if (net.dns_responders.empty() && cfg.network.is_container()) tell_dns(dns);
  ready();
  if (!attached) detach_stdio();  // at once: $(warren run -d ...) waits for every writer
  if (notify) notify_host(*notify, fmt::format("MAINPID={}\n{}", me.pid, notify->inner ? "" : "READY=1\n"));
  if (!cfg.remove && !store.make_durable(cfg.id)) LOG_DEBUG("container {}: its record is not synced", cfg.id);  // run's
  int exit_fd = opts.exit_fd;  // closed by a detach
  bool timed_out = false;
  pid_t ticker = 0;
  if (cfg.health.defined() && cfg.health.interval_ns > 0) {
    try {
      ticker = start_health_ticker({opts.cli, "--root", store.root(), "--runroot", store.runroot(), "--network-config-dir",
                                    opts.network_config_dir}, cfg.id, cfg.health.interval_ns);
    } catch (const base::Error& e) {
      LOG_DEBUG("container {}: no periodic health checks: {}", cfg.id, e.what());
    }
  }
  if (!cfg.infra) {
    // --log-driver none and passthrough: the output goes to the attached
    // terminal (and attach clients) only.
    base::UniqueFd log;
    if (cfg.log_driver == "k8s-file") log.reset(::open(store.log_path(cfg).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
    base::UniqueFd journal;
    if (cfg.log_driver == "journald") {
      try {
        journal = connect_journal();
      } catch (const base::Error& e) {
        LOG_DEBUG("container {}: no journal, its output is not logged: {}", cfg.id, e.what());
      }
    }
    Relay relay = relay_for(l, pipes, cfg, opts);
    // Without a PID namespace of its own, what its first process left in
    // the background would hold the output open: its end is the end.
    base::UniqueFd first_ends;
    if (cfg.pid_mode == "host" || !cfg.pid.empty()) {
      first_ends.reset(static_cast<int>(::syscall(SYS_pidfd_open, l.pid, 0)));
      relay.until = first_ends.get();
    }
    relay.log = log.get();
    relay.journal = journal.get();
    if (journal) relay.journal_fields = journal_fields(cfg);
    relay.log_max = cfg.log_size_max;
    if (!attached) listen_for_attach(relay, store, cfg, pipes);
    if (attached) arm_detach(relay, opts, store, cfg, pipes, exit_fd);
    relay.timeout = cfg.timeout;
    relay.timeout_pid = l.pid;
    if (notify) relay_notify(relay, *notify);
    base::release_startup_memory();  // what the relay runs comes back on use: this process stays
    run_relay(relay);
    timed_out = relay.timed_out;
  } else {
    base::release_startup_memory();
  }
  int code = launch::wait_exit(l.pid);
  release_shm(store, cfg, settings.rootless());
  if (timed_out) code = -1;  // as conmon records a --timeout, "Exited (-1)"
  stop_health_ticker(ticker);
  user_net.stop();  // the forwarder and the stack stop, the agent ends
  if (cg) {
    s.oom_killed = cg->oom_killed();
    cg->remove();
  }
  // The end is recorded under the container's lock: a network connect or
  // disconnect, a stop or an rm either finished before (and the list of
  // networks read here has its change) or waits and finds it exited.
  // (Recording the end matters more than the lock: a lock that cannot be
  // had, say a full run dir, does not keep the end from being recorded.)
  std::optional<base::FileLock> lock;
  try {
    lock.emplace(store.lock(cfg.id));
  } catch (const base::Error&) {
  }
  std::optional<store::Container> now = store.find(cfg.id);
  if (now) net.networks = now->state.networks;
  std::string problems = netconf::teardown_container_network(store, cfg, settings.paths, net);
  if (!problems.empty()) {
    base::UniqueFd again{::open(store.log_path(cfg).c_str(), O_WRONLY | O_APPEND | O_CLOEXEC)};
    if (again) {
      std::string line = log_line("stderr", "warren: network teardown: " + problems, false);
      ssize_t ignored = ::write(again.get(), line.data(), line.size());
      (void)ignored;
    }
  }
  s.networks.clear();
  s.status = "exited";
  s.exit_code = code;
  s.finished = base::rfc3339_now();
  // What commands set meanwhile stays: a stop asked for, the count.
  if (now) {
    s.stop_requested = now->state.stop_requested;
    s.restart_count = now->state.restart_count;
    s.quick_restarts = now->state.quick_restarts;
    s.health = now->state.health;  // the checks' last word stays
  }
  s.paused = false;
  s.restarting = now && restart_wanted(cfg, s, code);
  if (s.restarting) {
    auto ran = [&](const std::string& t) { return base::parse_rfc3339(t).value_or(0); };
    bool quick = ran(s.finished) - ran(s.started) < int64_t{10} * 1000000000;
    s.quick_restarts = quick ? s.quick_restarts + 1 : 0;
    ++s.restart_count;
  }
  store::Event died = store::container_event(cfg, "died");
  died.exit_code = code;
  store::record_event(settings.paths, died);
  if (cfg.remove) {
    unmount_root(store, cfg.id, true);  // `warren mount`'s, if any
    store.retire(cfg);  // out of every view, its name free: one rename per root
    store::record_container_event(settings.paths, cfg, "remove");
  } else {
    store.save_state(cfg.id, s);
  }
  lock.reset();  // let go before the rest
  try {
    release_volume_mounts(settings, store, cfg);
    user_volumes.release();  // a regular user's
    // A --rm container's anonymous volumes go with it, before the CLI
    // hears of the end (as Podman's --rm: gone when run returns).
    if (cfg.remove) store::remove_anonymous_volumes(volume_store(settings), store, cfg);
  } catch (const base::Error&) {
  }
  tell_dns(dns);  // its names are gone
  if (user_netns) {
    user_netns.reset();
    nudge_user_netns(settings.paths);  // the last one out: the holder goes
  }
  if (!s.restarting) apply_pod_exit_policy(settings, store, cfg);
  if (exit_fd >= 0) {
    // The attached CLI learns the end here, and goes: closing this
    // process's netlink sockets can take the kernel a grace period or two.
    unsigned char byte = static_cast<unsigned char>(code & 0xff);
    ssize_t ignored = ::write(exit_fd, &byte, 1);
    (void)ignored;
  }
  // Deleting a retired container's files (a few dozen, ~1.5 ms on ext4)
  // need not hold up the CLI.
  if (cfg.remove) store.purge_trash();
  if (s.restarting && restarter) restarter->restart(code);
  if (s.restarting) restart_later(store, cfg.id, opts, code);
  netconf::close_sockets_settled();
  ::_exit(code & 0xff);
}

}  // namespace

void detach_stdio() {
  int devnull = ::open("/dev/null", O_RDWR);
  for (int fd : {0, 1, 2}) ::dup2(devnull, fd);
  if (devnull > 2) ::close(devnull);
}

pid_t fork_monitor(const std::function<void(const std::function<void()>& ready, int report)>& body) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw base::LaunchError(125, errno, "create the monitor's pipe");
  base::UniqueFd reader(fds[0]), writer(fds[1]);
  ::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw base::LaunchError(125, errno, "fork the monitor");
  if (pid == 0) {
    reader.reset();
    ::setsid();
    base::unblock_all_signals();  // what the CLI holds for its session is not the monitor's
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    // Nothing may unwind out of here: this is a forked copy of the CLI.
    try {
      body([&] {
        send_report(writer.get(), 0, 0, "");
        writer.reset();
      }, writer.get());
    } catch (const base::LaunchError& e) {
      send_report(writer.get(), e.code(), 0, e.what());
      ::_exit(e.code());
    } catch (const std::exception& e) {
      send_report(writer.get(), 125, 0, e.what());
      ::_exit(125);
    }
    ::_exit(0);
  }
  writer.reset();
  Report r;
  ssize_t n;
  while ((n = ::read(reader.get(), &r, sizeof r)) < 0 && errno == EINTR) {
  }
  if (n != static_cast<ssize_t>(sizeof r) || r.code != 0) {
    launch::wait_exit(pid);  // the monitor has ended: reap it
    if (n != static_cast<ssize_t>(sizeof r)) throw base::LaunchError(125, 0, "the container's monitor ended before the container started");
    throw base::LaunchError(r.code, r.err, r.msg);
  }
  return pid;
}

pid_t start_monitor(const store::ContainerStore& store, const store::Container& c, const MonitorOptions& opts) {
  std::vector<std::string> args = monitor_args(store, c.config.id, opts);
  const std::string path = args.front();
  return fork_monitor([&](const std::function<void()>&, int report) {
    ::fcntl(report, F_SETFD, 0);
    if (opts.exit_fd >= 0) ::fcntl(opts.exit_fd, F_SETFD, 0);
    if (opts.lock_fd >= 0) ::fcntl(opts.lock_fd, F_SETFD, 0);
    for (int fd = 3; fd < 3 + opts.preserve_fds; ++fd) ::fcntl(fd, F_SETFD, 0);
    args[args.size() - 2] = std::to_string(report);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (opts.attached) {
      // Attached: the CLI's copy runs it (monitor.h). Nothing of the
      // CLI's state may serve it: its netlink sockets (the CLI's too) and
      // its log level go; monitor_main closes the rest of its fds.
      netconf::forget_inherited_sockets();
      base::log::set_level(base::log::Level::warn);
      ::prctl(PR_SET_NAME, "warren-monitor");
      ::_exit(monitor_main(static_cast<int>(args.size()), argv.data()));
    }
    ::execv(path.c_str(), argv.data());
    throw base::LaunchError(125, errno, fmt::format("exec the monitor {}", path));
  });
}

void spawn_purge(const store::ContainerStore& store) {
  // A fork, not posix_spawn: the caller resumes at once (a vfork and exec
  // held it until the exec was done, about 2 ms), and exits soon after, so
  // few of its pages are ever copied.
  ::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    store.purge_trash();
    return;
  }
  if (pid > 0) return;
  // In a session of its own, holding nothing of the caller's (a shell
  // reading the caller's output waits for every writer to close it).
  ::setsid();
  int null = ::open("/dev/null", O_RDWR);
  for (int fd : {0, 1, 2}) ::dup2(null, fd);
  ::syscall(SYS_close_range, 3, ~0U, 0);
  store.purge_trash();
  ::_exit(0);
}

int monitor_main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--user-netns") == 0) return user_netns_main(argc, argv);
  std::string root, runroot, id;
  MonitorOptions opts;
  int report = -1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--root") root = value();
    else if (a == "--runroot") runroot = value();
    else if (a == "--lower") opts.lower = value();
    else if (a == "--network-config-dir") opts.network_config_dir = value();
    else if (a == "--default-gateway") opts.default_gateway = value();
    else if (a == "--attached") opts.attached = true;
    else if (a == "--restarting") opts.restarting = true;
    else if (a == "--init") opts.init_only = true;
    else if (a == "--cli") opts.cli = value();
    else if (a == "--streams") opts.streams = value();
    else if (a == "--detach-keys") opts.detach_keys = value();
    else if (a == "--preserve-fds") opts.preserve_fds = std::atoi(value().c_str());
    else if (a == "--exit-fd") opts.exit_fd = std::atoi(value().c_str());
    else if (a == "--lock-fd") opts.lock_fd = std::atoi(value().c_str());
    else if (a == "--report-fd") report = std::atoi(value().c_str());
    else id = a;
  }
  if (report < 0 || id.empty() || root.empty() || runroot.empty()) {
    std::fprintf(stderr, "warren-monitor is started by warren, not by hand\n");
    return 125;
  }
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  // One malloc arena: the threads of a rootless container's network
  // (the stack, the forwarder) would each get one of their own otherwise.
  ::mallopt(M_ARENA_MAX, 1);
  // Nothing of the invoking shell's stays open for the container's life
  // (a pipe held here would keep a reader waiting), but the two pipes.
  unsigned from = 3 + static_cast<unsigned>(std::clamp(opts.preserve_fds, 0, 1 << 20));  // --preserve-fds's stay
  std::vector<int> keep = {report, opts.exit_fd, opts.lock_fd};
  std::sort(keep.begin(), keep.end());
  for (int k : keep) {
    if (k < static_cast<int>(from)) continue;
    if (static_cast<unsigned>(k) > from) ::syscall(SYS_close_range, from, static_cast<unsigned>(k) - 1, 0);
    from = static_cast<unsigned>(k) + 1;
  }
  ::syscall(SYS_close_range, from, ~0U, 0);
  base::UniqueFd writer(report);
  ::fcntl(report, F_SETFD, FD_CLOEXEC);
  // The starting CLI's lock, shared until the record says "running".
  base::UniqueFd held_lock(opts.lock_fd);
  if (held_lock) ::fcntl(held_lock.get(), F_SETFD, FD_CLOEXEC);
  // init's process waits before its exec, with a copy of every fd: it
  // would hold the lock for as long. The CLI holds its own until told.
  if (opts.init_only) held_lock.reset();
  if (opts.exit_fd >= 0) ::fcntl(opts.exit_fd, F_SETFD, FD_CLOEXEC);
  try {
    config::PathOverrides given{root, runroot, opts.network_config_dir};
    const config::Settings settings = config::load_settings(config::Environment::of_process(), given);
    store::ContainerStore store = container_store(settings);
    store::Container c = store.get(id);
    // A restart that a stop or a start overtook: nothing to do.
    if (opts.restarting && (!c.state.restarting || c.state.stop_requested)) return 0;
    run_monitor(settings, store, c, opts, [&] {
      held_lock.reset();
      if (!writer) return;  // init told the CLI already
      send_report(writer.get(), 0, 0, "");
      writer.reset();
    });
  } catch (const base::LaunchError& e) {
    if (writer) send_report(writer.get(), e.code(), 0, e.what());
    return e.code();
  } catch (const std::exception& e) {
    if (writer) send_report(writer.get(), 125, 0, e.what());
    return 125;
  }
}

}  // namespace monitor
