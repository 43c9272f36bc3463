// SPDX-License-Identifier: GPL-2.0-or-later
// cli/container_inspect.cc: a container as Podman 4.3's inspect shows it:
// every key, in Podman's order, with Podman's types. What warren does not
// have (cgroups, health checks, restart policies, checkpoints) carries
// Podman's zero value, never a missing key.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/table.h"
#include "image/image_store.h"
#include "launch/capabilities.h"
#include "launch/rlimits.h"
#include "monitor/cgroup.h"
#include "runtime/containers.h"

namespace cli {

namespace {

constexpr const char* kZeroTime = "";  // Value::time("") is Go's zero time

// HostConfig.SecurityOpt: what --security-opt set, in Podman's order.
std::vector<std::string> security_opts(const store::ContainerConfig& c) {
  std::vector<std::string> out = c.security_labels;
  if (c.no_new_privs) out.emplace_back("no-new-privileges");
  if (!c.seccomp_profile.empty()) out.push_back("seccomp=" + c.seccomp_profile);
  return out;
}

Value state_value(const store::ContainerState& s) {
  bool running = s.status == "running", live = running || s.status == "paused" || s.status == "initialized";
  Value health;
  Value::Array log;
  for (const auto& r : s.health.log) {
    Value e;
    e.set("Start", r.start).set("End", r.end).set("ExitCode", r.exit_code).set("Output", r.output);
    log.push_back(e);
  }
  health.set("Status", s.health.status).set("FailingStreak", s.health.failing_streak).set("Log", log.empty() ? Value() : Value(log));
  Value v;
  v.set("OciVersion", "1.0.2").set("Status", s.status).set("Running", running).set("Paused", s.status == "paused")
      .set("Restarting", s.restarting).set("OOMKilled", s.oom_killed).set("Dead", false)
      .set("Pid", static_cast<int64_t>(live ? s.pid : 0)).set("ConmonPid", static_cast<int64_t>(live ? s.monitor : 0))
      .set("ExitCode", s.exit_code).set("Error", "").set("StartedAt", Value::time(s.started))
      .set("FinishedAt", Value::time(s.finished)).set("Health", health).set("CgroupPath", "")
      .set("CheckpointedAt", Value::time(kZeroTime)).set("RestoredAt", Value::time(kZeroTime));
  return v;
}

Value config_value(const store::ContainerConfig& c) {
  std::string entrypoint;
  for (const auto& e : c.entrypoint) entrypoint += (entrypoint.empty() ? "" : " ") + e;
  Value annotations = Value::map();
  annotations.set("io.container.manager", "libpod").set("io.kubernetes.cri-o.Created", c.created)
      .set("io.kubernetes.cri-o.TTY", c.tty ? "true" : "false")
      .set("io.podman.annotations.autoremove", c.remove ? "TRUE" : "FALSE")
      .set("io.podman.annotations.init", c.init ? "TRUE" : "FALSE").set("io.podman.annotations.privileged", c.privileged ? "TRUE" : "FALSE")
      .set("io.podman.annotations.publish-all", "FALSE").set("org.opencontainers.image.stopSignal", std::to_string(c.stop_signal));
  for (const auto& [k, val] : c.annotations) annotations.set(k, val);
  Value v;
  v.set("Hostname", c.hostname).set("Domainname", "").set("User", c.user).set("AttachStdin", false)
      .set("AttachStdout", false).set("AttachStderr", false).set("Tty", c.tty).set("OpenStdin", c.interactive)
      .set("StdinOnce", false).set("Env", Value::strings(c.env)).set("Cmd", Value::strings(c.cmd)).set("Image", c.image_name)
      .set("Volumes", Value()).set("WorkingDir", c.workdir).set("Entrypoint", entrypoint).set("OnBuild", Value())
      .set("Labels", c.labels.empty() ? Value() : labels_value(c.labels)).set("Annotations", annotations)
      .set("StopSignal", c.stop_signal);
  if (c.health.defined()) {
    Value check;
    check.set("Test", Value::strings(c.health.test)).set("Interval", c.health.interval_ns).set("Timeout", c.health.timeout_ns);
    if (c.health.start_period_ns) check.set("StartPeriod", c.health.start_period_ns);
    check.set("Retries", c.health.retries);
    v.set("Healthcheck", check);
  }
  v.set("HealthcheckOnFailureAction", c.health.on_failure).set("CreateCommand", c.create_command.empty() ? Value() : Value::strings(c.create_command));
  if (c.systemd) v.set("SystemdMode", true);
  v.set("Umask", c.umask).set("Timeout", c.timeout).set("StopTimeout", c.stop_timeout).set("Passwd", c.passwd);
  if (!c.chroot_dirs.empty()) v.set("ChrootDirs", Value::strings(c.chroot_dirs));
  v.set("sdNotifyMode", c.sdnotify);
  if (!c.timezone.empty()) v.set("Timezone", c.timezone);
  return v;
}

std::string upper(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

// HostConfig's limits, from --memory, --cpus, --device and the rest.
void resource_host_config(const store::ContainerConfig& c, Value& v) {
  const config::Resources& r = c.resources;
  v.set("CpuShares", static_cast<int64_t>(r.cpu_shares)).set("Memory", r.memory).set("NanoCpus", r.nano_cpus);
  v.set("CgroupParent", c.cgroup_parent).set("BlkioWeight", static_cast<int64_t>(r.blkio_weight)).set("BlkioWeightDevice", Value());
  for (auto [key, list] : {std::pair{"BlkioDeviceReadBps", &r.device_read_bps}, {"BlkioDeviceWriteBps", &r.device_write_bps},
                           {"BlkioDeviceReadIOps", &r.device_read_iops}, {"BlkioDeviceWriteIOps", &r.device_write_iops}}) {
    Value::Array rates;
    for (const auto& d : *list) {
      Value e;
      e.set("Path", d.path).set("Rate", static_cast<int64_t>(d.rate));
      rates.push_back(e);
    }
    v.set(key, list->empty() ? Value() : Value(rates));
  }
  v.set("CpuPeriod", r.cpu_period).set("CpuQuota", r.cpu_quota).set("CpuRealtimePeriod", 0).set("CpuRealtimeRuntime", 0);
  Value::Array devices;
  for (const auto& text : c.devices) {
    monitor::DeviceMapping d = monitor::device_mapping(text);
    Value e;
    e.set("PathOnHost", d.host).set("PathInContainer", d.inside).set("CgroupPermissions", d.perms);
    devices.push_back(e);
  }
  v.set("CpusetCpus", r.cpuset_cpus).set("CpusetMems", r.cpuset_mems).set("Devices", Value(devices));
  v.set("DiskQuota", 0).set("KernelMemory", 0).set("MemoryReservation", r.memory_reservation).set("MemorySwap", r.memory_swap);
  v.set("MemorySwappiness", std::max<int64_t>(r.memory_swappiness, 0)).set("OomKillDisable", r.oom_kill_disable);
  Value::Array ulimits;
  auto number = [](rlim_t v) { return v == RLIM_INFINITY ? int64_t{-1} : static_cast<int64_t>(v); };
  for (const auto& text : c.ulimits) {
    launch::Ulimit parsed = launch::parse_ulimit(text);
    Value u;
    u.set("Name", "RLIMIT_" + upper(text.substr(0, text.find('=')))).set("Soft", number(parsed.soft)).set("Hard", number(parsed.hard));
    ulimits.push_back(u);
  }
  v.set("PidsLimit", r.pids_limit).set("Ulimits", Value(ulimits));
  for (const char* zero : {"CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth"}) v.set(zero, 0);
}

std::string namespace_mode(const std::string& joined) { return joined.empty() ? "private" : "container:" + joined; }

Value host_config_value(const store::ContainerStore& store, const store::ContainerConfig& c) {
  Value log;
  log.set("Type", c.log_driver).set("Config", Value()).set("Path", c.log_driver == "journald" ? "" : store.log_path(c)).set("Tag", c.log_tag)
      .set("Size", human_size(c.log_size_max > 0 ? static_cast<uint64_t>(c.log_size_max) : 0, 4, false));
  Value restart;
  restart.set("Name", c.restart_policy).set("MaximumRetryCount", c.restart_retries);
  Value mounts;
  add_mount_host_config(c, mounts);  // Binds, Tmpfs, ReadonlyRootfs
  Value v;
  auto from = [&](const std::string& key) {
    for (const auto& kv : *mounts.as<Value::Object>()) {
      if (kv.first == key) return kv.second;
    }
    return Value();
  };
  v.set("Binds", from("Binds")).set("CgroupManager", "cgroupfs")
      .set("CgroupMode", c.cgroupns == "private" || c.cgroupns.starts_with("container:") ? c.cgroupns : "host").set("ContainerIDFile", "")
      .set("LogConfig", log).set("NetworkMode", c.network.str()).set("PortBindings", port_bindings(c.ports))
      .set("RestartPolicy", restart).set("AutoRemove", c.remove).set("VolumeDriver", "").set("VolumesFrom", Value())
      .set("CapAdd", Value::strings(c.cap_add)).set("CapDrop", Value::strings(c.cap_drop)).set("Dns", Value::strings(c.dns))
      .set("DnsOptions", Value::strings(c.dns_options)).set("DnsSearch", Value::strings(c.dns_search))
      .set("ExtraHosts", Value::strings(c.add_hosts)).set("GroupAdd", Value::strings(c.group_add)).set("IpcMode", !c.ipc.empty() ? namespace_mode(c.ipc) : c.ipc_mode.empty() ? "shareable" : c.ipc_mode)
      .set("Cgroup", "").set("Cgroups", c.cgroups == "disabled" ? "disabled" : "default").set("Links", Value())
      .set("OomScoreAdj", c.resources.oom_score_adj).set("PidMode", c.pid_mode.empty() ? namespace_mode(c.pid) : c.pid_mode)
      .set("Privileged", c.privileged).set("PublishAllPorts", false).set("ReadonlyRootfs", from("ReadonlyRootfs"))
      .set("SecurityOpt", Value::strings(security_opts(c)))
      .set("Tmpfs", from("Tmpfs")).set("UTSMode", c.uts_mode.empty() ? namespace_mode(c.uts) : c.uts_mode).set("UsernsMode", c.userns.starts_with("ns:") || c.uid_map.empty() ? c.userns : "private");
  if (!c.uid_map.empty()) {
    Value maps;
    maps.set("UidMap", Value::strings(c.uid_map)).set("GidMap", Value::strings(c.gid_map));
    v.set("IDMappings", maps);
  }
  v.set("ShmSize", c.shm_size)
      .set("Runtime", "oci").set("ConsoleSize", Value::Array{0, 0}).set("Isolation", "");
  resource_host_config(c, v);
  v.set("CgroupConf", Value());
  return v;
}

}  // namespace

Value container_value(Context& ctx, const store::ContainerStore& store, const store::Container& c) {
  auto s = runtime::state_of(ctx.settings(), store, c);
  const auto& cfg = c.config;
  std::vector<std::string> cmd = cfg.command;
  auto paths = ctx.paths();
  image::ImageStore images(paths.root, !paths.rootless);
  auto img = cfg.image_id.empty() ? std::nullopt : images.find(cfg.image_id);
  std::string digest = img ? (img->digest.empty() ? "sha256:" + img->id : img->digest) : "";
  // A pod member that shares its infra's network sees the infra's /etc files.
  std::string etc = store.run_dir(cfg.network.is_container() ? cfg.network.arg : cfg.id) + "/userdata";
  auto caps = Value::strings(launch::capability_names(launch::merge_capabilities(cfg.cap_add, cfg.cap_drop)));
  std::string dir = store.dir(cfg.id);
  Value graph_data = Value::map();
  if (img) graph_data.set("LowerDir", images.rootfs(cfg.image_id));
  graph_data.set("MergedDir", dir + "/merged").set("UpperDir", dir + "/upper").set("WorkDir", dir + "/work");
  Value graph;
  if (cfg.storage_driver == "vfs") graph.set("Name", "vfs").set("Data", nullptr);  // Podman's vfs shows no dirs
  else graph.set("Name", "overlay").set("Data", graph_data);
  Value v;
  v.set("Id", cfg.id).set("Created", Value::time(cfg.created)).set("Path", cmd.empty() ? "" : cmd.front())
      .set("Args", Value::strings(std::vector<std::string>(cmd.size() > 1 ? cmd.begin() + 1 : cmd.end(), cmd.end())))
      .set("State", state_value(s)).set("Image", cfg.image_id).set("ImageDigest", digest).set("ImageName", cfg.image_name)
      .set("Rootfs", cfg.rootfs).set("Pod", cfg.pod).set("ResolvConfPath", etc + "/resolv.conf").set("HostnamePath", etc + "/hostname")
      .set("HostsPath", etc + "/hosts").set("StaticDir", dir).set("OCIConfigPath", "").set("OCIRuntime", "warren")
      .set("ConmonPidFile", cfg.conmon_pidfile).set("PidFile", cfg.pidfile).set("Name", cfg.name).set("RestartCount", s.restart_count).set("Driver", "overlay")
      .set("MountLabel", "").set("ProcessLabel", "").set("AppArmorProfile", "").set("EffectiveCaps", caps)
      .set("BoundingCaps", caps).set("ExecIDs", Value::Array{}).set("GraphDriver", graph)
      .set("Mounts", mounts_value(ctx, cfg))
      .set("Dependencies", Value::strings(cfg.network.is_container() && !cfg.pod.empty() ? std::vector<std::string>{cfg.network.arg}
                                                                                         : std::vector<std::string>{}))
      .set("NetworkSettings", network_settings(store, c, s)).set("Namespace", "").set("IsInfra", cfg.infra)
      .set("IsService", false).set("Config", config_value(cfg)).set("HostConfig", host_config_value(store, cfg))
      .set("LogPath", store.log_path(cfg));
  return v;
}

}  // namespace cli
