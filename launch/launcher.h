// SPDX-License-Identifier: GPL-2.0-or-later
// launch/launcher.h: starting a container's first process. It is cloned
// into new mount, PID, UTS and IPC namespaces (and a new network namespace
// unless it shares one), on an overlay of the image's root filesystem with
// a per-container upper dir, with /proc, a read-only /sys and a minimal
// /dev, after pivot_root; then it execs the command. A command that cannot
// be found or run is reported as Podman reports it (exit 127, 126).
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <cstdint>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/fd.h"
#include "rootless/userns.h"
#include "launch/mount_ops.h"
#include "launch/process.h"

namespace launch {

struct LaunchSpec {
  std::string lower;    // the image's root filesystem (read-only below)
  std::string dir;      // the container's own: upper/, work/, merged/ are made here
  bool direct_root = false;  // run --rootfs DIR (no :O): `lower` is the root itself, written to
  bool volatile_root = false;  // --rm: the overlay never syncs its upper dir (Podman's "volatile")
  std::string id;       // for errors
  ProcessSpec process;  // the command, its user, capabilities and terminal
  bool create_workdir = true;    // false: a missing workdir is an error (an explicit -w)
  std::string hostname;
  bool new_network = true;       // false: stay in the launcher's network namespace
  std::string netns_path;        // join this network namespace (a bind mount) instead
  std::string uts_path, ipc_path;  // join these (a pod's infra's, /proc/PID/ns/...) instead of new ones
  // A regular user's pod member: the infra's user namespace, which the
  // caller (the monitor) joins itself before the clone, so that the
  // container's new namespaces belong to it and the infra's can be joined.
  std::string userns_path;
  // A regular user's container given --pid/--uts/--ipc ns:PATH: the user
  // namespace that owns the first of those (NS_GET_USERNS), joined so.
  bool userns_of_joined = false;
  bool loopback = false;         // bring up lo in its network namespace (one of warren's own)
  // A regular user's container: a new user namespace with these maps
  // (the others are made inside it).
  bool user_namespace = false;
  rootless::IdMaps id_maps;
  // A regular user's container whose maps leave the user's own id out
  // (--userns nomap, auto, --uidmap 0:1:N): the clone is made by a helper
  // in a user namespace with `nest_maps` (the user's, through newuidmap)
  // and a mount namespace of its own, as root's user namespace is made
  // from the host's; id_maps are then in that namespace's ids (direct).
  // `nested_here`: this process is already root in a namespace with the
  // user's maps (the user's network namespace, monitor/user_netns.h), and
  // clones it itself.
  bool nested = false, nested_here = false;
  rootless::IdMaps nest_maps;
  // Called with the child's pid once its namespaces exist (and, in a new
  // user namespace, its maps): the rootless network is set up here while
  // the child mounts its root; the child runs its command only after. A
  // throw ends the child and fails the launch.
  std::function<void(pid_t)> on_namespaces;
  bool privileged = false;       // every capability and host device; nothing masked; /sys writable
  // Files bound over the image's: (file on the host, path in the container),
  // e.g. the generated /etc/hosts.
  std::vector<std::pair<std::string, std::string>> bind_files;
  // The user's mounts (-v, --mount, --tmpfs, volumes), in order, after
  // /dev; then, with `read_only`, the root file system is made read-only.
  std::vector<MountSpec> mounts;
  bool read_only = false;
  // --device: host nodes bound into /dev, as (host node, name under /dev).
  std::vector<std::pair<std::string, std::string>> devices;
  // v1: its cgroup's "tasks" files (launch/cgroups.h's open_tasks), which
  // the child writes first to move itself in; on_namespaces need not add
  // it then.
  std::vector<base::UniqueFd> cgroup_tasks;
  // And the v2 tree's cgroup (launch/cgroups.h's open_v2): cloned into it.
  base::UniqueFd cgroup_v2;
  // A cgroup namespace of its own, made once on_namespaces (which puts it
  // in its cgroup, unless cgroup_tasks did) is done, so that its cgroup is its root; or
  // `cgroupns_path`'s joined then (a pod's that shares its infra's).
  bool cgroup_namespace = false;
  std::string cgroupns_path;
  int64_t shm_size = 65536000;   // /dev/shm's size in bytes (--shm-size)
  std::string shm_source;        // or a host directory bound there (monitor/shm.h)
  // --pid, --ipc, --uts host: the launcher's own namespace (the host's
  // /dev/shm and /dev/mqueue bound in for IPC; no hostname set for UTS);
  // --ipc none: no /dev/shm. `pid_path`: join that PID namespace.
  bool host_pid = false, host_ipc = false, host_uts = false, no_shm = false;
  // --security-opt mask= (more paths hidden), unmask= (paths, or "ALL",
  // left visible and writable), proc-opts= (/proc's mount options).
  std::vector<std::string> masked, unmasked;
  std::string proc_options;
  std::string pid_path;
  // --sysctl, namespaced ones only (checked by the caller): (key, value),
  // written in the container's /proc/sys before it is made read-only.
  std::vector<std::pair<std::string, std::string>> sysctls;
};

struct Launched {
  pid_t pid;                // in the launcher's PID namespace
  base::UniqueFd terminal;  // the pty's master, for a terminal
};

// Starts the process, or throws a base::LaunchError naming what failed.
Launched launch(const LaunchSpec& spec);

// A pod's infra: a process that holds the pod's UTS, IPC and network
// namespaces (new ones, or `netns_path`'s network namespace) and a PID
// namespace of its own, with `hostname`, and does nothing until SIGTERM,
// SIGINT or SIGHUP ends it (exit 0). No image, no mounts: `program` is
// warren-infra, a pause a few pages big.
struct InfraSpec {
  std::string hostname;
  bool new_network = true;
  std::string netns_path;
  bool loopback = false;  // bring up lo there
  std::string program;    // warren-infra
  // A regular user's pod: the infra holds a user namespace too, made
  // with these maps; `on_namespaces` as for a container.
  bool user_namespace = false;
  rootless::IdMaps id_maps;
  // A regular user's pod whose maps leave the user out: as LaunchSpec's.
  bool nested = false;
  rootless::IdMaps nest_maps;
  // pod create --userns ns:PATH: the infra's new namespaces in that user
  // namespace, joined by a helper (root's pod, `as_host_root`: after the
  // host's namespaces it shares, joined here).
  std::string userns_path;
  bool as_host_root = false;
  std::function<void(pid_t)> on_namespaces;
  bool new_mount = false;  // a mount namespace too (a regular user's network namespace, monitor/user_netns.h)
  std::string resolv_conf;  // with new_mount: a file bound over /etc/resolv.conf there
  bool ping_group = false;  // net.ipv4.ping_group_range "0 0" there (containers.conf's default_sysctls)
  // pod create --pid/--uts: host (the launcher's own), or join the one at
  // a path (ns:PATH, container:ID's); otherwise new ones. A pod that
  // shares its cgroup namespace gets one of its own, as a container's.
  bool host_pid = false, host_uts = false, cgroup_namespace = false;
  std::string pid_path, uts_path;
  // The pod's --security-opt seccomp= (the default profile otherwise) and
  // no-new-privileges, as Podman's infra gets them.
  SeccompFilter seccomp;
  bool no_new_privs = false;
  // Its cgroup entered as a container's (LaunchSpec's cgroup_tasks, cgroup_v2).
  std::vector<base::UniqueFd> cgroup_tasks;
  base::UniqueFd cgroup_v2;
};

// Brings up `lo` in the caller's network namespace (a container's, after
// clone); false with errno set on failure. Async-signal-safe.
bool loopback_up();
pid_t launch_infra(const InfraSpec& spec);

// Waits for `pid`; returns its exit code, or 128 + the signal that ended it.
int wait_exit(pid_t pid);

}  // namespace launch
