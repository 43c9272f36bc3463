// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/monitor.cc: fork, report over a pipe, relay the output, record the end.
#include "monitor/monitor.h"

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
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
#include "base/process_id.h"
#include "base/scope.h"
#include "config/host.h"
#include "launch/capabilities.h"
#include "rootless/userns.h"
#include "netconf/container_network.h"
#include "dns/control.h"
#include "launch/etc_files.h"
#include "image/image_config.h"
#include "launch/launcher.h"
#include "monitor/attach_socket.h"
#include "monitor/cgroup.h"
#include "monitor/health_ticker.h"
#include "monitor/relay.h"
#include "monitor/restart.h"
#include "monitor/volumes.h"
#include "store/events.h"
#include "store/secret_store.h"
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

// Made anew at each start: on the run root (a tmpfs), as Podman keeps them.
std::string userdata_dir(const store::ContainerStore& store, const std::string& id) {
  return store.run_dir(id) + "/userdata";
}

std::vector<std::pair<std::string, std::string>> own_etc_files(const store::ContainerStore& store, const store::ContainerConfig& cfg,
                                                               const netconf::ContainerNetwork& net) {
  std::string userdata = userdata_dir(store, cfg.id);
  base::ensure_dir(userdata, 0700);
  launch::EtcInput etc{cfg.hostname, cfg.name, cfg.network.is_host()};
  etc.add_hosts = cfg.add_hosts;
  etc.no_hosts = cfg.no_hosts;
  etc.dns = cfg.dns;
  etc.dns_search = cfg.dns_search;
  etc.dns_options = cfg.dns_options;
  for (const auto& n : net.networks) {
    if (!n.ip.empty()) etc.own_addresses.push_back(n.ip);
    if (!n.ip6.empty()) etc.own_addresses.push_back(n.ip6);
  }
  etc.own_addresses.insert(etc.own_addresses.end(), net.own_addresses.begin(), net.own_addresses.end());
  etc.host_gateway = net.host_gateway;
  etc.dns_responders = net.dns_responders;
  if (!net.stack_dns.empty()) {
    etc.dns_responders = {net.stack_dns};
    etc.dns_domain = "";  // a forwarder, with no names of its own
  }
  return launch::write_etc_files(userdata, etc);
}

// A pod member in the infra's network namespace sees the infra's
// /etc/hosts, with its own name added for 127.0.0.1 as Podman adds it, and
// its /etc/resolv.conf; in the infra's UTS namespace, its /etc/hostname.
std::vector<std::pair<std::string, std::string>> pod_etc_files(const store::ContainerStore& store, const store::ContainerConfig& cfg,
                                                               const netconf::ContainerNetwork& net) {
  std::string infra = cfg.network.arg;
  std::string shared = userdata_dir(store, infra);
  auto files = own_etc_files(store, cfg, net);
  for (auto& [file, path] : files) {
    std::string theirs = shared + file.substr(file.rfind('/'));
    bool joined = path == "/etc/hostname" ? cfg.uts == cfg.network.arg : ::access(theirs.c_str(), F_OK) == 0;
    if (joined) file = theirs;
    if (joined && path == "/etc/hosts") {
      base::UniqueFd hosts{::open(theirs.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC)};
      std::string line = "127.0.0.1\t" + cfg.name + "\n";
      if (!hosts || ::write(hosts.get(), line.data(), line.size()) < 0) throw base::LaunchError(125, errno, "add the container to the pod's /etc/hosts");
    }
  }
  return files;
}


// --secret of type mount: each secret's data in a file of the run dir
// (its mode; its owner, as root), bound at /run/secrets/NAME or its target.
std::vector<std::pair<std::string, std::string>> secret_mounts(const store::ContainerStore& store, const store::ContainerConfig& cfg,
                                                               bool rootless) {
  std::vector<std::pair<std::string, std::string>> out;
  store::SecretStore secrets(store.root());
  for (const auto& u : cfg.secrets) {
    if (u.type != "mount") continue;
    std::string dir = userdata_dir(store, cfg.id) + "/secrets";
    base::ensure_dir(dir, 0700);
    std::string file = dir + "/" + u.id;
    try {
      base::write_file_atomic(file, secrets.data(secrets.get(u.id)), static_cast<mode_t>(u.mode), false);
    } catch (const base::Error& e) {
      throw base::LaunchError(125, 0, fmt::format("secret {}: {}", u.name, e.what()));
    }
    if (!rootless && (u.uid || u.gid) && ::chown(file.c_str(), static_cast<uid_t>(u.uid), static_cast<gid_t>(u.gid)) < 0) {
      throw base::LaunchError(125, errno, fmt::format("secret {}: chown", u.name));
    }
    std::string target = u.target.empty() ? "/run/secrets/" + u.name : u.target[0] == '/' ? u.target : "/run/secrets/" + u.target;
    out.emplace_back(file, target);
  }
  return out;
}

