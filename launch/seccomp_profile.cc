// SPDX-License-Identifier: GPL-2.0-or-later
// launch/seccomp_profile.cc: containers-common's profile format through libseccomp.
#include "launch/seccomp_profile.h"

#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "base/digest.h"
#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/json.h"
#include "launch/capabilities.h"
#include "launch/seccomp_lib.h"

namespace launch {

namespace {

namespace json = base::json;

constexpr uint32_t kEperm = EPERM;

// An action by its profile name; ERRNO and TRACE carry `ret`.
uint32_t action_of(const std::string& name, uint32_t ret, std::string_view what) {
  if (name == "SCMP_ACT_ALLOW") return SCMP_ACT_ALLOW;
  if (name == "SCMP_ACT_ERRNO") return SCMP_ACT_ERRNO(ret);
  if (name == "SCMP_ACT_KILL" || name == "SCMP_ACT_KILL_THREAD") return SCMP_ACT_KILL_THREAD;
  if (name == "SCMP_ACT_KILL_PROCESS") return SCMP_ACT_KILL_PROCESS;
  if (name == "SCMP_ACT_TRAP") return SCMP_ACT_TRAP;
  if (name == "SCMP_ACT_TRACE") return SCMP_ACT_TRACE(ret);
  if (name == "SCMP_ACT_LOG") return SCMP_ACT_LOG;
  if (name == "SCMP_ACT_NOTIFY") throw base::error("{}: SCMP_ACT_NOTIFY needs a listener, which warren does not run", what);
  throw base::error("{}: unknown action \"{}\"", what, name);
}

scmp_compare compare_of(const std::string& op, std::string_view what) {
  static const std::pair<const char*, scmp_compare> kOps[] = {
      {"SCMP_CMP_NE", SCMP_CMP_NE}, {"SCMP_CMP_LT", SCMP_CMP_LT}, {"SCMP_CMP_LE", SCMP_CMP_LE},
      {"SCMP_CMP_EQ", SCMP_CMP_EQ}, {"SCMP_CMP_GE", SCMP_CMP_GE}, {"SCMP_CMP_GT", SCMP_CMP_GT},
      {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ}};
  for (const auto& [name, cmp] : kOps) {
    if (op == name) return cmp;
  }
  throw base::error("{}: unknown operator \"{}\"", what, op);
}

uint32_t errno_of(const json::Value& obj, const char* key, std::string_view what) {
  return static_cast<uint32_t>(json::opt_int_in(obj, key, 0, 4095, what).value_or(kEperm));
}

uint64_t u64(const json::Value& obj, const char* key, std::string_view what) {
  if (!obj.HasMember(key)) return 0;
  const json::Value& v = obj[key];
  if (!v.IsUint64()) throw base::error("{}: \"{}\" must be an unsigned integer", what, key);
  return v.GetUint64();
}

struct Context {
  const SeccompLib& lib;
  scmp_filter_ctx ctx;
  Context() : lib(seccomp_lib()), ctx(nullptr) {}
  ~Context() {
    if (ctx) lib.release(ctx);
  }
};

bool holds(const SeccompHost& host, const std::string& cap) {
  uint64_t bit = capability_bit(cap);
  return bit != 0 && (host.caps & bit) != 0;
}

bool kernel_at_least(const SeccompHost& host, const std::string& version, std::string_view what) {
  int major = 0, minor = 0;
  if (std::sscanf(version.c_str(), "%d.%d", &major, &minor) < 1) throw base::error("{}: bad minKernel \"{}\"", what, version);
  return host.kernel_major > major || (host.kernel_major == major && host.kernel_minor >= minor);
}

// Whether a rule applies to this process on this machine (Podman's order).
bool applies(const json::Value& rule, const SeccompHost& host, std::string_view what) {
  const json::Value* ex = json::opt_object(rule, "excludes", what);
  if (ex) {
    auto arches = json::strings(*ex, "arches", what);
    if (std::find(arches.begin(), arches.end(), host.arch) != arches.end()) return false;
    for (const auto& cap : json::strings(*ex, "caps", what)) {
      if (holds(host, cap)) return false;
    }
  }
  const json::Value* in = json::opt_object(rule, "includes", what);
  if (in) {
    auto arches = json::strings(*in, "arches", what);
    if (!arches.empty() && std::find(arches.begin(), arches.end(), host.arch) == arches.end()) return false;
    for (const auto& cap : json::strings(*in, "caps", what)) {
      if (!holds(host, cap)) return false;
    }
    auto min = json::opt_string(*in, "minKernel", what);
    if (min && !min->empty() && !kernel_at_least(host, *min, what)) return false;
  }
  return true;
}

std::vector<scmp_arg_cmp> conditions(const json::Value& rule, std::string_view what, bool& separate) {
  std::vector<scmp_arg_cmp> out;
  const json::Value* args = json::opt_array(rule, "args", what);
  int seen[6] = {};
  separate = false;
  if (!args) return out;
  for (const auto& a : args->GetArray()) {
    json::object(a, what);
    int64_t index = json::opt_int_in(a, "index", 0, 5, what).value_or(0);
    scmp_arg_cmp c{static_cast<unsigned>(index), compare_of(json::string(a, "op", what), what), u64(a, "value", what),
                   u64(a, "valueTwo", what)};
    out.push_back(c);
    // Two conditions on one argument cannot be one rule: each is a rule
    // of its own (runc's way), so they allow either.
    if (++seen[index] > 1) separate = true;
  }
  return out;
}

void add_rule(Context& c, int nr, uint32_t action, const std::vector<scmp_arg_cmp>& conds, bool separate,
              const std::string& name, std::string_view what) {
  auto add = [&](const scmp_arg_cmp* first, unsigned count) {
    int rc = c.lib.rule_add_array(c.ctx, action, nr, count, first);
    if (rc < 0) throw base::sys_error(-rc, "{}: add the rule for {}", what, name);
  };
  if (!separate) return add(conds.data(), static_cast<unsigned>(conds.size()));
  for (const auto& cond : conds) add(&cond, 1);
}

void add_rules(Context& c, const json::Value& rule, uint32_t default_action, const SeccompHost& host, std::string_view what) {
  json::object(rule, what);
  if (!applies(rule, host, what)) return;
  uint32_t action = action_of(json::string(rule, "action", what), errno_of(rule, "errnoRet", what), what);
  if (action == default_action) return;  // libseccomp refuses those, and they change nothing
  std::vector<std::string> names = json::strings(rule, "names", what);
  if (auto one = json::opt_string(rule, "name", what); one && !one->empty()) names.push_back(*one);
  bool separate = false;
  auto conds = conditions(rule, what, separate);
  for (const auto& name : names) {
    int nr = c.lib.syscall_resolve_name(name.c_str());
    if (nr == __NR_SCMP_ERROR) continue;  // not on this machine's libseccomp: left out, as Podman does
    add_rule(c, nr, action, conds, separate, name, what);
  }
}

// "SCMP_ARCH_X86_64" to libseccomp's token.
uint32_t arch_token(const SeccompLib& lib, const std::string& name, std::string_view what) {
  std::string bare = name.starts_with("SCMP_ARCH_") ? name.substr(10) : name;
  std::transform(bare.begin(), bare.end(), bare.begin(), [](unsigned char ch) { return std::tolower(ch); });
  uint32_t token = lib.arch_resolve_name(bare.c_str());
  if (token == 0) throw base::error("{}: unknown architecture \"{}\"", what, name);
  return token;
}

// The architectures the filter answers for: the machine's and, with
// archMap, the sub-architectures its entry for this machine lists.
void add_arches(Context& c, const json::Value& doc, const SeccompHost& host, std::string_view what) {
  std::vector<std::string> names = json::strings(doc, "architectures", what);
  const json::Value* map = json::opt_array(doc, "archMap", what);
  if (map && !names.empty()) throw base::error("{}: 'architectures' and 'archMap' were specified in the seccomp profile, use either 'architectures' or 'archMap'", what);
  std::string native = host.arch == "amd64" ? "SCMP_ARCH_X86_64" : host.arch == "arm64" ? "SCMP_ARCH_AARCH64" : "";
  if (map) {
    for (const auto& entry : map->GetArray()) {
      json::object(entry, what);
      if (json::string(entry, "architecture", what) != native) continue;
      names.push_back(native);
      for (const auto& sub : json::strings(entry, "subArchitectures", what)) names.push_back(sub);
    }
  }
  uint32_t mine = c.lib.arch_native();
  for (const auto& name : names) {
    uint32_t token = arch_token(c.lib, name, what);
    if (token == mine) continue;
    int rc = c.lib.arch_add(c.ctx, token);
    if (rc < 0 && rc != -EEXIST) throw base::sys_error(-rc, "{}: add the architecture {}", what, name);
  }
}

unsigned flags_of(const json::Value& doc, std::string_view what) {
  unsigned out = 0;
  for (const auto& f : json::strings(doc, "flags", what)) {
    if (f == "SECCOMP_FILTER_FLAG_TSYNC") out |= SECCOMP_FILTER_FLAG_TSYNC;
    else if (f == "SECCOMP_FILTER_FLAG_LOG") out |= SECCOMP_FILTER_FLAG_LOG;
    else if (f == "SECCOMP_FILTER_FLAG_SPEC_ALLOW") out |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
    else throw base::error("{}: unknown flag \"{}\"", what, f);
  }
  return out;
}

// The compiled program, through a memory file (libseccomp 2.5 exports to
// a descriptor only).
std::vector<sock_filter> export_program(Context& c, std::string_view what) {
  base::UniqueFd mem{static_cast<int>(::syscall(SYS_memfd_create, "seccomp", MFD_CLOEXEC))};
  if (!mem) throw base::sys_error(errno, "{}: create a memory file", what);
  int rc = c.lib.export_bpf(c.ctx, mem.get());
  if (rc < 0) throw base::sys_error(-rc, "{}: compile", what);
  off_t size = ::lseek(mem.get(), 0, SEEK_END);
  if (size <= 0 || size % sizeof(sock_filter) != 0) throw base::error("{}: compile: no program", what);
  if (static_cast<size_t>(size) / sizeof(sock_filter) > BPF_MAXINSNS) throw base::error("{}: the program is longer than the kernel takes", what);
  std::vector<sock_filter> program(static_cast<size_t>(size) / sizeof(sock_filter));
  if (::pread(mem.get(), program.data(), static_cast<size_t>(size), 0) != size) throw base::sys_error(errno, "{}: read the program", what);
  return program;
}

}  // namespace

SeccompHost SeccompHost::of(uint64_t caps) {
  SeccompHost h;
  h.caps = caps;
#if defined(__aarch64__)
  h.arch = "arm64";
#endif
  utsname u{};
  if (::uname(&u) == 0) std::sscanf(u.release, "%d.%d", &h.kernel_major, &h.kernel_minor);
  return h;
}

SeccompFilter compile_seccomp(std::string_view profile, const SeccompHost& host, std::string_view what) {
  json::Document doc = json::parse(profile, what);
  json::object(doc, what);
  uint32_t default_action = action_of(json::string(doc, "defaultAction", what), errno_of(doc, "defaultErrnoRet", what), what);
  Context c;
  c.ctx = c.lib.init(default_action);
  if (!c.ctx) throw base::error("{}: libseccomp could not start a filter", what);
  // The child sets no_new_privs itself when asked; the filter does not.
  c.lib.attr_set(c.ctx, SCMP_FLTATR_CTL_NNP, 0);
  // A binary tree by syscall number, not a list: the kernel, loading the
  // filter, runs it for every syscall number of every arch to build its
  // cache of syscalls always allowed; over a list that took 0.6 ms of
  // each container's start (0.8 -> 0.2 ms per load, bench/README.md).
  // Same decisions (the cache's name says which form it holds).
  c.lib.attr_set(c.ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
  add_arches(c, doc, host, what);
  if (const json::Value* rules = json::opt_array(doc, "syscalls", what)) {
    for (const auto& rule : rules->GetArray()) add_rules(c, rule, default_action, host, what);
  }
  return {export_program(c, what), flags_of(doc, what)};
}

namespace {

// The cache's file: the flags (4 bytes), then the program.
std::optional<SeccompFilter> cached(const std::string& path) {
  std::optional<std::string> bytes;
  try {
    bytes = base::read_file(path);
  } catch (const base::Error&) {
    return std::nullopt;
  }
  if (!bytes || bytes->size() <= 4 || (bytes->size() - 4) % sizeof(sock_filter) != 0 ||
      (bytes->size() - 4) / sizeof(sock_filter) > BPF_MAXINSNS) {
    return std::nullopt;
  }
  SeccompFilter f;
  std::memcpy(&f.flags, bytes->data(), 4);
  f.program.resize((bytes->size() - 4) / sizeof(sock_filter));
  std::memcpy(f.program.data(), bytes->data() + 4, bytes->size() - 4);
  return f;
}

void keep(const std::string& dir, const std::string& path, const SeccompFilter& f) {
  std::string bytes(4 + f.program.size() * sizeof(sock_filter), '\0');
  std::memcpy(bytes.data(), &f.flags, 4);
  std::memcpy(bytes.data() + 4, f.program.data(), f.program.size() * sizeof(sock_filter));
  try {
    base::ensure_dir(dir, 0700);
    base::sweep_temp_files(dir);  // a compiler killed mid-write left its copy
    base::write_file_atomic(path, bytes, 0600, false);
  } catch (const base::Error&) {
    // No cache: the next container compiles it again.
  }
}

// The cache's name for the profile at `path` (the built-in where no file
// is, unless one was given) with `host`: "" when the file cannot be seen.
std::string cache_name(const std::string& path, bool given, const SeccompHost& host) {
  struct stat st;
  std::string names;
  if (::stat(path.c_str(), &st) == 0) {
    names = fmt::format("file {}\n{}:{} {} {}.{} {}.{}", path, st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec,
                        st.st_mtim.tv_nsec, st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
  } else if (errno == ENOENT && !given) {
    names = fmt::format("built-in {}", default_seccomp_profile_digest());
  } else {
    return "";
  }
  base::Sha256 sha(base::Sha256::Engine::portable);
  sha.update(names);
  sha.update(fmt::format("\n{:x} {} {}.{}\nbinary tree", host.caps, host.arch, host.kernel_major, host.kernel_minor));
  return sha.hex();
}

}  // namespace

SeccompFilter profile_filter(const std::string& given, const std::string& default_path, uint64_t caps, const std::string& cache_dir) {
  if (given == "unconfined") return {};
  const std::string& path = given.empty() ? default_path : given;
  SeccompHost host = SeccompHost::of(caps);
  std::string file;
  if (!cache_dir.empty()) {
    std::string name = cache_name(path, !given.empty(), host);
    if (!name.empty()) file = cache_dir + "/" + name;
    if (!file.empty()) {
      if (auto f = cached(file)) return *f;
    }
  }
  std::optional<std::string> text;
  try {
    text = base::read_file(path);
  } catch (const base::Error& e) {
    throw base::error("opening seccomp profile failed: {}", e.what());
  }
  if (!text && !given.empty()) throw base::error("opening seccomp profile failed: open {}: no such file or directory", path);
  std::string what = text ? fmt::format("loading seccomp profile ({}) failed", path) : "the built-in seccomp profile";
  std::string_view profile = text ? std::string_view(*text) : default_seccomp_profile();
  SeccompFilter f = compile_seccomp(profile, host, what);
  if (!file.empty()) keep(cache_dir, file, f);
  return f;
}

bool load_seccomp(const SeccompFilter& f) {
  if (f.program.empty()) return true;
  sock_fprog prog{static_cast<unsigned short>(f.program.size()), const_cast<sock_filter*>(f.program.data())};
  return ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, f.flags, &prog) == 0;
}

}  // namespace launch
