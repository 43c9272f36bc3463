// SPDX-License-Identifier: GPL-2.0-or-later
// store/container_store.h: containers on disk. ROOT/containers/ID holds
// the container's configuration (written once), its upper dir and its log;
// RUNROOT/containers/ID holds its state (status, pids, exit code), written
// atomically under the container's lock. Names are unique (a symlink per
// name in ROOT/containers/names); ids are 64 hex.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/resources.h"
#include "base/file.h"
#include "base/process_id.h"
#include "store/health.h"
#include "store/secret_store.h"
#include "store/mounts.h"
#include "store/names.h"
#include "store/network_mode.h"

namespace store {

// One network a container is attached to, as asked for.
struct NetworkAttachment {
  std::string name;
  std::string ip, ip6, mac;          // --ip, --ip6, --mac-address: static requests
  std::vector<std::string> aliases;  // --network-alias
  std::string interface;             // interface_name=: empty, the next free ethN
};

// A published port: host_port 0 is picked at create time; `range` ports
// from host_port map to `range` ports from container_port.
struct PublishedPort {
  std::string host_ip;               // empty: every address
  uint16_t host_port = 0;
  uint16_t container_port = 0;
  std::string protocol = "tcp";
  uint16_t range = 1;
};

struct ContainerConfig {
  std::string id;
  std::string name;
  std::string image_id;
  std::string image_name;
  std::vector<std::string> command;  // entrypoint + cmd, resolved
  std::vector<std::string> entrypoint, cmd;  // as inspect shows them
  std::vector<std::pair<std::string, std::string>> labels;  // the image's, then --label
  std::vector<std::string> env;
  std::string workdir = "/";
  bool create_workdir = true;        // false: it was given with -w, and must exist
  std::string user;                  // --user as given: NAME|UID[:GROUP|GID]
  bool privileged = false;
  bool no_new_privs = false;         // --security-opt no-new-privileges
  std::string seccomp_profile;       // --security-opt seccomp=: a file, "unconfined"; empty: the default
  std::vector<std::string> masked_paths, unmasked_paths;  // --security-opt mask=, unmask= ("ALL")
  std::string proc_opts;             // --security-opt proc-opts=: /proc's mount options
  std::vector<std::string> security_labels;  // --security-opt label=, apparmor= as given (no effect here)
  // Its cgroup: --memory, --cpus, --pids-limit and the rest; --cgroups
  // (enabled, disabled, no-conmon, split), --cgroup-parent (empty:
  // /libpod_parent), --cgroupns (host, private; empty: the hierarchy's
  // default), --device-cgroup-rule; --device's nodes ("HOST:PATH:PERMS").
  config::Resources resources;
  std::string cgroups = "enabled", cgroup_parent, cgroupns;
  std::string cgroup_own;  // --cgroups split: its creator's own cgroup, which holds its libpod-payload-ID;
                           // a regular user's: the delegated v2 subtree its cgroup goes under (or none)
  std::vector<std::string> device_cgroup_rules, devices;
  // --restart: "" (not given), no, on-failure (at most restart_retries
  // times when not 0), always, unless-stopped; the monitor restarts it.
  std::string restart_policy;
  int restart_retries = 0;
  HealthConfig health;  // --health-cmd and the rest, or the image's HEALTHCHECK
  int stop_signal = 15;                  // --stop-signal
  int stop_timeout = 10;                 // --stop-timeout, seconds
  std::vector<std::string> ulimits;      // --ulimit NAME=SOFT[:HARD] (and containers.conf default_ulimits)
  int64_t shm_size = 65536000;           // --shm-size, bytes
  std::vector<std::string> sysctls;      // --sysctl KEY=VALUE, namespaced ones
  std::vector<std::string> group_add;    // --group-add, names or ids
  std::string umask = "0022";            // --umask
  bool init = false;                     // --init: warren-init as PID 1
  std::string pidfile;                   // --pidfile: the first process's pid, written when it runs
  std::string conmon_pidfile;            // --conmon-pidfile: the monitor's pid, written when it runs
  // /etc/passwd and /etc/group as Podman adds to them: --passwd (lines
  // for a numeric --user they lack), --passwd-entry (that line's
  // template), --hostuser (the host's users, by name or uid).
  bool passwd = true;
  std::string passwd_entry;
  std::vector<std::string> host_users;
  int64_t timeout = 0;                   // --timeout: seconds until the monitor kills it (0: never)
  std::string personality;               // --personality: LINUX or LINUX32 (empty: the monitor's)
  std::string init_ctr;                  // --init-ctr: once or always, a pod's init container (empty: none)
  std::string rootfs;                    // run --rootfs: the root's dir (no image), absolute
  bool rootfs_overlay = false;           // its :O: an overlay over it, its changes the container's own
  std::string storage_driver = "overlay";  // vfs: its root is DIR/rootfs, a whole copy of its image's
  std::string sdnotify = "container";    // --sdnotify: container, conmon or ignore
  std::vector<std::string> chroot_dirs;  // --chrootdirs (kept for inspect; SELinux's)
  bool systemd = false;                  // --systemd's mode: tmpfs on /run, /run/lock, /tmp, /var/log/journal
  // --userns (a regular user's: "", host, keep-id, nomap, ns:PATH) and
  // the maps it or --uidmap/--gidmap give, "CONTAINER:ID:COUNT" in the
  // ids of the user's own namespace (rootless/id_mapping.h).
  std::string userns;
  std::vector<std::string> uid_map, gid_map;
  std::string init_path;                 // --init-path: the init bound for --init (empty: warren-init)
  std::vector<std::string> required;     // --requires: containers started before it, by id
  std::vector<std::pair<std::string, std::string>> annotations;  // --annotation
  std::string timezone;                  // --tz: a zone under /usr/share/zoneinfo, or "local"
  std::vector<SecretUse> secrets;        // --secret
  bool tty = false, interactive = false;  // -t, -i
  std::string hostname;
  NetworkMode network;                // none unless given
  std::vector<NetworkAttachment> networks;  // for bridge, in order: eth0, eth1, ...
  std::vector<PublishedPort> ports;         // -p, -P
  std::vector<std::string> exposed;         // the image's EXPOSE and --expose, "80/tcp"
  std::vector<std::string> add_hosts;  // --add-host, as host:ip
  bool no_hosts = false;               // --no-hosts: the image's /etc/hosts stays
  std::vector<std::string> dns;        // --dns servers
  std::vector<std::string> dns_search, dns_options;
  std::vector<std::string> cap_add, cap_drop;  // as given; merged at start
  // -v, --mount, --tmpfs, --volumes-from and the image's VOLUMEs, in the
  // order they are mounted (a parent before what is mounted inside it).
  std::vector<Mount> mounts;
  bool read_only = false;            // --read-only: the root file system is mounted read-only
  bool read_only_tmpfs = true;       // with tmpfs on /run, /tmp and /var/tmp
  bool remove = false;               // --rm
  // --log-opt max-size (or containers.conf log_size_max): the log is
  // truncated when it would grow past it, as conmon does; -1: no limit.
  int64_t log_size_max = -1;
  std::string log_path;              // --log-opt path; empty: ctr.log in the container's dir
  std::string log_tag;               // --log-opt tag (journald's; kept for inspect)
  std::string log_driver = "k8s-file";  // --log-driver: k8s-file, none (no log), passthrough
  // Pods: the pod's id for its members and its infra; the infra runs no
  // image, only a process that holds the pod's namespaces. A member joins
  // the infra's UTS and IPC namespaces with "container:ID" here (and its
  // network namespace through `network`).
  std::string pod;
  bool infra = false;
  std::string uts, ipc;              // the id of the container whose namespace it joins; empty: its own
  std::string pid;                   // --pid container:ID: the id; empty: its own
  // --pid, --ipc, --uts otherwise: "host" (the host's), for IPC also
  // "private" and "none" (no /dev/shm); empty: a namespace of its own.
  std::string pid_mode, ipc_mode, uts_mode;
  std::string created;               // RFC 3339
  std::vector<std::string> create_command;  // the command line that made it (inspect's Config.CreateCommand)
};

// What an attached network gave the container (from the CNI result).
struct NetworkStatus {
  std::string name;
  std::string interface;             // eth0, ...
  std::string ip, gateway, ip6, gateway6, mac;
  int prefix = 0, prefix6 = 0;
};

struct ContainerState {
  std::string status = "created";    // created | running | exited
  pid_t pid = 0;                      // the container's first process
  pid_t monitor = 0;
  uint64_t pid_start = 0, monitor_start = 0;  // their start times (base/process_id.h)
  int exit_code = 0;
  std::string started;
  std::string finished;
  std::vector<NetworkStatus> networks;
  bool oom_killed = false;            // the kernel's OOM killer ended it
  bool paused = false;                // running, frozen by `pause` (status stays "running" here)
  int restart_count = 0;              // times its monitor started it again (--restart)
  int quick_restarts = 0;             // of those in a row, each after a run under 10 s: the backoff's exponent
  bool stop_requested = false;        // stop asked for: no restart (cleared by start)
  bool restarting = false;            // exited, and its monitor will start it again
  HealthState health;                 // what its health checks found (State.Health)
};

struct Container {
  ContainerConfig config;
  ContainerState state;
};

// Whether a container writes in its root directory itself (run --rootfs
// without :O, or a vfs copy) rather than in an overlay's upper dir.
inline bool root_in_place(const ContainerConfig& c) {
  return (!c.rootfs.empty() && !c.rootfs_overlay) || c.storage_driver == "vfs";
}

inline base::ProcessId monitor_of(const ContainerState& s) { return {s.monitor, s.monitor_start}; }
inline base::ProcessId process_of(const ContainerState& s) { return {s.pid, s.pid_start}; }

// ContainerStore::list's prefilter (below). With `listing`, each config
// holds only what a listing reads (parse_listing), as ps needs.
struct ListPrefilter {
  std::function<bool(const ContainerState&)> state;
  std::function<bool(std::string_view config_text)> text;
  bool listing = false;
  // Only the records the running index names (every record whose state
  // says running, and maybe some that ended since), for a `state` that
  // keeps the running ones: ps without -a reads no other record.
  bool running = false;
};

class ContainerStore {
 public:
  // `remove_tree` takes a container's files away (a regular user's is
  // rootless::tree_remover, which can remove what the container's other
  // users own); by default base::remove_tree.
  using TreeRemover = std::function<void(const std::string&)>;
  ContainerStore(const std::string& root, const std::string& runroot, TreeRemover remove_tree = {});