// Until exec: into its cgroup, its OOM score, then (rootless) its network.
std::function<void(pid_t)> before_exec(const store::ContainerConfig& cfg, const launch::Cgroup* cg, netconf::ContainerNetwork& net,
                                       netconf::UserNet& user_net) {
  bool slirp = cfg.network.is_slirp();
  if (!cg && !slirp && !cfg.resources.has_oom_score_adj) return {};
  return [&cfg, cg, slirp, &net, &user_net](pid_t pid) {
    if (cg) cg->add(pid);
    if (cfg.resources.has_oom_score_adj) {
      base::overwrite_file(fmt::format("/proc/{}/oom_score_adj", pid), std::to_string(cfg.resources.oom_score_adj));
    }
    if (slirp) netconf::start_user_net(user_net, cfg, net, pid);
  };
}

launch::LaunchSpec launch_spec(const store::ContainerStore& store, const store::Container& c, const std::string& lower,
                       const config::Settings& settings, netconf::ContainerNetwork& net, netconf::UserNet& user_net,
                       const launch::Cgroup* cg) {
  const store::ContainerConfig& cfg = c.config;
  launch::LaunchSpec spec;
  spec.lower = lower;
  spec.dir = store.dir(cfg.id);
  spec.id = cfg.id;
  spec.process = container_process(settings, store, c, lower);
  spec.create_workdir = cfg.create_workdir;
  spec.hostname = cfg.hostname;
  spec.new_network = !cfg.network.is_host();
  spec.netns_path = net.netns_path;
  spec.privileged = cfg.privileged;
  bool rootless = settings.rootless();
  rootless::User user = launch::user_of(settings.env);
  if (rootless) {
    // A regular user's container: root inside its own user namespace.
    spec.user_namespace = true;
    spec.id_maps = rootless::user_id_maps(user);
    spec.process.set_groups = spec.id_maps.ranges;  // setgroups is denied without them
    spec.process.own_user_namespace = true;
  }
  spec.on_namespaces = before_exec(cfg, cg, net, user_net);
  spec.shm_size = cfg.shm_size;
  for (const auto& kv : cfg.sysctls) spec.sysctls.emplace_back(kv.substr(0, kv.find('=')), kv.substr(kv.find('=') + 1));
  spec.devices = device_nodes(cfg);
  spec.cgroup_namespace = cg && private_cgroupns(cfg, launch::CgroupFs::detect());
  // A network namespace of warren's own has lo up, as Podman's have.
  spec.loopback = cfg.network.is_bridge() || cfg.network.is_none() || cfg.network.is_slirp();
  bool in_pod = !cfg.pod.empty() && cfg.network.is_container();
  spec.bind_files = in_pod ? pod_etc_files(store, cfg, net) : own_etc_files(store, cfg, net);
  spec.mounts = launch_mounts(settings, cfg, lower, spec.dir);
  auto binds = device_binds(cfg);
  spec.bind_files.insert(spec.bind_files.end(), binds.begin(), binds.end());
  auto secret_files = secret_mounts(store, cfg, settings.rootless());
  spec.bind_files.insert(spec.bind_files.end(), secret_files.begin(), secret_files.end());
  if (!cfg.timezone.empty()) {
    // --tz: the zone's file as /etc/localtime.
    spec.bind_files.emplace_back(cfg.timezone == "local" ? "/etc/localtime" : "/usr/share/zoneinfo/" + cfg.timezone, "/etc/localtime");
  }
  if (cfg.init) {
    // --init: warren-init as PID 1, bound where Podman binds catatonit.
    spec.bind_files.emplace_back(config::helper_path("warren-init"), "/run/podman-init");
    spec.process.argv.insert(spec.process.argv.begin(), {"/run/podman-init", "--"});
  }
  spec.read_only = cfg.read_only;
  // A regular user's container that joins another's namespaces joins its
  // user namespace too: they belong to it.
  std::string joined = cfg.network.is_container() ? cfg.network.arg : !cfg.pid.empty() ? cfg.pid : !cfg.uts.empty() ? cfg.uts : cfg.ipc;
  if (rootless && !joined.empty()) {
    auto other = store.find(joined);
    if (!other || store.live_state(*other).status != "running") {
      throw base::LaunchError(125, 0, fmt::format("cannot join the namespaces of container {}: it is not running", joined));
    }
    spec.userns_path = fmt::format("/proc/{}/ns/user", other->state.pid);
    spec.user_namespace = false;
  }
  spec.masked = cfg.masked_paths;
  spec.unmasked = cfg.unmasked_paths;
  spec.proc_options = cfg.proc_opts;
  spec.host_pid = cfg.pid_mode == "host";
  spec.host_ipc = cfg.ipc_mode == "host";
  spec.host_uts = cfg.uts_mode == "host";
  spec.no_shm = cfg.ipc_mode == "none";
  for (auto [given, path] : {std::pair{&cfg.uts, &spec.uts_path}, {&cfg.ipc, &spec.ipc_path}, {&cfg.pid, &spec.pid_path}}) {
    if (given->empty()) continue;
    auto other = store.find(*given);
    if (!other || store.live_state(*other).status != "running") {
      throw base::LaunchError(125, 0, fmt::format("cannot join the namespaces of container {}: it is not running", *given));
    }
    *path = fmt::format("/proc/{}/ns/{}", other->state.pid, given == &cfg.uts ? "uts" : given == &cfg.ipc ? "ipc" : "pid");
  }
  return spec;
}

