// SPDX-License-Identifier: GPL-2.0-or-later
// cli/containers.cc: ps, logs, wait, stop, kill, rm and container inspect.
#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/scope.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/ps_filter.h"
#include "cli/report.h"
#include "cli/table.h"
#include "cli/template.h"
#include "launch/capabilities.h"
#include "launch/credentials.h"
#include "rootless/mapped_root.h"
#include "store/container_store.h"
#include "image/image_store.h"
#include "launch/launcher.h"
#include "monitor/monitor.h"
#include "runtime/containers.h"
#include "monitor/volumes.h"
#include "store/volume_store.h"
#include "runtime/pods.h"

namespace cli {

store::ContainerStore containers(Context& ctx) {
  auto p = ctx.paths();
  if (!p.rootless) return store::ContainerStore(p.root, p.runroot);
  // What the container's other users own goes as mapped root.
  rootless::User user = launch::user_of(ctx.env);
  return store::ContainerStore(p.root, p.runroot, rootless::tree_remover(&user));
}

std::vector<std::string> named_or_latest(const cxxopts::ParseResult& r, const store::ContainerStore& store,
                                         const std::string& none) {
  auto names = r.unmatched();
  if (!r.count("latest")) {
    if (names.empty()) throw base::error("{}", none);
    return names;
  }
  if (!names.empty()) throw base::error("--latest and containers cannot be used together");
  auto newest = store.latest();
  if (!newest) throw base::error("no such container");
  return {newest->config.id};
}

Value labels_value(const std::vector<std::pair<std::string, std::string>>& labels) {
  Value v = Value::map();
  for (const auto& [k, val] : labels) v.set(k, val);
  return v;
}



Value container_value(Context& ctx, const store::ContainerStore& store, const store::Container& c) {
  auto s = runtime::state_of(ctx.settings(), store, c);
  Value state;
  state.set("Status", s.status).set("Running", s.status == "running").set("Pid", static_cast<int64_t>(s.status == "running" ? s.pid : 0))
      .set("ExitCode", s.exit_code).set("StartedAt", Value::time(s.started)).set("FinishedAt", Value::time(s.finished));
  std::vector<std::string> cmd = c.config.command;
  Value config;
  Value labels = labels_value(c.config.labels);
  std::string entrypoint;
  for (const auto& e : c.config.entrypoint) entrypoint += (entrypoint.empty() ? "" : " ") + e;
  config.set("Hostname", c.config.hostname).set("Env", Value::strings(c.config.env)).set("Cmd", Value::strings(c.config.cmd))
      .set("Entrypoint", entrypoint).set("WorkingDir", c.config.workdir).set("Labels", labels)
      .set("User", c.config.user).set("Tty", c.config.tty).set("OpenStdin", c.config.interactive);
  Value net = network_settings(store, c, s);
  Value v;
  v.set("Id", c.config.id).set("Created", Value::time(c.config.created)).set("Pod", c.config.pod).set("Path", cmd.empty() ? "" : cmd.front())
      .set("Args", Value::strings(std::vector<std::string>(cmd.size() > 1 ? cmd.begin() + 1 : cmd.end(), cmd.end())))
      .set("State", state).set("Image", c.config.image_id).set("ImageName", c.config.image_name).set("Name", c.config.name)
      .set("Config", config).set("Mounts", mounts_value(ctx, c.config)).set("NetworkSettings", net);
  auto caps = Value::strings(launch::capability_names(launch::merge_capabilities(c.config.cap_add, c.config.cap_drop)));
  v.set("EffectiveCaps", caps).set("BoundingCaps", caps);
  Value host;
  host.set("NetworkMode", c.config.network.str()).set("AutoRemove", c.config.remove).set("Dns", Value::strings(c.config.dns))
      .set("DnsOptions", Value::strings(c.config.dns_options)).set("DnsSearch", Value::strings(c.config.dns_search))
      .set("ExtraHosts", Value::strings(c.config.add_hosts)).set("CapAdd", Value::strings(c.config.cap_add))
      .set("CapDrop", Value::strings(c.config.cap_drop)).set("PortBindings", port_bindings(c.config.ports));
  Value log;
  log.set("Type", "k8s-file").set("Config", Value()).set("Path", store.log_path(c.config)).set("Tag", "")
      .set("Size", human_size(c.config.log_size_max > 0 ? static_cast<uint64_t>(c.config.log_size_max) : 0, 4, false));
  host.set("LogConfig", log);
  add_mount_host_config(c.config, host);
  v.set("LogPath", store.log_path(c.config));
  v.set("HostConfig", host);
  return v;
}

}  // namespace cli
