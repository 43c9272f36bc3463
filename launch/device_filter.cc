// SPDX-License-Identifier: GPL-2.0-or-later
// launch/device_filter.cc: the device rules as BPF instructions.
#include "launch/device_filter.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/error.h"
#include "base/fd.h"

namespace launch {

namespace {

bpf_insn op(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
  bpf_insn i{};
  i.code = code;
  i.dst_reg = dst & 0xf;
  i.src_reg = src & 0xf;
  i.off = off;
  i.imm = imm;
  return i;
}

// Registers once the context is read: type, access, major, minor.
constexpr uint8_t kType = 2, kAccess = 3, kMajor = 4, kMinor = 5, kScratch = 1;

uint32_t access_bits(const std::string& access) {
  uint32_t bits = 0;
  for (char c : access) bits |= c == 'm' ? BPF_DEVCG_ACC_MKNOD : c == 'r' ? BPF_DEVCG_ACC_READ : c == 'w' ? BPF_DEVCG_ACC_WRITE : 0;
  return bits;
}

// One rule: every condition that fails jumps past the block's end.
std::vector<bpf_insn> rule_block(const config::DeviceRule& r) {
  std::vector<bpf_insn> b;
  std::vector<size_t> jumps;  // to the next block
  auto jump_unless_equal = [&](uint8_t reg, int32_t value) {
    jumps.push_back(b.size());
    b.push_back(op(BPF_JMP | BPF_JNE | BPF_K, reg, 0, 0, value));
  };
  if (r.type != 'a') jump_unless_equal(kType, r.type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
  uint32_t allowed = access_bits(r.access);
  if (allowed != (BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE)) {
    b.push_back(op(BPF_ALU | BPF_MOV | BPF_X, kScratch, kAccess, 0, 0));
    b.push_back(op(BPF_ALU | BPF_AND | BPF_K, kScratch, 0, 0, static_cast<int32_t>(~allowed)));
    jumps.push_back(b.size());
    b.push_back(op(BPF_JMP | BPF_JNE | BPF_K, kScratch, 0, 0, 0));
  }
  if (r.major >= 0) jump_unless_equal(kMajor, static_cast<int32_t>(r.major));
  if (r.minor >= 0) jump_unless_equal(kMinor, static_cast<int32_t>(r.minor));
  b.push_back(op(BPF_ALU | BPF_MOV | BPF_K, 0, 0, 0, r.allow ? 1 : 0));
  b.push_back(op(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
  for (size_t j : jumps) b[j].off = static_cast<int16_t>(b.size() - j - 1);
  return b;
}

}  // namespace

std::vector<bpf_insn> device_filter_program(const std::vector<config::DeviceRule>& rules) {
  std::vector<bpf_insn> p = {
      op(BPF_LDX | BPF_W | BPF_MEM, kType, 1, offsetof(bpf_cgroup_dev_ctx, access_type), 0),
      op(BPF_ALU | BPF_AND | BPF_K, kType, 0, 0, 0xffff),
      op(BPF_LDX | BPF_W | BPF_MEM, kAccess, 1, offsetof(bpf_cgroup_dev_ctx, access_type), 0),
      op(BPF_ALU | BPF_RSH | BPF_K, kAccess, 0, 0, 16),
      op(BPF_LDX | BPF_W | BPF_MEM, kMajor, 1, offsetof(bpf_cgroup_dev_ctx, major), 0),
      op(BPF_LDX | BPF_W | BPF_MEM, kMinor, 1, offsetof(bpf_cgroup_dev_ctx, minor), 0),
  };
  // The last rule decides: the blocks go in reverse, the first match wins.
  for (auto it = rules.rbegin(); it != rules.rend(); ++it) {
    auto b = rule_block(*it);
    p.insert(p.end(), b.begin(), b.end());
  }
  p.push_back(op(BPF_ALU | BPF_MOV | BPF_K, 0, 0, 0, 0));
  p.push_back(op(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
  return p;
}

void attach_device_filter(const std::string& dir, const std::vector<config::DeviceRule>& rules) {
  std::vector<bpf_insn> program = device_filter_program(rules);
  static char license[] = "GPL";
  bpf_attr load{};
  load.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  load.insns = reinterpret_cast<uint64_t>(program.data());
  load.insn_cnt = static_cast<uint32_t>(program.size());
  load.license = reinterpret_cast<uint64_t>(license);
  base::UniqueFd prog{static_cast<int>(::syscall(SYS_bpf, BPF_PROG_LOAD, &load, sizeof load))};
  if (!prog) throw base::sys_error(errno, "load the device filter for the cgroup {}", dir);
  base::UniqueFd cgroup{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (!cgroup) throw base::sys_error(errno, "open the cgroup {}", dir);
  bpf_attr attach{};
  attach.target_fd = static_cast<uint32_t>(cgroup.get());
  attach.attach_bpf_fd = static_cast<uint32_t>(prog.get());
  attach.attach_type = BPF_CGROUP_DEVICE;
  attach.attach_flags = BPF_F_ALLOW_MULTI;
  if (::syscall(SYS_bpf, BPF_PROG_ATTACH, &attach, sizeof attach) < 0) throw base::sys_error(errno, "attach the device filter to the cgroup {}", dir);
}

}  // namespace launch