// Where the container's standard I/O comes from and goes to, without a
// terminal: pipes for the output; the attached CLI's stdin for -i, a pipe
// held open for -i detached, /dev/null otherwise.
struct Pipes {
  base::UniqueFd out_r, out_w, err_r, err_w, in_r, in_w, null;
};

Pipes make_pipes(bool interactive, bool attached) {
  Pipes p;
  auto pipe = [](base::UniqueFd& r, base::UniqueFd& w) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) throw base::LaunchError(125, errno, "create the container's pipes");
    r.reset(fds[0]);
    w.reset(fds[1]);
  };
  pipe(p.out_r, p.out_w);
  pipe(p.err_r, p.err_w);
  if (interactive && !attached) pipe(p.in_r, p.in_w);
  p.null.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  return p;
}

Relay relay_for(launch::Launched& l, Pipes& pipes, const store::ContainerConfig& cfg, bool attached) {
  Relay r;
  if (l.terminal) {
    int master = l.terminal.get();
    r.outputs.push_back({std::move(l.terminal), "stdout", attached ? 1 : -1});
    if (attached && cfg.interactive) {
      r.input = 0;
      r.input_to = master;
    }
    if (attached && ::isatty(0)) {
      r.size_from = 0;
      r.size_to = master;
    }
    return r;
  }
  r.outputs.push_back({std::move(pipes.out_r), "stdout", attached ? 1 : -1});
  r.outputs.push_back({std::move(pipes.err_r), "stderr", attached ? 2 : -1});
  return r;
}

