// SPDX-License-Identifier: GPL-2.0-or-later
// store/pod_store.h: pods on disk. ROOT/pods/ID/config.json holds what
// the pod was created with (written once; the infra's id added when it is
// made); a pod has no state of its own: it is what its containers are
// (pod_status). Names are unique among pods (ROOT/pods/names).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/container_store.h"
#include "store/names.h"

namespace store {

struct PodConfig {
  std::string id;
  std::string name;
  std::string created;               // RFC 3339
  std::string hostname;              // the UTS namespace's, when shared
  std::vector<std::pair<std::string, std::string>> labels;
  std::vector<std::string> share;    // of cgroup, ipc, net, pid, uts: what members join
  bool infra = true;                 // false: --infra=false, nothing shared
  std::string infra_id;              // the infra container, once made
  std::vector<std::string> create_command;  // pod create's command line (inspect's CreateCommand)
  // Its cgroup (root's, made at create): the pod's limits, and with
  // share_parent the members' cgroups' parent. cgroup_parent empty:
  // /libpod_parent. exit_policy: continue, or stop (the pod, once its
  // last member has ended).
  bool cgroup = false;
  config::Resources resources;
  std::string cgroup_parent;
  bool share_parent = true;
  std::string exit_policy = "continue";
  std::vector<std::string> sysctls;  // --sysctl: every member's, in the namespaces they share
  int64_t shm_size = 65536000;       // --shm-size: the /dev/shm of the pod's IPC namespace
  std::vector<std::string> devices;  // --device: every member's, "HOST:PATH:PERMS"
  std::vector<std::string> security_opts;  // --security-opt: the infra's, as given (inspect's security_opt)

  bool shares(const std::string& ns) const;
  // "/libpod_parent/ID", as Podman's cgroupfs names it.
  std::string cgroup_path() const;
};

class PodStore {
 public:
  explicit PodStore(const std::string& root);

  // Claims the name (a random one unless given) and writes the record.
  // Throws if the name is taken or not a valid name.
  PodConfig create(PodConfig p) const;
  void save(const PodConfig& p) const;
  std::vector<PodConfig> list() const;  // oldest first
  std::optional<PodConfig> find(const std::string& name_or_id) const;
  PodConfig get(const std::string& name_or_id) const;  // or "no pod with name or ID ... found"
  void remove(const PodConfig& p) const;               // absent is fine

 private:
  std::string dir(const std::string& id) const { return root_ + "/" + id; }
  NameTable names() const { return NameTable(root_ + "/names"); }
  std::optional<PodConfig> load(const std::string& id) const;

  std::string root_;
};

// The pod's containers, infra included, oldest first.
std::vector<Container> pod_containers(const ContainerStore& store, const std::string& pod_id);

// Podman's pod status from its containers' live states: Created, Running,
// Degraded (some running, some not), Exited (none running, some ran).
std::string pod_status(const std::vector<std::string>& container_statuses);

// The record's file, both ways.
std::string pod_json(const PodConfig& p);
PodConfig parse_pod(const std::string& text);

}  // namespace store
