// SPDX-License-Identifier: GPL-2.0-or-later
// cli/run_resources.cc: run and create's cgroup options: --memory,
// --cpus, --pids-limit and the rest of the limits, --cgroups,
// --cgroup-parent, --cgroupns, --device and --device-cgroup-rule, checked
// with Podman's words before anything is made.
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <functional>
#include <cstring>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/go_number.h"
#include "base/text.h"
#include "cli/commands.h"
#include "launch/cgroups.h"

namespace cli {

// The limits run, create and pod create share, in Podman's words.
void add_shared_limit_options(Options& opts) {
  opts.add()
      ("memory-swap", "Swap limit equal to memory plus swap: '-1' to enable unlimited swap", cxxopts::value<std::string>(), "string")
      ("cpus", "Number of CPUs. The default is 0.000 which means no limit", cxxopts::value<std::string>(), "float")
      ("c,cpu-shares", "CPU shares (relative weight)", cxxopts::value<std::string>(), "uint")
      ("cpuset-cpus", "CPUs in which to allow execution (0-3, 0,1)", cxxopts::value<std::string>(), "string")
      ("cpuset-mems", "Memory nodes (MEMs) in which to allow execution (0-3, 0,1). Only effective on NUMA systems.",
       cxxopts::value<std::string>(), "string")
      ("blkio-weight", "Block IO weight (relative weight) accepts a weight value between 10 and 1000.", cxxopts::value<std::string>(), "string")
      ("blkio-weight-device", "Block IO weight (relative device weight, format: DEVICE_NAME:WEIGHT)", cxxopts::value<std::string>(),
       "DEVICE_NAME:WEIGHT")
      ("cgroup-parent", "Optional parent cgroup for the container", cxxopts::value<std::string>(), "string");
}

void add_resource_options(Options& opts) {
  add_shared_limit_options(opts);
  const char* size = "(format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))";
  opts.add()
      ("m,memory", fmt::format("Memory limit {}", size), cxxopts::value<std::string>(), "<number>[<unit>]")
      ("memory-reservation", fmt::format("Memory soft limit {}", size), cxxopts::value<std::string>(), "<number>[<unit>]")
      ("memory-swappiness", "Tune container memory swappiness (0 to 100, or -1 for system default)",
       cxxopts::value<std::string>()->default_value("-1"), "int")
      ("oom-kill-disable", "Disable OOM Killer")
      ("oom-score-adj", "Tune the host's OOM preferences (-1000 to 1000)", cxxopts::value<std::string>(), "int")
      ("cpu-period", "Limit the CPU CFS (Completely Fair Scheduler) period", cxxopts::value<std::string>(), "uint")
      ("cpu-quota", "Limit the CPU CFS (Completely Fair Scheduler) quota", cxxopts::value<std::string>(), "int")
      ("pids-limit", "Tune container pids limit (set -1 for unlimited)", cxxopts::value<std::string>(), "int")
      ("cpu-rt-period", "Limit the CPU real-time period in microseconds", cxxopts::value<std::string>(), "uint")
      ("cpu-rt-runtime", "Limit the CPU real-time runtime in microseconds", cxxopts::value<std::string>(), "int")
      ("cgroup-conf", "Configure cgroup v2 (key=value)", cxxopts::value<std::string>(), "strings")
      ("device-read-bps", "Limit read rate (bytes per second) from a device (e.g. --device-read-bps=/dev/sda:1mb)",
       cxxopts::value<std::string>(), "stringArray")
      ("device-read-iops", "Limit read rate (IO per second) from a device (e.g. --device-read-iops=/dev/sda:1000)",
       cxxopts::value<std::string>(), "stringArray")
      ("device-write-bps", "Limit write rate (bytes per second) to a device (e.g. --device-write-bps=/dev/sda:1mb)",
       cxxopts::value<std::string>(), "stringArray")
      ("device-write-iops", "Limit write rate (IO per second) to a device (e.g. --device-write-iops=/dev/sda:1000)",
       cxxopts::value<std::string>(), "stringArray")
      ("cgroups", "control container cgroup configuration (\"enabled\"|\"disabled\"|\"no-conmon\"|\"split\")",
       cxxopts::value<std::string>()->default_value("enabled"), "string")
      ("cgroupns", "cgroup namespace to use", cxxopts::value<std::string>(), "string")
      ("device", "Add a host device to the container", cxxopts::value<std::string>(), "stringArray")
      ("device-cgroup-rule", "Add a rule to the cgroup allowed devices list", cxxopts::value<std::string>(), "stringArray");
}

namespace {

int64_t ram_flag(const cxxopts::ParseResult& r, const char* name, const char* what) {
  std::string text = r[name].as<std::string>();
  if (text == "-1" && std::string(name) == "memory-swap") return -1;
  auto v = base::go_ram_in_bytes(text);
  if (!v) throw base::error("invalid value for {}: invalid size: '{}'", what, text);
  return *v;
}

// "0-2,5" as a set of numbers; nullopt when it is not such a list.
std::optional<std::set<int>> number_list(const std::string& text) {
  std::set<int> out;
  for (const auto& part : base::split(text, ',')) {
    std::string why;
    auto dash = part.find('-');
    auto lo = base::go_parse_int(part.substr(0, dash), 10, why, 32);
    auto hi = dash == std::string::npos ? lo : base::go_parse_int(part.substr(dash + 1), 10, why, 32);
    if (!lo || !hi || *lo < 0 || *hi < *lo || *hi - *lo > 4096) return std::nullopt;
    for (int64_t i = *lo; i <= *hi; ++i) out.insert(static_cast<int>(i));
  }
  return out;
}

// Podman's check of --cpuset-cpus and --cpuset-mems against the machine's.
void check_available(const std::string& given, const char* file, const char* what) {
  if (given.empty()) return;
  auto want = number_list(given);
  if (!want) throw base::error("invalid value {} for {}", given, what);
  std::string online = base::read_file(file).value_or("0");
  online.erase(online.find_last_not_of("\n ") + 1);
  auto have = number_list(online).value_or(std::set<int>{});
  for (int n : *want) {
    if (!have.count(n)) throw base::error("requested {} are not available - requested {}, available: {}", what, given, online);
  }
}

// --device-read-bps /dev/sda:1mb: a block device and its rate.
std::vector<config::DeviceRate> device_rates(const cxxopts::ParseResult& r, const char* name, bool bytes) {
  std::vector<config::DeviceRate> out;
  for (const auto& spec : all_values(r, name)) {
    auto colon = spec.rfind(':');
    if (colon == std::string::npos) throw base::error("bad format: {}", spec);
    config::DeviceRate d;
    d.path = spec.substr(0, colon);
    std::string rate = spec.substr(colon + 1), why;
    auto v = bytes ? base::go_ram_in_bytes(rate) : std::optional<int64_t>(base::go_parse_int(rate, 10, why).value_or(-1));
    if (!v || *v < 0) {
      throw base::error("invalid rate for device: {}. The correct format is <device-path>:<number>{}. Number must be a positive integer{}", spec,
                        bytes ? "[<unit>]" : "", bytes ? ". Unit is optional and can be kb, mb, or gb" : "");
    }
    struct stat st;
    if (::stat(d.path.c_str(), &st) < 0) throw base::error("could not parse throttle device at {}: {}", d.path, go_errno(errno));
    if (!S_ISBLK(st.st_mode)) throw base::error("{} is not a block device", d.path);
    d.major = ::major(st.st_rdev);
    d.minor = ::minor(st.st_rdev);
    d.rate = static_cast<uint64_t>(*v);
    out.push_back(d);
  }
  return out;
}

// --blkio-weight-device /dev/sda:300 (Podman's parseWeightDevices).
std::vector<config::DeviceRate> weight_devices(const cxxopts::ParseResult& r) {
  std::vector<config::DeviceRate> out;
  for (const auto& spec : all_values(r, "blkio-weight-device")) {
    auto colon = spec.find(':');
    if (colon == std::string::npos) throw base::error("bad format: {}", spec);
    config::DeviceRate d;
    d.path = spec.substr(0, colon);
    if (!d.path.starts_with("/dev/")) throw base::error("bad format for device path: {}", spec);
    std::string why;
    auto weight = base::go_parse_uint(spec.substr(colon + 1), 10, why);
    if (!weight || (*weight > 0 && (*weight < 10 || *weight > 1000))) throw base::error("invalid weight for device: {}", spec);
    struct stat st;
    if (::stat(d.path.c_str(), &st) < 0) throw base::error("failed to inspect '{}' in --blkio-weight-device: {}", d.path, go_errno(errno));
    d.major = ::major(st.st_rdev);
    d.minor = ::minor(st.st_rdev);
    d.rate = *weight;
    out.push_back(d);
  }
  return out;
}

void cpu_options(const cxxopts::ParseResult& r, config::Resources& res) {
  if (r.count("cpu-shares")) res.cpu_shares = uint_flag(r, "cpu-shares");
  if (r.count("cpu-period")) res.cpu_period = static_cast<int64_t>(uint_flag(r, "cpu-period"));
  if (r.count("cpu-quota")) res.cpu_quota = int_flag(r, "cpu-quota");
  if (r.count("cpus")) {
    double cpus = float_flag(r, "cpus");
    if (cpus > 0) {
      if (r.count("cpu-period")) throw base::error("--cpu-period and --cpus cannot be set together");
      if (r.count("cpu-quota")) throw base::error("--cpu-quota and --cpus cannot be set together");
      res.nano_cpus = static_cast<int64_t>(std::llround(cpus * 1e9));
      res.cpu_period = 100000;
      res.cpu_quota = static_cast<int64_t>(std::llround(cpus * 100000));
    }
  }
  res.cpuset_cpus = r.count("cpuset-cpus") ? r["cpuset-cpus"].as<std::string>() : "";
  res.cpuset_mems = r.count("cpuset-mems") ? r["cpuset-mems"].as<std::string>() : "";
  check_available(res.cpuset_cpus, "/sys/devices/system/cpu/online", "CPUs");
  check_available(res.cpuset_mems, "/sys/devices/system/node/online", "memory nodes");
}

void memory_options(const cxxopts::ParseResult& r, config::Resources& res) {
  if (r.count("memory")) res.memory = ram_flag(r, "memory", "memory");
  if (r.count("memory-reservation")) res.memory_reservation = ram_flag(r, "memory-reservation", "memory-reservation");
  if (r.count("memory-swap")) res.memory_swap = ram_flag(r, "memory-swap", "memory-swap");
  if (res.memory_swap > 0 && res.memory > 0 && res.memory_swap < res.memory) {
    throw base::error("minimum memoryswap limit should be larger than memory limit, see usage");
  }
  res.memory_swappiness = int_flag(r, "memory-swappiness");
  if (res.memory_swappiness < -1 || res.memory_swappiness > 100) {
    throw base::error("invalid value: {}, valid memory swappiness range is 0-100", res.memory_swappiness);
  }
  res.oom_kill_disable = r.count("oom-kill-disable") > 0;
  if (r.count("oom-score-adj")) {
    int64_t adj = int_flag(r, "oom-score-adj");
    if (adj < -1000 || adj > 1000) throw base::error("oom_score_adj must be between -1000 and 1000: {}", adj);
    res.oom_score_adj = static_cast<int>(adj);
    res.has_oom_score_adj = true;
  }
}

// --device HOST[:CONTAINER[:PERMS]]: a node of the host's, bound into /dev.
std::string device_option(const std::string& spec) {
  std::vector<std::string> fields = base::split(spec, ':');
  std::string host = fields[0], inside = fields.size() > 1 ? fields[1] : host, perms = fields.size() > 2 ? fields[2] : "rwm";
  if (fields.size() == 2 && fields[1].find_first_not_of("rwm") == std::string::npos) {
    inside = host;
    perms = fields[1];
  }
  if (fields.size() > 3 || perms.empty() || perms.find_first_not_of("rwm") != std::string::npos) throw base::error("invalid device specification: {}", spec);
  struct stat st;
  if (::stat(host.c_str(), &st) < 0) throw base::error("stat {}: {}", host, go_errno(errno));
  if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)) throw base::error("{} is not a device", host);
  if (inside.empty() || inside[0] != '/' || inside.find("..") != std::string::npos) throw base::error("invalid device path {}", inside);
  return host + ":" + inside + ":" + perms;
}

