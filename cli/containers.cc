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
#include "store/events.h"
#include "store/container_store.h"
#include "image/image_store.h"
#include "launch/launcher.h"
#include "monitor/monitor.h"
#include "runtime/containers.h"
#include "monitor/volumes.h"
#include "store/volume_store.h"
#include "runtime/pods.h"

namespace cli {

void record_event(Context& ctx, const std::string& type, const std::string& status, const std::string& name,
                  const std::string& id) {
  store::record_event(ctx.paths(), store::make_event(type, status, name, id));
}

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




}  // namespace cli
