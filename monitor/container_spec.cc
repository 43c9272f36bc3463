// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/container_spec.cc: what a container's start is made of, from its
// record: the generated /etc files (a pod member's shared with its
// infra), its secrets, the launcher's spec (namespaces, mounts, devices,
// cgroup, --init, --tz) and its first process (user, groups, ulimits,
// capabilities, seccomp, secrets as variables).
#include "monitor/container_spec.h"

#include <fcntl.h>
#include <sys/personality.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <tuple>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "config/host.h"
#include "launch/capabilities.h"
#include "launch/credentials.h"
#include "launch/etc_files.h"
#include "launch/rlimits.h"
#include "launch/seccomp_profile.h"
#include "monitor/cgroup.h"
#include "monitor/monitor.h"
#include "monitor/shm.h"
#include "monitor/userns.h"
#include "monitor/volumes.h"
#include "netconf/user_network.h"
#include "rootless/id_mapping.h"
#include "rootless/userns.h"
#include "store/secret_store.h"

namespace monitor {

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

namespace {

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

// Podman's lines for a numeric --user and each --hostuser, added to the
// container's /etc/passwd and /etc/group (not where a mount replaces them).
launch::UserFiles user_files_of(const store::ContainerStore& store, const store::ContainerConfig& cfg, const std::string& lower) {
  std::string upper = store.dir(cfg.id) + "/upper";
  launch::UserFileInput in{cfg.user, cfg.workdir, cfg.passwd, cfg.passwd_entry, cfg.host_users, ""};
  if (cfg.userns == "keep-id") {
    // The user's id inside: the one its map sends to the user.
    for (const auto& text : cfg.uid_map) {
      auto r = rootless::parse_id_map({text}, "UID").front();
      if (r.outside == 0) in.current_user = r.inside;
    }
    in.host_group = base::read_file("/etc/group").value_or("");
  }
  if (!cfg.host_users.empty() || !cfg.user.empty() || in.current_user) in.host_passwd = base::read_file("/etc/passwd").value_or("");
  auto mounted = [&](const char* path) {
    return std::any_of(cfg.mounts.begin(), cfg.mounts.end(), [&](const store::Mount& m) { return m.destination == path; });
  };
  if (mounted("/etc/passwd") || mounted("/etc/group")) in.passwd = false;
  std::string passwd = launch::container_file(upper, lower, "/etc/passwd"), group = launch::container_file(upper, lower, "/etc/group");
  // The user is resolved first, so that an unknown name fails as Podman's.
  (void)launch::resolve_user(cfg.user, passwd, group);
  try {
    return launch::user_files(passwd, group, in);
  } catch (const base::LaunchError& e) {
    throw base::LaunchError(e.code(), 0, fmt::format("creating temporary passwd file for container {}: {}", cfg.id, e.what()));
  }
}

// The files user_files_of changed, written in the run dir: (file, path in the container).
std::vector<std::pair<std::string, std::string>> user_file_binds(const store::ContainerStore& store, const store::ContainerConfig& cfg,
                                                                 const launch::UserFiles& files) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto [text, changed, name] : {std::tuple{&files.passwd, files.passwd_changed, "passwd"}, {&files.group, files.group_changed, "group"}}) {
    if (!changed) continue;
    std::string file = userdata_dir(store, cfg.id) + "/" + name;
    base::write_file_atomic(file, *text, 0644, false);
    out.emplace_back(file, std::string("/etc/") + name);
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

// container_process from the passwd and group files user_files_of read.
launch::ProcessSpec process_of(const config::Settings& settings, const store::ContainerStore& store, const store::Container& c,
                               const launch::UserFiles& files) {
  const store::ContainerConfig& cfg = c.config;
  launch::ProcessSpec p;
  p.argv = cfg.command;
  p.env = cfg.env;
  p.workdir = cfg.workdir;
  const std::string& group = files.group;
  // The supplementary groups are the image's: not the line added for --user.
  p.user = launch::resolve_user(cfg.user, files.passwd, files.original_group);
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
  if (!cfg.personality.empty()) p.personality = cfg.personality == "LINUX32" ? PER_LINUX32 : PER_LINUX;
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

// A namespace to join: ns:PATH's, or a running container's (`joined`);
// "" for a new one or the host's.
std::string join_path(const store::ContainerStore& store, const std::string& joined, const std::string& mode, const char* kind) {
  if (mode.starts_with("ns:")) return mode.substr(3);
  if (joined.empty()) return "";
  auto other = store.find(joined);
  if (!other || store.live_state(*other).status != "running") {
    throw base::LaunchError(125, 0, fmt::format("cannot join the namespaces of container {}: it is not running", joined));
  }
  return fmt::format("/proc/{}/ns/{}", other->state.pid, kind);
}

}  // namespace

launch::LaunchSpec launch_spec(const store::ContainerStore& store, const store::Container& c, const std::string& lower,
                       const config::Settings& settings, netconf::ContainerNetwork& net, netconf::UserNet& user_net,
                       const launch::Cgroup* cg, const UserVolumes& volumes) {
  const store::ContainerConfig& cfg = c.config;
  launch::LaunchSpec spec;
  spec.lower = lower;
  spec.direct_root = store::root_in_place(cfg);
  spec.volatile_root = cfg.remove;  // as Podman's --rm containers
  spec.dir = store.dir(cfg.id);
  spec.id = cfg.id;
  // The passwd and group files, read once: for the process's user and to bind.
  launch::UserFiles files = user_files_of(store, cfg, lower);
  spec.process = process_of(settings, store, c, files);
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
    apply_container_userns(store, cfg, user, net.user_netns, spec);  // --userns keep-id, nomap, --uidmap, ns:PATH
    // On bridge networks: the user namespace of the user's network
    // namespace, which the monitor has joined (monitor/user_netns.h), or
    // one of its own nested in it.
    if (net.user_netns && !spec.nested) spec.user_namespace = false;
  }
  // Root's: the child enters its cgroup as it is made (launch/cgroups.h).
  bool entered = cg && !rootless;
  spec.on_namespaces = before_exec(cfg, entered ? nullptr : cg, net, user_net);
  try {
    if (entered) {
      spec.cgroup_tasks = cg->open_tasks();
      spec.cgroup_v2 = cg->open_v2();
    }
  } catch (const base::Error& e) {
    throw base::LaunchError(125, e);
  }
  spec.shm_size = cfg.shm_size;
  spec.shm_source = container_shm(store, cfg, rootless);
  // containers.conf's default_sysctls as Podman ships them: ping (an
  // ICMP socket) for every group, in a network namespace of its own.
  bool own_netns = cfg.network.is_bridge() || cfg.network.is_none() || cfg.network.is_slirp();
  if (own_netns) spec.sysctls.emplace_back("net.ipv4.ping_group_range", "0 0");
  for (const auto& kv : cfg.sysctls) spec.sysctls.emplace_back(kv.substr(0, kv.find('=')), kv.substr(kv.find('=') + 1));
  spec.devices = device_nodes(cfg);
  spec.cgroup_namespace = cg && private_cgroupns(cfg, cg->fs());
  // A network namespace of warren's own has lo up, as Podman's have.
  spec.loopback = cfg.network.is_bridge() || cfg.network.is_none() || cfg.network.is_slirp();
  bool in_pod = !cfg.pod.empty() && cfg.network.is_container();
  spec.bind_files = in_pod ? pod_etc_files(store, cfg, net) : own_etc_files(store, cfg, net);
  spec.mounts = launch_mounts(settings, cfg, lower, spec.dir, volumes);
  auto passwd_files = user_file_binds(store, cfg, files);
  if (!rootless || spec.nested) {
    // What warren made for this container (a pod member: for its pod, all
    // of whose members share its user namespace) is its root's. A regular
    // user's pod's stay the user's: each member's start adds to them.
    std::string mine = userdata_dir(store, in_pod && !rootless ? cfg.network.arg : cfg.id) + "/";
    std::vector<std::string> own;
    for (const auto* list : {&spec.bind_files, &passwd_files}) {
      for (const auto& [from, to] : *list) {
        if (from.starts_with(mine) || from.starts_with(userdata_dir(store, cfg.id) + "/")) own.push_back(from);
      }
    }
    if (!rootless) apply_root_userns(cfg, own, spec);
    else if (!cfg.infra) give_to_nested_root(own, spec);  // an infra's are its pod's, the user's
  }
  auto binds = device_binds(cfg);
  spec.bind_files.insert(spec.bind_files.end(), binds.begin(), binds.end());
  spec.bind_files.insert(spec.bind_files.end(), passwd_files.begin(), passwd_files.end());
  auto secret_files = secret_mounts(store, cfg, settings.rootless());
  spec.bind_files.insert(spec.bind_files.end(), secret_files.begin(), secret_files.end());
  if (!cfg.timezone.empty()) {
    // --tz: the zone's file as /etc/localtime.
    spec.bind_files.emplace_back(cfg.timezone == "local" ? "/etc/localtime" : "/usr/share/zoneinfo/" + cfg.timezone, "/etc/localtime");
  }
  if (cfg.init) {
    // --init: warren-init (or --init-path) as PID 1, bound where Podman binds catatonit.
    spec.bind_files.emplace_back(cfg.init_path.empty() ? config::helper_path("warren-init") : cfg.init_path, "/run/podman-init");
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
  } else if (!rootless && !cfg.uid_map.empty() && !joined.empty()) {
    // Root's pod member: its pod's user namespace, the infra's.
    auto other = store.find(joined);
    if (!other || store.live_state(*other).status != "running") {
      throw base::LaunchError(125, 0, fmt::format("cannot join the namespaces of container {}: it is not running", joined));
    }
    spec.userns_path = fmt::format("/proc/{}/ns/user", other->state.pid);
    spec.user_namespace = false;
  } else if (rootless && (cfg.pid_mode.starts_with("ns:") || cfg.uts_mode.starts_with("ns:") || cfg.ipc_mode.starts_with("ns:"))) {
    spec.userns_of_joined = true;  // the namespace's own user namespace
    spec.user_namespace = false;
  }
  spec.masked = cfg.masked_paths;
  spec.unmasked = cfg.unmasked_paths;
  spec.proc_options = cfg.proc_opts;
  spec.host_pid = cfg.pid_mode == "host";
  spec.host_ipc = cfg.ipc_mode == "host";
  spec.host_uts = cfg.uts_mode == "host";
  spec.no_shm = cfg.ipc_mode == "none";
  spec.uts_path = join_path(store, cfg.uts, cfg.uts_mode, "uts");
  spec.ipc_path = join_path(store, cfg.ipc, cfg.ipc_mode, "ipc");
  spec.pid_path = join_path(store, cfg.pid, cfg.pid_mode, "pid");
  if (cfg.cgroupns.starts_with("container:")) spec.cgroupns_path = join_path(store, cfg.cgroupns.substr(10), "", "cgroup");
  return spec;
}

launch::InfraSpec infra_spec(const store::ContainerStore& store, const store::ContainerConfig& cfg, const config::Settings& settings,
                             netconf::ContainerNetwork& net, netconf::UserNet& user_net, const launch::Cgroup* cg) {
  bool slirp = cfg.network.is_slirp();
  launch::InfraSpec infra{cfg.hostname, !cfg.network.is_host(), net.netns_path, cfg.network.is_bridge() || cfg.network.is_none() || slirp,
                          config::helper_path("warren-infra")};
  infra.ping_group = infra.loopback;  // the pod's own network namespace: the default sysctl, as a container's
  infra.host_pid = cfg.pid_mode == "host";
  infra.host_uts = cfg.uts_mode == "host";
  infra.pid_path = join_path(store, cfg.pid, cfg.pid_mode, "pid");
  infra.uts_path = join_path(store, cfg.uts, cfg.uts_mode, "uts");
  infra.cgroup_namespace = cfg.cgroupns == "private";  // a pod that shares it
  infra.no_new_privs = cfg.no_new_privs;
  try {
    infra.seccomp = launch::profile_filter(cfg.seccomp_profile, settings.conf.containers.seccomp_profile,
                                           launch::merge_capabilities({}, {}), settings.paths.runroot + "/seccomp");
  } catch (const base::Error& e) {
    throw base::LaunchError(125, 0, e.what());
  }
  if (cfg.userns.starts_with("ns:")) {
    infra.userns_path = cfg.userns.substr(3);  // pod create --userns ns:PATH: joined
    infra.as_host_root = !settings.rootless();
  } else if (settings.rootless() && !cfg.uid_map.empty()) {
    pod_userns(settings, cfg, net.user_netns, infra);  // --userns keep-id, nomap, auto, --uidmap
  } else if (settings.rootless() && !net.user_netns) {
    // A regular user's pod: the infra holds the user namespace as well
    // (on bridge networks, the user's network namespace's, joined).
    infra.user_namespace = true;
    infra.id_maps = rootless::user_id_maps(launch::user_of(settings.env));
  } else if (!settings.rootless() && !cfg.uid_map.empty()) {
    // Root's pod in a user namespace of its own (--uidmap, --userns auto).
    infra.user_namespace = true;
    infra.id_maps = rootless::direct_maps(cfg.uid_map, cfg.gid_map);
  }
  // In its pod's cgroup: root's enters it as it is made (launch/cgroups.h).
  try {
    if (cg && !settings.rootless()) {
      infra.cgroup_tasks = cg->open_tasks();
      infra.cgroup_v2 = cg->open_v2();
      cg = nullptr;
    }
  } catch (const base::Error& e) {
    throw base::LaunchError(125, e);
  }
  if (slirp || cg) {
    infra.on_namespaces = [&cfg, &net, &user_net, cg, slirp](pid_t pid) {
      if (cg) cg->add(pid);
      if (slirp) netconf::start_user_net(user_net, cfg, net, pid);
    };
  }
  return infra;
}

launch::ProcessSpec container_process(const config::Settings& settings, const store::ContainerStore& store, const store::Container& c,
                                      const std::string& lower) {
  return process_of(settings, store, c, user_files_of(store, c.config, lower));
}

}  // namespace monitor