// A detached container takes `attach` clients: its output goes to them,
// and (made with -i) what they type to its stdin or terminal. Without the
// socket it runs all the same; attach is then refused.
void listen_for_attach(Relay& r, const store::ContainerStore& store, const store::ContainerConfig& cfg, const Pipes& pipes) {
  try {
    r.listener = listen_attach(store.run_dir(cfg.id));
  } catch (const base::Error& e) {
    LOG_DEBUG("container {}: no attach socket: {}", cfg.id, e.what());
    return;
  }
  int master = cfg.tty && !r.outputs.empty() ? r.outputs.front().fd.get() : -1;
  r.attach_pty = master;
  if (cfg.interactive) r.attach_input = cfg.tty ? master : pipes.in_w.get();
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
// namespaces, with no image and no output.
launch::Launched start_process(const store::ContainerStore& store, const store::Container& c, const MonitorOptions& opts,
                               const config::Settings& settings,
                       netconf::ContainerNetwork& net, Pipes& pipes, netconf::UserNet& user_net, const launch::Cgroup* cg) {
  const store::ContainerConfig& cfg = c.config;
  if (cfg.infra) {
    own_etc_files(store, cfg, net);  // for the members
    bool slirp = cfg.network.is_slirp();
    launch::InfraSpec infra{cfg.hostname, !cfg.network.is_host(), net.netns_path, cfg.network.is_bridge() || cfg.network.is_none() || slirp,
                    config::helper_path("warren-infra")};
    if (settings.rootless()) {
      // A regular user's pod: the infra holds the user namespace as well.
      rootless::User user = launch::user_of(settings.env);
      infra.user_namespace = true;
      infra.id_maps = rootless::user_id_maps(user);
    }
    if (slirp) infra.on_namespaces = [&](pid_t pid) { netconf::start_user_net(user_net, cfg, net, pid); };
    return {launch::launch_infra(infra), {}};
  }
  launch::LaunchSpec spec = launch_spec(store, c, opts.lower, settings, net, user_net, cg);
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
  std::optional<launch::Cgroup> cg = container_cgroup(settings.paths, cfg);
  if (cg) {
    try {
      cg = make_container_cgroup(*cg, cfg);
    } catch (const base::Error& e) {
      throw base::LaunchError(125, 0, e.what());
    }
  }
  auto no_cgroup = base::on_failure([&] {
    if (cg) cg->remove();
  });
  netconf::ContainerNetwork net = netconf::setup_container_network(store, cfg, settings, opts.default_gateway);
  dns::DnsPaths dns{store.root(), store.runroot(), settings.paths.network_config_dir};
  auto undo = base::on_failure([&] {
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
  launch::Launched l = start_process(store, c, opts, settings, net, pipes, user_net, cg ? &*cg : nullptr);
  // Until the record says "running", a failure (a full or read-only run
  // dir) ends what was started: a container never runs on unrecorded.
  auto stop_it = base::on_failure([&] {
    ::kill(l.pid, SIGKILL);  // its first process: the whole PID namespace goes with it
    launch::wait_exit(l.pid);
    user_net.stop();
  });
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
  stop_it.dismiss();
  undo.dismiss();
  no_cgroup.dismiss();
  store::record_events(settings.paths, {store::container_event(cfg, "init"), store::container_event(cfg, "start")});
  // A pod member's names come with it (the infra's addresses).
  if (net.dns_responders.empty() && cfg.network.is_container()) tell_dns(dns);
  ready();
  // What setting up took (the CNI plugins' JSON, netlink buffers) goes
  // back to the system: this process stays for the container's life.
  ::malloc_trim(0);
  if (!attached) detach_stdio();
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
    Relay relay = relay_for(l, pipes, cfg, attached);
    relay.log = log.get();
    relay.log_max = cfg.log_size_max;
    if (!attached) listen_for_attach(relay, store, cfg, pipes);
    run_relay(relay);
  }
  int code = launch::wait_exit(l.pid);
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
    store.retire(cfg);  // out of every view, its name free: one rename per root
    store::record_container_event(settings.paths, cfg, "remove");
  } else {
    store.save_state(cfg.id, s);
  }
  lock.reset();  // let go before the rest
  try {
    release_volume_mounts(settings, store, cfg);
    // A --rm container's anonymous volumes go with it, before the CLI
    // hears of the end (as Podman's --rm: gone when run returns).
    if (cfg.remove) store::remove_anonymous_volumes(volume_store(settings), store, cfg);
  } catch (const base::Error&) {
  }
  tell_dns(dns);  // its names are gone
  if (opts.exit_fd >= 0) {
    // The attached CLI learns the end here, and goes: closing this
    // process's netlink sockets can take the kernel a grace period or two.
    unsigned char byte = static_cast<unsigned char>(code & 0xff);
    ssize_t ignored = ::write(opts.exit_fd, &byte, 1);
    (void)ignored;
  }
  // Deleting a retired container's files (a few dozen, ~1.5 ms on ext4)
  // need not hold up the CLI.
  if (cfg.remove) store.purge_trash();
  if (s.restarting) restart_later(store, cfg.id, opts, code);
  ::_exit(code & 0xff);
}

}  // namespace

