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

Value version_value() {
  Value v;
  v.set("Version", kVersion)
      .set("GitCommit", kGitCommit)
      .set("Os", "linux")
      .set("OsArch", "linux/" + config::go_arch());
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
  if (r->count("format")) {
    Value doc;
    doc.set("Client", version_value());
    fmt::print("{}", render_format((*r)["format"].as<std::string>(), doc));
    return 0;
  }
  fmt::print("Version:      {}\nGit Commit:   {}\nOS/Arch:      linux/{}\n", kVersion, kGitCommit,
             config::go_arch());
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
  store.set("graphRoot", h.paths.root).set("runRoot", h.paths.runroot);
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