  // A new record with a fresh id (unless given), and a Podman-style name
  // unless given; on the disk before it returns when `durable` (never a
  // --rm container's). Throws if the name is taken.
  Container create(ContainerConfig config, bool durable = true);
  // The record on the disk (fsync of the file and of its directory): run's,
  // by the monitor once the container runs and the CLI has gone on. False
  // when that failed (the record stays as written).
  bool make_durable(const std::string& id) const;
  // Oldest first; with a prefilter, those it keeps (it may keep too many,
  // never too few), by the recorded state (then the config is not even
  // read: ps without -a reads the running ones alone) and by the
  // config's text (then it is not parsed: pod ps parses its members').
  using Prefilter = ListPrefilter;
  std::vector<Container> list(const Prefilter& maybe = {}) const;
  std::optional<Container> latest() const;  // the newest, for --latest
  // By name, full id, or unique id prefix.
  std::optional<Container> find(const std::string& name_or_id) const;
  Container get(const std::string& name_or_id) const;  // or "no container with name or ID ... found"
  void save_state(const std::string& id, const ContainerState& s) const;
  // Rewrites the config (network connect and disconnect change it).
  void save_config(const ContainerConfig& c) const;
  // Gives it a new name (the caller holds its lock); Podman's error when
  // the name is taken or not a valid name.
  void rename(ContainerConfig c, const std::string& name) const;
  // Forget the container and remove its files; absent is fine.
  void remove(const std::string& id) const;
  // The same for the CLI's rm, in two steps: retire takes the container
  // out of every view (its name free) with a rename per root; purge_trash
  // deletes what was retired (and anything an interrupted purge left),
  // which rm leaves to a process of its own (monitor::spawn_purge).
  void retire(const Container& c) const { retire(c.config); }
  void retire(const ContainerConfig& c) const;
  void purge_trash() const;

