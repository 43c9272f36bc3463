// SPDX-License-Identifier: GPL-2.0-or-later
// launch/seccomp_profile_test.cc: profiles compile as Podman reads them; the
// built-in default is containers-common's file.
#include "launch/seccomp_profile.h"

#include <dirent.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>

#include <algorithm>
#include <array>
#include <cstring>

#include <catch2/catch.hpp>

#include "base/digest.h"
#include "base/error.h"
#include "base/file.h"
#include "base/json.h"
#include "launch/capabilities.h"

namespace launch {
namespace {

SeccompHost host(uint64_t caps) {
  SeccompHost h;
  h.caps = caps;
  h.kernel_major = 6;
  h.kernel_minor = 1;
  return h;
}

TEST_CASE("the built-in profile is containers-common's", "[seccomp]") {
  auto installed = base::read_file("/usr/share/containers/seccomp.json");
  // CI installs golang-github-containers-common; the test says so if not.
  REQUIRE(installed);
  CHECK(base::json::dump(base::json::parse(*installed, "installed")) ==
        base::json::dump(base::json::parse(default_seccomp_profile(), "built-in")));
}

TEST_CASE("the default profile compiles for the default and the full capability sets", "[seccomp]") {
  auto small = compile_seccomp(default_seccomp_profile(), host(default_capabilities()), "default");
  auto all = compile_seccomp(default_seccomp_profile(), host(~uint64_t{0}), "default");
  CHECK(small.program.size() > 100);
  // CAP_SYS_ADMIN allows bpf, perf_event_open and more: other rules.
  CHECK(small.program.size() != all.program.size());
  CHECK(small.flags == 0);
}

// A classic BPF program run over one seccomp_data, as the kernel runs it
// (the subset libseccomp emits): its result and the instructions it took.
struct Verdict {
  uint32_t action = 0;
  int steps = 0;
};
Verdict run_filter(const std::vector<sock_filter>& program, uint32_t arch, uint32_t nr, std::array<uint64_t, 6> args = {}) {
  seccomp_data data{};
  data.nr = static_cast<int>(nr);
  data.arch = arch;
  std::memcpy(data.args, args.data(), sizeof data.args);
  uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = {};
  Verdict v;
  for (size_t pc = 0; pc < program.size(); ++pc, ++v.steps) {
    const sock_filter& i = program[pc];
    uint32_t src = BPF_SRC(i.code) == BPF_X ? x : i.k;
    switch (BPF_CLASS(i.code)) {
      case BPF_LD:
        if (BPF_MODE(i.code) == BPF_ABS) {
          REQUIRE(i.k + 4 <= sizeof data);
          std::memcpy(&a, reinterpret_cast<const char*>(&data) + i.k, 4);
        } else {
          a = BPF_MODE(i.code) == BPF_MEM ? mem[i.k % BPF_MEMWORDS] : i.k;
        }
        break;
      case BPF_LDX: x = BPF_MODE(i.code) == BPF_MEM ? mem[i.k % BPF_MEMWORDS] : i.k; break;
      case BPF_ST: mem[i.k % BPF_MEMWORDS] = a; break;
      case BPF_STX: mem[i.k % BPF_MEMWORDS] = x; break;
      case BPF_ALU:
        REQUIRE((BPF_OP(i.code) == BPF_AND || BPF_OP(i.code) == BPF_OR));
        a = BPF_OP(i.code) == BPF_AND ? a & src : a | src;
        break;
      case BPF_JMP: {
        bool taken = BPF_OP(i.code) == BPF_JA || (BPF_OP(i.code) == BPF_JEQ && a == src) || (BPF_OP(i.code) == BPF_JGT && a > src) ||
                     (BPF_OP(i.code) == BPF_JGE && a >= src) || (BPF_OP(i.code) == BPF_JSET && (a & src) != 0);
        pc += BPF_OP(i.code) == BPF_JA ? i.k : taken ? i.jt : i.jf;
        break;
      }
      case BPF_RET: v.action = BPF_RVAL(i.code) == BPF_A ? a : i.k; ++v.steps; return v;
      default: FAIL("instruction " << i.code);
    }
  }
  FAIL("the program ran off its end");
  return v;
}

TEST_CASE("the default profile decides as containers-common's, in a few steps for any syscall", "[seccomp]") {
  auto f = compile_seccomp(default_seccomp_profile(), host(default_capabilities()), "default");
  constexpr uint32_t kAllow = SECCOMP_RET_ALLOW, kNoSys = SECCOMP_RET_ERRNO | 38;
  CHECK(run_filter(f.program, AUDIT_ARCH_X86_64, 0).action == kAllow);                             // read
  CHECK(run_filter(f.program, AUDIT_ARCH_X86_64, 246).action == (SECCOMP_RET_ERRNO | 1));          // kexec_load
  CHECK(run_filter(f.program, AUDIT_ARCH_X86_64, 0x40000000).action == kAllow);                    // x32's read
  CHECK(run_filter(f.program, AUDIT_ARCH_I386, 3).action == kAllow);                               // i386's read
  CHECK(run_filter(f.program, AUDIT_ARCH_I386, 283).action == (SECCOMP_RET_ERRNO | 1));            // i386's kexec_load
  CHECK(run_filter(f.program, AUDIT_ARCH_X86_64, 999).action == kNoSys);                           // none such
  CHECK(run_filter(f.program, AUDIT_ARCH_AARCH64, 63).action != kAllow);                           // another arch
  CHECK(run_filter(f.program, AUDIT_ARCH_X86_64, 135, {0x20008}).action == kAllow);                // personality
  CHECK(run_filter(f.program, AUDIT_ARCH_X86_64, 135, {1}).action == kNoSys);
  CHECK(run_filter(f.program, AUDIT_ARCH_X86_64, 41, {16, 3, 9}).action == (SECCOMP_RET_ERRNO | 22));  // audit socket
  CHECK(run_filter(f.program, AUDIT_ARCH_X86_64, 41, {16, 3, 0}).action == kAllow);
  // A binary tree by number: the kernel runs the filter for every syscall
  // number when it loads it, so a list's length is paid at each start.
  int longest = 0;
  for (uint32_t nr = 0; nr < 460; ++nr) longest = std::max(longest, run_filter(f.program, AUDIT_ARCH_X86_64, nr).steps);
  CHECK(longest < 64);
}

TEST_CASE("profiles are checked", "[seccomp]") {
  CHECK_THROWS_WITH(compile_seccomp("{bad", host(0), "p"), Catch::Contains("p: "));
  CHECK_THROWS_WITH(compile_seccomp(R"({"defaultAction":"SCMP_ACT_FOO"})", host(0), "p"),
                    "p: unknown action \"SCMP_ACT_FOO\"");
  CHECK_THROWS_WITH(compile_seccomp(R"({"defaultAction":"SCMP_ACT_NOTIFY"})", host(0), "p"), Catch::Contains("listener"));
  CHECK_THROWS_WITH(compile_seccomp(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["read"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":1,"op":"SCMP_CMP_XX"}]}]})",
                                    host(0), "p"),
                    "p: unknown operator \"SCMP_CMP_XX\"");
  CHECK_THROWS_WITH(compile_seccomp(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["read"],"action":"SCMP_ACT_ERRNO","args":[{"index":9,"value":1,"op":"SCMP_CMP_EQ"}]}]})",
                                    host(0), "p"),
                    Catch::Contains("index"));
  CHECK_THROWS_WITH(compile_seccomp(R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86"],"archMap":[]})", host(0), "p"),
                    Catch::Contains("use either 'architectures' or 'archMap'"));
  CHECK_THROWS_WITH(compile_seccomp(R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_NOPE"]})", host(0), "p"),
                    "p: unknown architecture \"SCMP_ARCH_NOPE\"");
  CHECK_THROWS_WITH(compile_seccomp(R"({"defaultAction":"SCMP_ACT_ALLOW","flags":["X"]})", host(0), "p"), "p: unknown flag \"X\"");
}