// --cgroup-parent: absolute, and never climbing out of the hierarchy.
std::string cgroup_parent_flag(const cxxopts::ParseResult& r) {
  std::string parent = r.count("cgroup-parent") ? r["cgroup-parent"].as<std::string>() : "";
  if (parent.find("..") != std::string::npos) throw base::error("invalid cgroup parent \"{}\"", parent);
  if (!parent.empty() && parent[0] != '/') parent.insert(0, "/");
  return parent;
}

// --blkio-weight: discarded, with Podman's words, where the kernel has no weights.
void blkio_weight_option(const cxxopts::ParseResult& r, config::Resources& res, const std::function<const launch::CgroupFs&()>& fs) {
  if (!r.count("blkio-weight")) return;
  std::string why;
  auto w = base::go_parse_uint(r["blkio-weight"].as<std::string>(), 10, why, 16);
  if (!w) throw base::error("invalid value for blkio-weight: strconv.ParseUint: parsing \"{}\": {}", r["blkio-weight"].as<std::string>(), why);
  const launch::CgroupFs& cgroups = fs();
  std::string blkio = cgroups.v2 ? "" : cgroups.hierarchy_of("blkio");
  std::string dir = cgroups.root + "/" + blkio;
  bool weights = cgroups.v2 ? cgroups.has("io")
                            : !blkio.empty() && (::access((dir + "/blkio.weight").c_str(), F_OK) == 0 ||
                                                 ::access((dir + "/blkio.bfq.weight").c_str(), F_OK) == 0);
  if (!weights) fmt::print(stderr, "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.\n");
  else res.blkio_weight = static_cast<uint16_t>(*w);
}

