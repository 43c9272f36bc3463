// SPDX-License-Identifier: GPL-2.0-or-later
// cli/system.cc: `warren version` and `warren info`.
#include <fmt/format.h>

#include "base/error.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/template.h"
#include "cli/version.h"
#include "config/host.h"
#include "runtime/host_info.h"

namespace cli {

namespace {

// The Podman CLI whose surface warren follows, where tools read Podman's
// API version.
constexpr const char* kPodmanApiVersion = "4.3.1";
// warren records no build time (reproducible builds): Go's zero Unix time,
// as Debian's Podman prints it.
constexpr const char* kBuiltTime = "Thu Jan  1 00:00:00 1970";

std::string compiler() {
#if defined(__clang__)
  return fmt::format("clang {}.{}.{}", __clang_major__, __clang_minor__, __clang_patchlevel__);
#else
  return fmt::format("g++ {}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#endif
}

Value version_value() {
  Value v;
  v.set("APIVersion", kPodmanApiVersion)
      .set("Version", kVersion)
      .set("GoVersion", compiler())
      .set("GitCommit", kGitCommit)
      .set("BuiltTime", kBuiltTime)
      .set("Built", 0)
      .set("OsArch", "linux/" + config::go_arch())
      .set("Os", "linux");
  return v;
}

Value capability(const rootless::Capability& c) {
  Value v;
  v.set("usable", c.usable);
  if (!c.usable) v.set("reason", c.reason);
  return v;
}

}  // namespace

int version_main(Context& ctx, const Args& args) {
  Options opts("version", "Display the warren version information");
  opts.add()("f,format", "Change the output format to JSON or a Go template", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (!r->unmatched().empty()) throw base::error("`warren version` takes no arguments");
  Value doc;
  doc.set("Client", version_value());
  if (r->count("format")) {
    std::string format = (*r)["format"].as<std::string>();
    // Podman's version prints its JSON on one line.
    fmt::print("{}", is_json_format(format) ? to_json_compact(doc) + "\n" : render_format(format, doc));
    return 0;
  }
  fmt::print("Client:       warren\nVersion:      {}\nAPI Version:  {}\nGo Version:   {}\n", kVersion, kPodmanApiVersion, compiler());
  if (*kGitCommit) fmt::print("Git Commit:   {}\n", kGitCommit);
  fmt::print("Built:        {}\nOS/Arch:      linux/{}\n", kBuiltTime, config::go_arch());
  return 0;
}

int info_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("info"), "Display warren related system information");
  opts.add()("f,format", "Change the output format to JSON or a Go template", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (!r->unmatched().empty()) throw base::error("`warren info` takes no arguments");
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (!format.empty()) check_format(format);  // a bad format fails before any probing
  runtime::HostInfo h = runtime::gather_host_info(ctx.paths());

  Value security;
  security.set("rootless", h.rootless);
  Value host;
  host.set("arch", h.arch)
      .set("hostname", h.hostname)
      .set("kernel", h.kernel)
      .set("os", h.os)
      .set("security", security)
      .set("nftables", capability(h.nftables))
      .set("tun", capability(h.tun))
      .set("userNamespaces", capability(h.user_namespaces));
  Value store;
  store.set("graphDriverName", h.paths.storage_driver).set("graphRoot", h.paths.root).set("runRoot", h.paths.runroot);
  Value network;
  network.set("backend", "cni")
      .set("configDir", h.paths.network_config_dir)
      .set("pluginDirs", Value::strings(h.paths.cni_plugin_dirs))
      .set("pluginDirsPresent", Value::strings(h.plugin_dirs_present));
  Value doc;
  doc.set("host", host).set("store", store).set("network", network).set("version", version_value());
  fmt::print("{}", format.empty() ? to_yaml(doc) : render_format(format, doc));
  return 0;
}

}  // namespace cli
