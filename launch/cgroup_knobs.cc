// SPDX-License-Identifier: GPL-2.0-or-later
// launch/cgroup_knobs.cc: a cgroup's files: the limits as v1 and v2 spell
// them, the device rules, and the figures for `stats`.
#include "launch/cgroup_knobs.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <sstream>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "launch/device_filter.h"

namespace launch {

namespace {

void must(const std::string& dir, const char* name, int64_t value) { write_knob_or_throw(dir, name, std::to_string(value)); }

// v2 spells "no limit" max.
std::string v2_value(int64_t v) { return v < 0 ? "max" : std::to_string(v); }

std::string rates_line(const config::DeviceRate& d, const char* key) { return fmt::format("{}:{} {}={}", d.major, d.minor, key, d.rate); }

// Docker's and Podman's swap rule: unset with a memory limit is twice it.
int64_t memory_and_swap(const config::Resources& r) {
  if (r.memory_swap != 0) return r.memory_swap;
  return r.memory > 0 ? 2 * r.memory : 0;
}

void v1_limits(const Cgroup& cg, const CgroupFs& fs, const config::Resources& r) {
  std::string mem = cg.dir(fs.hierarchy_of("memory"));
  bool has_mem = !fs.hierarchy_of("memory").empty();
  auto need = [&](const char* controller) {
    if (fs.hierarchy_of(controller).empty()) throw base::error("this machine's cgroups have no {} controller", controller);
    return cg.dir(fs.hierarchy_of(controller));
  };
  if (r.memory > 0) must(need("memory"), "memory.limit_in_bytes", r.memory);
  if (int64_t swap = memory_and_swap(r); swap != 0 && has_mem) {
    // Only with swap accounting; without it Podman warns and goes on.
    if (::access((mem + "/memory.memsw.limit_in_bytes").c_str(), F_OK) == 0) must(mem, "memory.memsw.limit_in_bytes", swap);
  }
  if (r.memory_reservation > 0) must(need("memory"), "memory.soft_limit_in_bytes", r.memory_reservation);
  if (r.memory_swappiness >= 0) must(need("memory"), "memory.swappiness", r.memory_swappiness);
  if (r.oom_kill_disable) must(need("memory"), "memory.oom_control", 1);
  if (r.cpu_shares) must(need("cpu"), "cpu.shares", static_cast<int64_t>(r.cpu_shares));
  if (r.cpu_period) must(need("cpu"), "cpu.cfs_period_us", r.cpu_period);
  if (r.cpu_quota) must(need("cpu"), "cpu.cfs_quota_us", r.cpu_quota);
  if (!r.cpuset_cpus.empty()) write_knob_or_throw(need("cpuset"), "cpuset.cpus", r.cpuset_cpus);
  if (!r.cpuset_mems.empty()) write_knob_or_throw(need("cpuset"), "cpuset.mems", r.cpuset_mems);
  if (r.pids_limit > 0) must(need("pids"), "pids.max", r.pids_limit);
  if (r.blkio_weight) {
    std::string blkio = need("blkio");
    const char* knob = ::access((blkio + "/blkio.weight").c_str(), F_OK) == 0 ? "blkio.weight" : "blkio.bfq.weight";
    if (::access((blkio + "/" + knob).c_str(), F_OK) != 0) throw base::error("--blkio-weight: this kernel's block I/O scheduler has no weights (blkio.weight)");
    must(blkio, knob, r.blkio_weight);
  }
  if (r.cpu_rt_period) must(need("cpu"), "cpu.rt_period_us", r.cpu_rt_period);
  if (r.cpu_rt_runtime) must(need("cpu"), "cpu.rt_runtime_us", r.cpu_rt_runtime);
  if (!r.blkio_weight_device.empty()) {
    std::string blkio = need("blkio");
    const char* knob = ::access((blkio + "/blkio.weight_device").c_str(), F_OK) == 0 ? "blkio.weight_device" : "blkio.bfq.weight_device";
    if (::access((blkio + "/" + knob).c_str(), F_OK) != 0) {
      throw base::error("--blkio-weight-device: this kernel's block I/O scheduler has no weights (blkio.weight_device)");
    }
    for (const auto& d : r.blkio_weight_device) write_knob_or_throw(blkio, knob, fmt::format("{}:{} {}", d.major, d.minor, d.rate));
  }
  for (auto [list, knob] : {std::pair{&r.device_read_bps, "blkio.throttle.read_bps_device"}, {&r.device_write_bps, "blkio.throttle.write_bps_device"},
                            {&r.device_read_iops, "blkio.throttle.read_iops_device"}, {&r.device_write_iops, "blkio.throttle.write_iops_device"}}) {
    for (const auto& d : *list) write_knob_or_throw(need("blkio"), knob, fmt::format("{}:{} {}", d.major, d.minor, d.rate));
  }
}

void v2_limits(const Cgroup& cg, const config::Resources& r) {
  std::string d = cg.dir();
  if (r.memory > 0) must(d, "memory.max", r.memory);
  if (int64_t swap = memory_and_swap(r); swap != 0 && r.memory > 0) {
    write_knob_or_throw(d, "memory.swap.max", v2_value(swap < 0 ? -1 : swap - r.memory));
  }
  if (r.memory_reservation > 0) must(d, "memory.low", r.memory_reservation);
  if (r.memory_swappiness >= 0) throw base::error("--memory-swappiness is not supported on cgroup v2");
  if (r.oom_kill_disable) throw base::error("--oom-kill-disable is not supported on cgroup v2");
  // runc's conversion of shares (2-262144) to a weight (1-10000).
  if (r.cpu_shares) must(d, "cpu.weight", static_cast<int64_t>(1 + ((r.cpu_shares - 2) * 9999) / 262142));
  if (r.cpu_quota || r.cpu_period) {
    write_knob_or_throw(d, "cpu.max", fmt::format("{} {}", r.cpu_quota > 0 ? std::to_string(r.cpu_quota) : "max", r.cpu_period ? r.cpu_period : 100000));
  }
  if (!r.cpuset_cpus.empty()) write_knob_or_throw(d, "cpuset.cpus", r.cpuset_cpus);
  if (!r.cpuset_mems.empty()) write_knob_or_throw(d, "cpuset.mems", r.cpuset_mems);
  if (r.pids_limit > 0) must(d, "pids.max", r.pids_limit);
  if (r.blkio_weight) must(d, "io.weight", 1 + (static_cast<int64_t>(r.blkio_weight) - 10) * 9999 / 990);
  for (const auto& dev : r.blkio_weight_device) {
    write_knob_or_throw(d, "io.weight", fmt::format("{}:{} {}", dev.major, dev.minor, 1 + (static_cast<int64_t>(dev.rate) - 10) * 9999 / 990));
  }
  if (r.cpu_rt_period || r.cpu_rt_runtime) throw base::error("--cpu-rt-period and --cpu-rt-runtime are not supported on cgroup v2");
  // --cgroup-conf: the files as named (checked to be plain names when read).
  for (const auto& kv : r.unified) write_knob_or_throw(d, kv.substr(0, kv.find('=')).c_str(), kv.substr(kv.find('=') + 1));
  for (auto [list, key] : {std::pair{&r.device_read_bps, "rbps"}, {&r.device_write_bps, "wbps"}, {&r.device_read_iops, "riops"},
                           {&r.device_write_iops, "wiops"}}) {
    for (const auto& dev : *list) write_knob_or_throw(d, "io.max", rates_line(dev, key));
  }
}

uint64_t read_u64(const std::string& dir, const char* name) {
  auto text = read_knob(dir, name);
  if (!text) return 0;
  std::string t = trim(*text);
  if (t.empty() || t == "max" || !std::isdigit(static_cast<unsigned char>(t[0]))) return 0;
  return std::stoull(t);
}

}  // namespace

std::optional<std::string> read_knob(const std::string& dir, const char* name) {
  try {
    return base::read_file(dir + "/" + name);
  } catch (const base::Error&) {
    return std::nullopt;
  }
}

bool write_knob(const std::string& dir, const char* name, const std::string& value) {
  base::UniqueFd fd{::open((dir + "/" + name).c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC)};
  if (!fd) return false;
  ssize_t n = ::write(fd.get(), value.data(), value.size());
  return n == static_cast<ssize_t>(value.size());
}

void write_knob_or_throw(const std::string& dir, const char* name, const std::string& value) {
  if (!write_knob(dir, name, value)) throw base::sys_error(errno, "cgroup {}: write {} to {}", dir, value, name);
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\n"), e = s.find_last_not_of(" \t\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

int64_t knob_value(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string k; in >> k;) {
    int64_t v;
    if (!(in >> v)) break;
    if (k == key) return v;
  }
  return -1;
}

void apply_limits(const Cgroup& cg, const CgroupFs& fs, const config::Resources& r) {
  if (fs.v2) v2_limits(cg, r);
  else v1_limits(cg, fs, r);
}

void apply_device_rules(const Cgroup& cg, const CgroupFs& fs, const std::vector<config::DeviceRule>& rules) {
  if (fs.v2) return attach_device_filter(cg.dir(), rules);
  std::string h = fs.hierarchy_of("devices");
  if (h.empty()) return;  // no devices controller: the rootfs's nodev and warren's own /dev still hold
  write_knob_or_throw(cg.dir(h), "devices.deny", "a");
  for (const auto& r : rules) {
    write_knob_or_throw(cg.dir(h), r.allow ? "devices.allow" : "devices.deny", device_rule_text(r));
  }
}

CgroupStats Cgroup::stats() const {
  CgroupStats s;
  auto io_sum = [&](const std::string& text, const char* read_key, const char* write_key, bool v2) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      std::istringstream l(line);
      std::string dev, a, b;
      l >> dev >> a;
      if (v2) {
        for (std::string kv = a; !kv.empty(); kv.clear(), l >> kv) {
          auto eq = kv.find('=');
          if (eq == std::string::npos) continue;
          uint64_t v = std::stoull(kv.substr(eq + 1));
          if (kv.substr(0, eq) == read_key) s.read_bytes += v;
          if (kv.substr(0, eq) == write_key) s.write_bytes += v;
        }
      } else if (l >> b) {
        if (a == read_key) s.read_bytes += std::stoull(b);
        if (a == write_key) s.write_bytes += std::stoull(b);
      }
    }
  };
  if (fs_.v2) {
    std::string d = dir();
    s.cpu_ns = static_cast<uint64_t>(std::max<int64_t>(0, knob_value(read_knob(d, "cpu.stat").value_or(""), "usage_usec"))) * 1000;
    s.memory = read_u64(d, "memory.current");
    int64_t inactive = knob_value(read_knob(d, "memory.stat").value_or(""), "inactive_file");
    if (inactive > 0) s.memory -= std::min(s.memory, static_cast<uint64_t>(inactive));
    s.memory_limit = read_u64(d, "memory.max");
    s.pids = read_u64(d, "pids.current");
    io_sum(read_knob(d, "io.stat").value_or(""), "rbytes", "wbytes", true);
    return s;
  }
  auto in = [&](const char* c) { return dir(fs_.hierarchy_of(c)); };
  if (fs_.has("cpuacct")) s.cpu_ns = read_u64(in("cpuacct"), "cpuacct.usage");
  if (fs_.has("memory")) {
    s.memory = read_u64(in("memory"), "memory.usage_in_bytes");
    // What the page cache could give back is not counted, as Podman's.
    int64_t inactive = knob_value(read_knob(in("memory"), "memory.stat").value_or(""), "total_inactive_file");
    if (inactive > 0) s.memory -= std::min(s.memory, static_cast<uint64_t>(inactive));
    s.memory_limit = read_u64(in("memory"), "memory.limit_in_bytes");
    if (s.memory_limit >= (uint64_t{1} << 62)) s.memory_limit = 0;  // the kernel's "unlimited"
  }
  if (fs_.has("pids")) s.pids = read_u64(in("pids"), "pids.current");
  if (fs_.has("blkio")) io_sum(read_knob(in("blkio"), "blkio.throttle.io_service_bytes_recursive").value_or(""), "Read", "Write", false);
  return s;
}

}  // namespace launch