// A regular user's delegated cgroup v2 subtree, as this command finds it
// from its own cgroup (launch/cgroups.h), or "".
std::string users_delegated_root(const launch::CgroupFs& fs) {
  return launch::delegated_root(fs, base::read_file("/proc/self/cgroup").value_or(""), launch::owned_by(::getuid()));
}

}  // namespace

void apply_resource_options(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& c) {
  config::Resources& res = c.resources;
  memory_options(r, res);
  cpu_options(r, res);
  const config::ContainerDefaults& defaults = ctx.settings().conf.containers;
  res.pids_limit = r.count("pids-limit") ? int_flag(r, "pids-limit") : std::max<int64_t>(defaults.pids_limit, 0);
  for (auto [flag, field, bytes] : {std::tuple{"device-read-bps", &res.device_read_bps, true}, {"device-write-bps", &res.device_write_bps, true},
                                    {"device-read-iops", &res.device_read_iops, false}, {"device-write-iops", &res.device_write_iops, false}}) {
    *field = device_rates(r, flag, bytes);
  }
  res.blkio_weight_device = weight_devices(r);
  if (r.count("cpu-rt-period")) res.cpu_rt_period = static_cast<int64_t>(std::min<uint64_t>(uint_flag(r, "cpu-rt-period"), INT64_MAX));
  if (r.count("cpu-rt-runtime")) res.cpu_rt_runtime = int_flag(r, "cpu-rt-runtime");
  // The machine's cgroups, read only when an option depends on them.
  std::optional<launch::CgroupFs> detected;
  auto fs = [&]() -> const launch::CgroupFs& {
    if (!detected) detected = launch::CgroupFs::detect();
    return *detected;
  };
  blkio_weight_option(r, res, fs);
  for (const auto& kv : split_values(all_values(r, "cgroup-conf"))) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) throw base::error("--cgroup-conf must be formatted KEY=VALUE");
    std::string key = kv.substr(0, eq);
    if (key.find('/') != std::string::npos || key.find("..") != std::string::npos) throw base::error("--cgroup-conf: invalid key \"{}\"", key);
    if (!fs().v2) throw base::error("cannot use --cgroup-conf without cgroup v2");
    res.unified.push_back(kv);
  }
  c.cgroups = r["cgroups"].as<std::string>();
  if (c.cgroups != "enabled" && c.cgroups != "disabled" && c.cgroups != "no-conmon" && c.cgroups != "split") {
    throw base::error("running container create option: invalid cgroup mode \"{}\": invalid argument", c.cgroups);
  }
  c.cgroup_parent = cgroup_parent_flag(r);
  if (c.cgroups == "split") {
    if (!c.cgroup_parent.empty()) throw base::error("cannot specify --cgroup-mode=split with a cgroup-parent: invalid argument");
    c.cgroup_own = launch::own_cgroup(base::read_file("/proc/self/cgroup").value_or(""));  // "/" fails its start, as Podman's
  }
  if (ctx.paths().rootless) {
    // A regular user's cgroup goes under the user's delegated v2 subtree,
    // found now (a later command may run from another cgroup).
    c.cgroup_own = users_delegated_root(fs());
  }
  c.cgroupns = r.count("cgroupns") ? r["cgroupns"].as<std::string>() : defaults.cgroupns;
  if (!c.cgroupns.empty() && c.cgroupns != "host" && c.cgroupns != "private") {
    throw base::error("unrecognized namespace mode {} passed", c.cgroupns);
  }
  for (const auto& rule : all_values(r, "device-cgroup-rule")) {
    launch::parse_device_rule(rule);
    c.device_cgroup_rules.push_back(rule);
  }
  for (const auto& spec : all_values(r, "device")) c.devices.push_back(device_option(spec));
  bool limited = res.limits_anything() || r.count("pids-limit") || !c.device_cgroup_rules.empty();
  if (ctx.paths().rootless && !c.cgroup_own.empty() && c.cgroups != "disabled") {
    // A cgroup in the user's delegated subtree: limits as root's; device
    // rules need the host's privilege (monitor/cgroup.h).
    c.device_cgroup_rules.clear();
  } else if (ctx.paths().rootless) {
    // No cgroup of its own for a regular user: on v1 Podman's warning; on
    // v2 without a delegated subtree one of warren's.
    bool v2 = limited && fs().v2;
    if (limited && !v2) fmt::print(stderr, "Resource limits are not supported and ignored on cgroups V1 rootless systems\n");
    if (v2) fmt::print(stderr, "Resource limits are not supported and ignored: the user has no delegated cgroup v2 subtree\n");
    res = config::Resources{};
    c.device_cgroup_rules.clear();
  } else if (c.cgroups == "disabled" && (res.limits_anything() || r.count("pids-limit"))) {
    throw base::error("cannot set resource limits when cgroups are disabled (--cgroups=disabled)");
  } else if (c.cgroups == "disabled") {
    res.pids_limit = 0;
  }
}

