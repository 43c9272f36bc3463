// SPDX-License-Identifier: GPL-2.0-or-later
// cli/network_connect.cc: network connect, disconnect, reload and doctor.
#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "cli/commands.h"
#include "runtime/containers.h"
#include "cli/output.h"
#include "runtime/network_doctor.h"
#include "runtime/networks.h"

namespace cli {

namespace {

// NETWORK CONTAINER: the network looked up (after a drift repair), and
// the container as given.
std::pair<netconf::Network, std::string> network_and_container(Context& ctx, const cxxopts::ParseResult& r) {
  if (r.unmatched().size() != 2) throw base::error("accepts 2 arg(s), received {}", r.unmatched().size());
  auto nets = networks(ctx);
  auto store = containers(ctx);
  runtime::repair_drift(ctx.settings());
  auto net = nets.get(r.unmatched()[0]);
  store.get(r.unmatched()[1]);
  return {std::move(net), r.unmatched()[1]};
}

}  // namespace

int network_connect_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network connect"), "Add container to a network", "[options] NETWORK CONTAINER");
  opts.add()("alias", "network scoped alias for container", cxxopts::value<std::string>(), "strings")
      ("ip", "set a static ipv4 address for this container network", cxxopts::value<std::string>(), "ip")
      ("ip6", "set a static ipv6 address for this container network", cxxopts::value<std::string>(), "ip")
      ("mac-address", "set a static mac address for this container network", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto [net, container] = network_and_container(ctx, *r);
  store::NetworkAttachment a;
  a.aliases = split_values(all_values(*r, "alias"));
  if (r->count("ip")) a.ip = (*r)["ip"].as<std::string>();
  if (r->count("ip6")) a.ip6 = (*r)["ip6"].as<std::string>();
  if (r->count("mac-address")) a.mac = (*r)["mac-address"].as<std::string>();
  runtime::connect_network(ctx.settings(), containers(ctx), net, container, std::move(a));
  return 0;
}

int network_disconnect_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network disconnect"), "Disconnect a container from a network", "[options] NETWORK CONTAINER");
  opts.add()("f,force", "force removal of container from network");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto [net, container] = network_and_container(ctx, *r);
  runtime::disconnect_network(ctx.settings(), containers(ctx), net, container, r->count("force") > 0);
  return 0;
}

int network_reload_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network reload"), "Reload firewall rules for one or more containers", "[options] [CONTAINER...]");
  opts.add()("a,all", "Reload network configuration of all containers")
      ("l,latest", "Act on the latest container warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  std::vector<store::Container> which;
  if (r->count("all")) {
    for (const auto& c : store.list()) {
      if (runtime::state_of(ctx.settings(), store, c).status == "running" && c.config.network.is_bridge()) which.push_back(c);
    }
  } else {
    for (const auto& name : named_or_latest(*r, store, "network reload requires at least one container or --all")) {
      auto c = store.get(name);
      if (runtime::state_of(ctx.settings(), store, c).status != "running" || !c.config.network.is_bridge()) {
        throw base::error("cannot reload network unless container network has been configured: container state improper");
      }
      which.push_back(c);
    }
  }
  // warren's table holds every container's entries: one repair serves all.
  runtime::reload_networks(ctx.settings(), store, which);
  for (const auto& c : which) fmt::print("{}\n", c.config.id);
  return 0;
}

int network_doctor_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network doctor"), "Walk the path a packet takes on a network, and say what blocks it",
               "[options] [NETWORK | CONTAINER]");
  opts.add()("format", "Print the findings as json", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() > 1) throw base::error("accepts at most 1 arg(s), received {}", r->unmatched().size());
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (!format.empty() && format != "json") throw base::error("unknown --format {}: only json is known", format);
  auto findings = runtime::network_doctor(ctx.settings(), r->unmatched().empty() ? "" : r->unmatched()[0]);
  bool blocked = false;
  Value::Array items;
  for (const auto& f : findings) {
    blocked |= f.level == runtime::Finding::Level::fail;
    if (!format.empty()) {
      items.push_back(Value(Value::Object{}).set("network", f.network).set("container", f.container).set("check", f.check)
                          .set("status", runtime::level_name(f.level)).set("message", f.message).set("fix", f.fix));
      continue;
    }
    std::string where = f.network.empty() ? "" : f.network + (f.container.empty() ? "" : "/" + f.container) + ": ";
    fmt::print("{:<5} {}{}{}\n", runtime::level_name(f.level), where, f.message, f.fix.empty() ? "" : "; fix: " + f.fix);
  }
  if (!format.empty()) fmt::print("{}\n", to_json(Value(items)));
  return blocked ? 1 : 0;
}

}  // namespace cli