TEST_CASE("rules apply by capability, architecture and kernel; unknown syscalls are left out", "[seccomp]") {
  const char* profile = R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
    {"names":["acct"],"action":"SCMP_ACT_ERRNO","includes":{"caps":["CAP_SYS_PACCT"]}},
    {"names":["chroot"],"action":"SCMP_ACT_ERRNO","excludes":{"caps":["CAP_SYS_CHROOT"]}},
    {"names":["no_such_call"],"action":"SCMP_ACT_ERRNO"},
    {"names":["ioperm"],"action":"SCMP_ACT_ERRNO","includes":{"arches":["s390x"]}},
    {"names":["iopl"],"action":"SCMP_ACT_ERRNO","includes":{"minKernel":"99.0"}}]})";
  auto none = compile_seccomp(profile, host(0), "p");
  auto pacct = compile_seccomp(profile, host(uint64_t{1} << CAP_SYS_PACCT), "p");
  auto chroot = compile_seccomp(profile, host(uint64_t{1} << CAP_SYS_CHROOT), "p");
  auto empty = compile_seccomp(R"({"defaultAction":"SCMP_ACT_ALLOW"})", host(0), "p");
  CHECK(pacct.program.size() > none.program.size());   // acct's rule joins
  CHECK(chroot.program.size() < none.program.size());  // chroot's rule goes
  CHECK(chroot.program.size() == empty.program.size());  // nothing else was added
}