void add_pod_resource_options(Options& opts) {
  add_shared_limit_options(opts);
  opts.add()
      ("m,memory", "Memory limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))",
       cxxopts::value<std::string>(), "<number>[<unit>]")
      ("device-read-bps", "Limit read rate (bytes per second) from a device (e.g. --device-read-bps=/dev/sda:1mb)",
       cxxopts::value<std::string>(), "strings")
      ("device-write-bps", "Limit write rate (bytes per second) to a device (e.g. --device-write-bps=/dev/sda:1mb)",
       cxxopts::value<std::string>(), "strings")
      ("share-parent", "Set the pod's cgroup as the cgroup parent for all containers joining the pod",
       cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("device", "Add a host device to the container", cxxopts::value<std::string>(), "strings");
}

void apply_pod_resource_options(Context& ctx, const cxxopts::ParseResult& r, store::PodConfig& pod) {
  config::Resources& res = pod.resources;
  if (r.count("memory")) res.memory = ram_flag(r, "memory", "memory");
  if (r.count("memory-swap")) res.memory_swap = ram_flag(r, "memory-swap", "memory-swap");
  if (res.memory_swap > 0 && res.memory > 0 && res.memory_swap < res.memory) {
    throw base::error("minimum memoryswap limit should be larger than memory limit, see usage");
  }
  cpu_options(r, res);
  res.blkio_weight_device = weight_devices(r);
  res.device_read_bps = device_rates(r, "device-read-bps", true);
  res.device_write_bps = device_rates(r, "device-write-bps", true);
  std::optional<launch::CgroupFs> detected;
  auto fs = [&]() -> const launch::CgroupFs& {
    if (!detected) detected = launch::CgroupFs::detect();
    return *detected;
  };
  blkio_weight_option(r, res, fs);
  pod.cgroup_parent = cgroup_parent_flag(r);
  pod.share_parent = r["share-parent"].as<bool>();
  for (const auto& spec : split_values(all_values(r, "device"))) pod.devices.push_back(device_option(spec));
  // A regular user's pod has a cgroup only in the user's delegated v2
  // subtree (as its containers); one without an infra has none either,
  // and its limits go (Podman's).
  std::string delegated;
  if (ctx.paths().rootless) {
    delegated = users_delegated_root(fs());
    if (!delegated.empty() && pod.cgroup_parent.empty()) pod.cgroup_parent = delegated + "/libpod_parent";
  }
  pod.cgroup = pod.infra && (!ctx.paths().rootless || !delegated.empty()) && fs().usable();
  if (!pod.infra) res = config::Resources{};
  if (!pod.cgroup && res.limits_anything()) {
    if (ctx.paths().rootless && !fs().v2) fmt::print(stderr, "Resource limits are not supported and ignored on cgroups V1 rootless systems\n");
    else fmt::print(stderr, "Resource limits are not supported and ignored: the user has no delegated cgroup v2 subtree\n");
    res = config::Resources{};
  }
}

}  // namespace cli