launch::ProcessSpec container_process(const config::Settings& settings, const store::ContainerStore& store, const store::Container& c,
                                      const std::string& lower) {
  const store::ContainerConfig& cfg = c.config;
  launch::ProcessSpec p;
  p.argv = cfg.command;
  p.env = cfg.env;
  p.workdir = cfg.workdir;
  std::string upper = store.dir(cfg.id) + "/upper";
  std::string group = launch::container_file(upper, lower, "/etc/group");
  p.user = launch::resolve_user(cfg.user, launch::container_file(upper, lower, "/etc/passwd"), group);
  for (const auto& g : cfg.group_add) {
    if (g == "keep-groups") continue;  // a regular user's own groups: what the user namespace already has
    try {
      p.user.groups.push_back(launch::resolve_group(g, group));
    } catch (const base::LaunchError& e) {
      throw base::LaunchError(e.code(), 0, fmt::format("looking up supplemental groups for container {}: Unable to find group {}: no matching entries in group file", cfg.id, g));
    }
  }
  for (const auto& u : cfg.ulimits) p.rlimits.push_back(launch::parse_ulimit(u));
  store::SecretStore secrets(store.root());
  for (const auto& u : cfg.secrets) {
    if (u.type != "env") continue;
    auto found = secrets.find(u.id);
    if (!found) throw base::LaunchError(125, 0, fmt::format("no secret with name or id \"{}\": no such secret", u.name));
    std::string key = u.target.empty() ? u.name : u.target;
    std::erase_if(p.env, [&](const std::string& e) { return e.substr(0, e.find('=')) == key; });
    p.env.push_back(key + "=" + secrets.data(*found));
  }
  p.umask = static_cast<mode_t>(std::stoul(cfg.umask, nullptr, 8));
  p.set_groups = true;
  p.no_new_privs = cfg.no_new_privs;
  bool has_home = std::any_of(p.env.begin(), p.env.end(), [](const std::string& e) { return e.starts_with("HOME="); });
  if (!has_home) p.env.push_back("HOME=" + p.user.home);
  p.caps = cfg.privileged ? ~uint64_t{0} : launch::merge_capabilities(cfg.cap_add, cfg.cap_drop);
  // A user other than root gets only what was asked for by name, even
  // privileged (Podman 4.3).
  p.ambient = launch::merge_capabilities(cfg.cap_add, {"all"});
  // --privileged runs without a filter, as Podman's.
  if (!cfg.privileged) {
    try {
      p.seccomp = launch::profile_filter(cfg.seccomp_profile, settings.conf.containers.seccomp_profile, p.caps,
                                         settings.paths.runroot + "/seccomp");
    } catch (const base::Error& e) {
      throw base::LaunchError(125, 0, e.what());
    }
  }
  return p;
}

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
    // A fresh process: none of the CLI's memory stays for the container's life.
    ::fcntl(report, F_SETFD, 0);
    if (opts.exit_fd >= 0) ::fcntl(opts.exit_fd, F_SETFD, 0);
    args[args.size() - 2] = std::to_string(report);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
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
    else if (a == "--cli") opts.cli = value();
    else if (a == "--exit-fd") opts.exit_fd = std::atoi(value().c_str());
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
  unsigned from = 3;
  std::vector<int> keep = {report, opts.exit_fd};
  std::sort(keep.begin(), keep.end());
  for (int k : keep) {
    if (k < static_cast<int>(from)) continue;
    if (static_cast<unsigned>(k) > from) ::syscall(SYS_close_range, from, static_cast<unsigned>(k) - 1, 0);
    from = static_cast<unsigned>(k) + 1;
  }
  ::syscall(SYS_close_range, from, ~0U, 0);
  base::UniqueFd writer(report);
  ::fcntl(report, F_SETFD, FD_CLOEXEC);
  if (opts.exit_fd >= 0) ::fcntl(opts.exit_fd, F_SETFD, FD_CLOEXEC);
  try {
    config::PathOverrides given{root, runroot, opts.network_config_dir};
    const config::Settings settings = config::load_settings(config::Environment::of_process(), given);
    store::ContainerStore store = container_store(settings);
    store::Container c = store.get(id);
    // A restart that a stop or a start overtook: nothing to do.
    if (opts.restarting && (!c.state.restarting || c.state.stop_requested)) return 0;
    run_monitor(settings, store, c, opts, [&] {
      send_report(writer.get(), 0, 0, "");
      writer.reset();
    });
  } catch (const base::LaunchError& e) {
    send_report(writer.get(), e.code(), 0, e.what());
    return e.code();
  } catch (const std::exception& e) {
    send_report(writer.get(), 125, 0, e.what());
    return 125;
  }
}

}  // namespace monitor