  const std::string& root() const { return base_root_; }        // as given: --root
  const std::string& runroot() const { return base_runroot_; }  // --runroot
  std::string dir(const std::string& id) const { return root_ + "/" + id; }
  // A vfs container's root: its copy of the image's files.
  std::string vfs_root(const std::string& id) const { return dir(id) + "/rootfs"; }
  std::string run_dir(const std::string& id) const { return runroot_ + "/" + id; }
  std::string log_path(const ContainerConfig& c) const { return c.log_path.empty() ? dir(c.id) + "/ctr.log" : c.log_path; }
  std::string lock_path(const std::string& id) const { return runroot_ + "/.locks/" + id; }

  // The state as it really is, read only: a "running" container whose
  // monitor is gone has exited (137, as if killed). Nothing is written or
  // ended here; monitor::reconcile records it and cleans up.
  ContainerState live_state(const Container& c) const;
  static bool monitor_lost(const ContainerState& s);

  // The container's lock, held by every command that changes it (start,
  // stop, kill, rm, connect, disconnect) and by its monitor recording the
  // end. flock(2): a holder that dies lets go. Whoever takes it reads the
  // record again (it may have changed, or gone, while waiting); taking it
  // also removes the temp files of writes whose writer died.
  base::FileLock lock(const std::string& id) const;

 private:
  NameTable names() const { return NameTable(root_ + "/names"); }
  // The running index: an empty file per record whose state says running
  // (made before that state is written, removed after another is), and
  // `.complete` once a full scan has named those an older warren left.
  std::string running_index() const { return runroot_ + "/.running"; }
  void index_running(const std::string& id, bool running) const;
  std::optional<std::vector<std::string>> running_ids() const;
  void complete_running_index(const std::vector<Container>& running) const;
  std::optional<Container> load(const std::string& id, const Prefilter& maybe = {}) const;
  // The same, read into a new last element of `out`; false (and `out` as
  // it was) when the prefilter leaves it out or it is gone.
  bool load_into(const std::string& id, const Prefilter& maybe, std::vector<Container>& out) const;
  std::vector<std::string> ids() const;
  // A record a create killed midway left (its dir, neither config nor
  // state) goes, with its name, once no create holds its lock.
  void sweep_unfinished(const std::string& id) const;

  std::string base_root_, base_runroot_, root_, runroot_;
  TreeRemover remove_tree_;
};

// 64 hex digits: a whole id, not a name or a prefix.
bool is_full_id(const std::string& s);

// "quirky_newton": Podman's word lists' style.
std::string random_name();
std::string random_id();

}  // namespace store