TEST_CASE("profile_filter reads the given file, the default or none", "[seccomp]") {
  CHECK(profile_filter("unconfined", "/nope", 0).empty());
  CHECK_FALSE(profile_filter("", "/nonexistent/seccomp.json", default_capabilities()).empty());
  CHECK_THROWS_WITH(profile_filter("/nonexistent/p.json", "/x", 0),
                    "opening seccomp profile failed: open /nonexistent/p.json: no such file or directory");
}

TEST_CASE("compiled profiles are kept by the name of their file's identity", "[seccomp]") {
  char dir_template[] = "/tmp/warren-seccomp-XXXXXX";
  REQUIRE(::mkdtemp(dir_template));
  std::string dir = dir_template, cache = dir + "/cache", profile = dir + "/p.json";
  auto same = [](const SeccompFilter& a, const SeccompFilter& b) {
    return a.flags == b.flags && a.program.size() == b.program.size() &&
           std::memcmp(a.program.data(), b.program.data(), a.program.size() * sizeof(sock_filter)) == 0;
  };
  auto entries = [&] {
    std::vector<std::string> out;
    if (DIR* d = ::opendir(cache.c_str())) {
      while (dirent* e = ::readdir(d)) {
        if (e->d_name[0] != '.') out.push_back(e->d_name);
      }
      ::closedir(d);
    }
    return out;
  };
  base::write_file_atomic(profile, R"({"defaultAction":"SCMP_ACT_ALLOW"})", 0644);
  auto allow = profile_filter(profile, "/x", 0, cache);
  REQUIRE(entries().size() == 1);
  CHECK(same(profile_filter(profile, "/x", 0, cache), allow));  // from the cache
  CHECK(entries().size() == 1);
  // An edited file (a new one in its place) is another name, compiled again.
  base::write_file_atomic(profile, R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO"}]})", 0644);
  auto edited = profile_filter(profile, "/x", 0, cache);
  CHECK(edited.program.size() > allow.program.size());
  CHECK(entries().size() == 2);
  // A damaged cache file is compiled again, never loaded.
  for (const auto& e : entries()) base::write_file_atomic(cache + "/" + e, "bad", 0600);
  CHECK(same(profile_filter(profile, "/x", 0, cache), edited));
  // The built-in profile's name: its text's digest, taken at build time.
  base::Sha256 sha(base::Sha256::Engine::portable);
  sha.update(default_seccomp_profile());
  CHECK(sha.hex() == default_seccomp_profile_digest());
  CHECK_FALSE(profile_filter("", dir + "/none.json", default_capabilities(), cache).empty());
  CHECK(entries().size() == 3);
  base::remove_tree(dir);
}

}  // namespace
}  // namespace launch
