// SPDX-License-Identifier: GPL-2.0-or-later
// config/resources.h: what a container may use (run's --memory, --cpus,
// --pids-limit, ...), as its record keeps it and its cgroup applies it.
// A value type below store/ and launch/, which both need it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace config {

// A device's rate (--device-read-bps /dev/sda:1mb): the device's path as
// given, its numbers (found at create), and the rate.
struct DeviceRate {
  std::string path;
  unsigned major = 0, minor = 0;
  uint64_t rate = 0;
};

struct Resources {
  int64_t memory = 0;              // bytes; 0: no limit
  int64_t memory_reservation = 0;  // bytes; 0: none
  int64_t memory_swap = 0;         // memory + swap, bytes; 0: the default (twice memory), -1: unlimited
  int64_t memory_swappiness = -1;  // 0-100; -1: the kernel's
  bool oom_kill_disable = false;
  int oom_score_adj = 0;
  bool has_oom_score_adj = false;
  uint64_t cpu_shares = 0;  // 0: the kernel's (1024)
  int64_t cpu_period = 0;   // µs; 0: the kernel's (100000)
  int64_t cpu_quota = 0;    // µs per period; 0: none
  int64_t nano_cpus = 0;    // --cpus * 1e9, as inspect shows it
  std::string cpuset_cpus, cpuset_mems;
  int64_t pids_limit = 0;   // 0: none
  uint16_t blkio_weight = 0;  // 10-1000; 0: the kernel's
  std::vector<DeviceRate> blkio_weight_device;  // --blkio-weight-device: the rate is the weight
  std::vector<DeviceRate> device_read_bps, device_write_bps, device_read_iops, device_write_iops;
  int64_t cpu_rt_period = 0, cpu_rt_runtime = 0;  // µs (cgroup v1); 0: the kernel's
  std::vector<std::string> unified;  // --cgroup-conf KEY=VALUE, written as they are (cgroup v2)

  // Anything a cgroup must hold beyond the pids limit.
  bool limits_anything() const {
    return memory || memory_reservation || memory_swap || memory_swappiness >= 0 || oom_kill_disable || cpu_shares ||
           cpu_period || cpu_quota || !cpuset_cpus.empty() || !cpuset_mems.empty() || blkio_weight ||
           !blkio_weight_device.empty() || cpu_rt_period || cpu_rt_runtime || !unified.empty() || !device_read_bps.empty() || !device_write_bps.empty() || !device_read_iops.empty() || !device_write_iops.empty();
  }
};

// A device cgroup rule: "c 1:3 rwm" (type a, b or c; * for any number).
struct DeviceRule {
  char type = 'a';
  int64_t major = -1, minor = -1;  // -1: *
  std::string access = "rwm";
  bool allow = true;
};

}  // namespace config
