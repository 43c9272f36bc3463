// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/cgroup.cc: the record's cgroup options to launch/cgroups.
#include "monitor/cgroup.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "base/error.h"
#include "base/file.h"

namespace monitor {

DeviceMapping device_mapping(const std::string& text) {
  auto a = text.find(':'), b = text.rfind(':');
  DeviceMapping d;
  d.host = text.substr(0, a);
  d.inside = a == std::string::npos ? d.host : text.substr(a + 1, b - a - 1);
  d.perms = b == std::string::npos || b == a ? "rwm" : text.substr(b + 1);
  return d;
}

// A regular user's: under the delegated v2 subtree found at create
// (cgroup_own), if there was one; a pod's infra has none.
std::optional<launch::Cgroup> rootless_cgroup(const store::ContainerConfig& cfg) {
  if (cfg.cgroups == "disabled" || cfg.infra || cfg.cgroup_own.empty() || cfg.cgroup_own[0] != '/' ||
      cfg.cgroup_own.find("..") != std::string::npos) {
    return std::nullopt;
  }
  launch::CgroupFs fs = launch::CgroupFs::detect();
  if (!fs.v2) return std::nullopt;
  fs.delegated = cfg.cgroup_own;
  std::string parent = cfg.cgroup_parent.empty() ? cfg.cgroup_own + "/libpod_parent" : cfg.cgroup_parent;
  if (parent.size() > 1 && parent.back() == '/') parent.pop_back();
  return launch::Cgroup(fs, parent + "/libpod-" + cfg.id);
}

std::optional<launch::Cgroup> container_cgroup(const config::Paths& paths, const store::ContainerConfig& cfg) {
  if (paths.rootless) return rootless_cgroup(cfg);
  // A pod's infra has one in its pod's cgroup only.
  if (cfg.cgroups == "disabled" || (cfg.infra && cfg.cgroup_parent.empty())) return std::nullopt;
  launch::CgroupFs fs = launch::CgroupFs::detect();
  if (!fs.usable()) return std::nullopt;
  if (cfg.cgroups == "split") {
    // Under its creator's own cgroup (none at the root: its start fails).
    if (cfg.cgroup_own.empty() || cfg.cgroup_own == "/" || cfg.cgroup_own.find("..") != std::string::npos) return std::nullopt;
    return launch::Cgroup(fs, (cfg.cgroup_own.back() == '/' ? cfg.cgroup_own.substr(0, cfg.cgroup_own.size() - 1) : cfg.cgroup_own) +
                                  "/libpod-payload-" + cfg.id);
  }
  std::string parent = cfg.cgroup_parent.empty() ? "/libpod_parent" : cfg.cgroup_parent;
  if (parent.size() > 1 && parent.back() == '/') parent.pop_back();
  return launch::Cgroup(fs, (parent == "/" ? "" : parent) + "/libpod-" + cfg.id);
}

std::optional<launch::Cgroup> split_cgroup(const config::Paths& paths, const store::ContainerConfig& cfg) {
  auto cg = container_cgroup(paths, cfg);
  if (cfg.cgroups != "split" || paths.rootless) return cg;
  if (!cg) throw base::LaunchError(126, 0, "could not find cgroup mount in \"/proc/self/cgroup\"");
  try {
    launch::move_under_subtree(cg->fs(), base::read_file("/proc/self/cgroup").value_or(""), "runtime");
  } catch (const base::Error& e) {
    throw base::LaunchError(125, 0, e.what());
  }
  return cg;
}

void make_pod_cgroup(const store::PodConfig& pod) {
  if (!pod.cgroup) return;
  launch::CgroupFs fs = launch::CgroupFs::detect();
  if (!fs.usable()) return;
  launch::Cgroup::create(fs, pod.cgroup_path(), pod.resources, {}, true);
}

void remove_pod_cgroup(const store::PodConfig& pod) {
  if (!pod.cgroup) return;
  launch::CgroupFs fs = launch::CgroupFs::detect();
  if (fs.usable()) launch::Cgroup(fs, pod.cgroup_path()).remove();
}

launch::Cgroup make_container_cgroup(const launch::Cgroup& where, const store::ContainerConfig& cfg) {
  std::vector<config::DeviceRule> rules;
  if (!cfg.privileged) {
    rules = launch::default_device_rules();
    for (const auto& text : cfg.devices) {
      DeviceMapping d = device_mapping(text);
      struct stat st;
      if (::stat(d.host.c_str(), &st) < 0) throw base::sys_error(errno, "stat {}", d.host);
      rules.push_back({S_ISBLK(st.st_mode) ? 'b' : 'c', ::major(st.st_rdev), ::minor(st.st_rdev), d.perms, true});
    }
    for (const auto& text : cfg.device_cgroup_rules) rules.push_back(launch::parse_device_rule(text));
  }
  // A regular user's may not attach v2's device program (that takes the
  // host's CAP_SYS_ADMIN): its user namespace and warren's /dev keep it
  // from the host's devices.
  bool all_devices = cfg.privileged || !where.fs().delegated.empty();
  return launch::Cgroup::create(where.fs(), where.path(), cfg.resources, rules, all_devices);
}

std::vector<std::pair<std::string, std::string>> device_nodes(const store::ContainerConfig& cfg) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& text : cfg.devices) {
    DeviceMapping d = device_mapping(text);
    if (d.inside.starts_with("/dev/")) out.emplace_back(d.host, d.inside.substr(5));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> device_binds(const store::ContainerConfig& cfg) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& text : cfg.devices) {
    DeviceMapping d = device_mapping(text);
    if (!d.inside.starts_with("/dev/")) out.emplace_back(d.host, d.inside);
  }
  return out;
}

bool private_cgroupns(const store::ContainerConfig& cfg, const launch::CgroupFs& fs) {
  if (cfg.cgroupns.empty()) return fs.v2;
  return cfg.cgroupns == "private";
}

}  // namespace monitor
