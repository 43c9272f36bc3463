// SPDX-License-Identifier: GPL-2.0-or-later
// cli/run_security.cc: run and create's --security-opt: no-new-privileges,
// seccomp (the profile checked now, so that a bad one fails create),
// mask, unmask, proc-opts, and label and apparmor (kept, no effect here).
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "base/digest.h"
#include "base/error.h"
#include "base/file.h"
#include "base/log.h"
#include "base/text.h"
#include "cli/commands.h"
#include "launch/capabilities.h"
#include "launch/seccomp_profile.h"

namespace cli {

namespace {

// --security-opt: no-new-privileges[=BOOL], seccomp=unconfined|PATH,
// mask=PATHS and unmask=PATHS|ALL (colon-separated), proc-opts=OPTIONS;
// label= and apparmor= are kept and change nothing (this host runs
// neither SELinux nor AppArmor for containers). Podman's errors for the rest.
struct SecurityOptions {
  bool no_new_privs = false;
  std::string seccomp;  // empty: the default profile
  std::vector<std::string> mask, unmask, shown;  // shown: what inspect lists (label=...)
  std::string proc_opts;
};

std::vector<std::string> colon_paths(const std::string& value, const std::string& opt) {
  std::vector<std::string> out = base::split(value, ':');
  for (const auto& path : out) {
    if (path != "ALL" && (path.empty() || path[0] != '/' || path.find("..") != std::string::npos)) {
      throw base::error("invalid --security-opt 2: \"{}\"", opt);
    }
  }
  return out;
}

SecurityOptions security_options(const std::vector<std::string>& given) {
  SecurityOptions out;
  for (const auto& opt : given) {
    auto sep = opt.find_first_of("=:");
    std::string key = opt.substr(0, sep), value = sep == std::string::npos ? "" : opt.substr(sep + 1);
    if (key == "no-new-privileges") {
      if (value.empty() || value == "true") out.no_new_privs = true;
      else if (value == "false") out.no_new_privs = false;
      else throw base::error("invalid --security-opt 2: \"{}\"", opt);
    } else if (key == "seccomp" && !value.empty()) {
      out.seccomp = value;
    } else if (sep == std::string::npos) {
      throw base::error("invalid --security-opt 1: \"{}\"", opt);
    } else if (key == "mask") {
      auto paths = colon_paths(value, opt);
      out.mask.insert(out.mask.end(), paths.begin(), paths.end());
    } else if (key == "unmask") {
      auto paths = colon_paths(value, opt);
      out.unmask.insert(out.unmask.end(), paths.begin(), paths.end());
    } else if (key == "proc-opts") {
      out.proc_opts = value;
    } else if (key == "label" || key == "apparmor") {
      LOG_DEBUG("--security-opt {}: no SELinux or AppArmor confinement on this host: nothing to change", opt);
      out.shown.push_back(opt);
    } else {
      throw base::error("invalid --security-opt 2: \"{}\"", opt);
    }
  }
  return out;
}

// The profile is read and compiled now, so that a missing or malformed
// one fails create, not start (Podman's words); a missing default is
// replaced by the built-in one, with a warning.
void check_seccomp(const config::ContainerDefaults& defaults, const store::ContainerConfig& c, const std::string& cache_dir) {
  if (c.privileged || c.seccomp_profile == "unconfined") return;
  if (c.seccomp_profile.empty() && ::access(defaults.seccomp_profile.c_str(), F_OK) != 0) {
    fmt::print(stderr, "WARN[0000] Seccomp profile {} is missing: using the built-in default\n", defaults.seccomp_profile);
  }
  launch::profile_filter(c.seccomp_profile, defaults.seccomp_profile, launch::merge_capabilities(c.cap_add, c.cap_drop), cache_dir);
}

// --seccomp-policy image: the profile the image carries in its
// io.containers.seccomp.profile label (over --security-opt seccomp=, as
// Podman's), kept under the store by its digest.
std::string image_seccomp_profile(Context& ctx, const cxxopts::ParseResult& r, const store::ContainerConfig& c) {
  std::string policy = r["seccomp-policy"].as<std::string>();
  if (policy != "default" && policy != "image") {
    throw base::error("invalid seccomp policy \"{}\": valid policies are [\"default\" \"image\"]", policy);
  }
  if (policy == "default") return "";
  auto label = std::find_if(c.labels.begin(), c.labels.end(), [](const auto& kv) { return kv.first == "io.containers.seccomp.profile"; });
  if (label == c.labels.end() || label->second.empty()) throw base::error("no seccomp policy defined by image");
  std::string dir = ctx.paths().root + "/seccomp";
  base::ensure_dir(dir, 0700);
  std::string path = dir + "/" + base::sha256_hex(label->second) + ".json";
  if (::access(path.c_str(), F_OK) != 0) base::write_file_atomic(path, label->second, 0600, false);
  return path;
}

}  // namespace

void apply_security_options(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& c) {
  SecurityOptions security = security_options(all_values(r, "security-opt"));
  c.no_new_privs = security.no_new_privs;
  c.seccomp_profile = security.seccomp;
  if (std::string image = image_seccomp_profile(ctx, r, c); !image.empty()) c.seccomp_profile = image;
  c.masked_paths = security.mask;
  c.unmasked_paths = security.unmask;
  c.proc_opts = security.proc_opts;
  c.security_labels = security.shown;
  check_seccomp(ctx.settings().conf.containers, c, ctx.paths().runroot + "/seccomp");
}

void apply_pod_security_options(Context& ctx, const cxxopts::ParseResult& r, store::PodConfig& pod, store::ContainerConfig& infra) {
  pod.security_opts = all_values(r, "security-opt");
  SecurityOptions security = security_options(pod.security_opts);
  infra.no_new_privs = security.no_new_privs;
  infra.seccomp_profile = security.seccomp;
  infra.masked_paths = security.mask;
  infra.unmasked_paths = security.unmask;
  infra.proc_opts = security.proc_opts;
  infra.security_labels = security.shown;
  check_seccomp(ctx.settings().conf.containers, infra, ctx.paths().runroot + "/seccomp");
}

}  // namespace cli
