// SPDX-License-Identifier: GPL-2.0-or-later
// cli/network.cc: network create, ls, inspect, exists, rm, prune.
#include <unistd.h>

#include <algorithm>
#include <map>
#include <optional>
#include <iostream>
#include <regex>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/log.h"
#include "cli/commands.h"
#include "cli/report.h"
#include "cli/table.h"
#include "cli/template.h"
#include "netconf/network_store.h"
#include "runtime/containers.h"
#include "runtime/networks.h"

namespace cli {

netconf::NetworkStore networks(Context& ctx) { return runtime::network_store(ctx.settings()); }

namespace {

netconf::KeyValues key_values(const std::vector<std::string>& given) {
  netconf::KeyValues out;
  for (const auto& kv : given) {
    auto eq = kv.find('=');
    std::string key = kv.substr(0, eq);
    std::erase_if(out, [&](const auto& p) { return p.first == key; });
    out.emplace_back(key, eq == std::string::npos ? "" : kv.substr(eq + 1));
  }
  return out;
}

// Podman 4's `network inspect` shape; empty labels and options left out, as there.
Value network_value(const netconf::Network& n) {
  Value::Array subnets;
  for (const auto& s : n.subnets) {
    Value sv;
    sv.set("subnet", s.subnet);
    if (!s.gateway.empty()) sv.set("gateway", s.gateway);
    if (s.lease) {
      Value lease;
      lease.set("start_ip", s.lease->start).set("end_ip", s.lease->end);
      sv.set("lease_range", lease);
    }
    subnets.push_back(sv);
  }
  Value v;
  v.set("name", n.name).set("id", n.id).set("driver", n.driver).set("network_interface", n.interface)
      .set("created", Value::time(n.created)).set("subnets", Value(subnets)).set("ipv6_enabled", n.ipv6).set("internal", n.internal)
      .set("dns_enabled", n.dns);
  if (n.dns && n.driver == "bridge") {
    // Where warren's responder answers for it: its gateways.
    std::vector<std::string> at;
    for (const auto& s : n.subnets) {
      if (!s.gateway.empty()) at.push_back(s.gateway);
    }
    v.set("dns_responders", Value::strings(at));
  }
  if (!n.dns_servers.empty()) v.set("network_dns_servers", Value::strings(n.dns_servers));
  if (!n.labels.empty()) v.set("labels", labels_value(n.labels));
  if (!n.options.empty()) v.set("options", labels_value(n.options));
  Value ipam;
  ipam.set("driver", n.ipam_driver);
  v.set("ipam_options", ipam);
  if (!n.path.empty()) v.set("config_path", n.path);
  return v;
}

}  // namespace

std::optional<Value> network_inspect_value(Context& ctx, const std::string& name) {
  auto n = networks(ctx).find(name);
  if (!n) return std::nullopt;
  return network_value(*n);
}

int network_create_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network create"), "Create networks for containers and pods", "[options] [NAME]");
  opts.add()("d,driver", "Driver to manage the network", cxxopts::value<std::string>()->default_value("bridge"), "string")
      ("subnet", "Subnets in CIDR format", cxxopts::value<std::string>(), "strings")
      ("gateway", "IPv4 or IPv6 gateway for the subnet", cxxopts::value<std::string>(), "ipSlice")
      ("ip-range", "Allocate container IP from range", cxxopts::value<std::string>(), "strings")
      ("ipv6", "Enable IPv6 networking")
      ("internal", "Restrict external access from this network")
      ("disable-dns", "Disable DNS plugin")
      ("dns", "DNS servers this network will use", cxxopts::value<std::string>(), "strings")
      ("label", "Set metadata on a network", cxxopts::value<std::string>(), "stringArray")
      ("o,opt", "Set driver specific options", cxxopts::value<std::string>(), "stringArray")
      ("ignore", "Don't fail if network already exists")
      ("interface-name", "Interface name which is used by the driver", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() > 1) throw base::error("accepts at most 1 arg(s), received {}", r->unmatched().size());
  netconf::NetworkRequest req;
  req.name = r->unmatched().empty() ? "" : r->unmatched().front();
  req.driver = (*r)["driver"].as<std::string>();
  req.subnets = all_values(*r, "subnet");
  req.gateways = all_values(*r, "gateway");
  req.ip_ranges = all_values(*r, "ip-range");
  req.ipv6 = r->count("ipv6") > 0;
  req.internal = r->count("internal") > 0;
  req.disable_dns = r->count("disable-dns") > 0;
  req.dns_servers = split_values(all_values(*r, "dns"));
  req.labels = key_values(all_values(*r, "label"));
  req.options = key_values(all_values(*r, "opt"));
  if (r->count("interface-name")) req.interface_name = (*r)["interface-name"].as<std::string>();
  auto store = networks(ctx);
  if (r->count("ignore") && !req.name.empty()) {
    if (auto existing = store.find(req.name); existing && existing->name == req.name) {
      fmt::print("{}\n", store.ensure_written(*existing).name);
      return 0;
    }
  }
  auto n = store.create(req, netconf::host_subnets());
  fmt::print("{}\n", n.name);  // the name, as Podman 4 (the conflist's path is in network inspect)
  return 0;
}

int network_ls_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network ls"), "List networks", "[options]");
  opts.add()("q,quiet", "display only names")
      ("noheading", "Do not print headers")
      ("no-trunc", "Do not truncate the network ID")
      ("format", "Pretty-print networks to JSON or using a Go template", cxxopts::value<std::string>(), "string")
      ("f,filter", "Provide filter values (e.g. 'name=podman')", cxxopts::value<std::string>(), "strings");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (Report::is_default(format)) format.clear();
  std::optional<Report> report;
  if (!format.empty() && !is_json_format(format)) report.emplace(format, std::map<std::string, std::string>{{"ID", "NETWORK ID"}});
  std::vector<std::pair<std::string, std::string>> filters;
  for (const auto& f : all_values(*r, "filter")) {
    auto eq = f.find('=');
    if (eq == std::string::npos) throw base::error("invalid filter \"{}\"", f);
    std::string key = f.substr(0, eq);
    if (key != "name" && key != "id" && key != "driver" && key != "label") throw base::error("invalid filter \"{}\"", key);
    filters.emplace_back(key, f.substr(eq + 1));
  }
  auto matches = [&](const netconf::Network& n) {
    for (const auto& filter : filters) {
      const std::string& key = filter.first;
      const std::string& value = filter.second;
      bool ok = key == "name"     ? std::regex_search(n.name, std::regex(value))
                : key == "id"     ? n.id.starts_with(value)
                : key == "driver" ? n.driver == value
                                  : std::any_of(n.labels.begin(), n.labels.end(), [&](const auto& kv) {
                                      auto eq = value.find('=');
                                      return kv.first == value.substr(0, eq) &&
                                             (eq == std::string::npos || kv.second == value.substr(eq + 1));
                                    });
      if (!ok) return false;
    }
    return true;
  };
  bool full = r->count("no-trunc") > 0;
  std::vector<Row> rows;
  for (const auto& n : networks(ctx).list()) {
    if (!matches(n)) continue;
    std::string id = full ? n.id : n.id.substr(0, 12);
    if (r->count("quiet")) {
      fmt::print("{}\n", n.name);
    } else if (!format.empty()) {
      std::string labels;
      for (const auto& [k, v] : n.labels) labels += (labels.empty() ? "" : ",") + k + "=" + v;
      Value v = network_value(n);
      v.set("ID", id).set("Name", n.name).set("Driver", n.driver).set("Labels", labels);
      if (report) report->add(v);
      else fmt::print("{}", render_format("{{json .}}\n", v));
    } else {
      rows.push_back({id, n.name, n.driver});
    }
  }
  if (report && !r->count("quiet")) fmt::print("{}", report->text(r->count("noheading") > 0));
  if (!r->count("quiet") && format.empty()) {
    std::string table = render_table({"NETWORK ID", "NAME", "DRIVER"}, rows);
    if (r->count("noheading")) table = table.substr(table.find('\n') + 1);
    fmt::print("{}", table);
  }
  return 0;
}

int network_inspect_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network inspect"), "Displays the network configuration for one or more networks", "[options] NETWORK [NETWORK...]");
  opts.add()("f,format", "Pretty-print network to JSON or using a Go template", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().empty()) throw base::error("requires at least 1 arg(s), only received 0");
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (!format.empty()) check_format(format);
  auto store = networks(ctx);
  Value::Array out;
  for (const auto& name : r->unmatched()) out.push_back(network_value(store.get(name)));
  if (!format.empty() && !is_json_format(format)) {
    for (const auto& v : out) fmt::print("{}", render_format(format, v));
    return 0;
  }
  fmt::print("{}\n", to_json(Value(out)));
  return 0;
}

int network_exists_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network exists"), "network exists", "NETWORK");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() != 1) throw base::error("accepts 1 arg(s), received {}", r->unmatched().size());
  return networks(ctx).find(r->unmatched().front()) ? 0 : 1;
}

int network_update_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network update"), "Update an existing podman network", "[options] NETWORK");
  opts.add()("dns-add", "add network level nameservers", cxxopts::value<std::string>(), "strings")
      ("dns-drop", "remove network level nameservers", cxxopts::value<std::string>(), "strings");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() != 1) throw base::error("accepts 1 arg(s), received {}", r->unmatched().size());
  auto net = networks(ctx).get(r->unmatched().front());
  runtime::update_network_dns(ctx.settings(), containers(ctx), net, split_values(all_values(*r, "dns-add")),
                              split_values(all_values(*r, "dns-drop")));
  fmt::print("{}\n", r->unmatched().front());
  return 0;
}

int network_rm_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network rm"), "Remove networks", "[options] NETWORK [NETWORK...]");
  opts.add()("f,force", "remove any containers using network")
      ("t,time", "Seconds to wait for running containers to stop before killing the container",
       cxxopts::value<std::string>()->default_value("10"), "uint");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().empty()) throw base::error("requires at least 1 arg(s), only received 0");
  auto store = networks(ctx);
  auto ctrs = containers(ctx);
  runtime::repair_drift(ctx.settings());
  for (const auto& name : r->unmatched()) {
    // A missing network: exit 1 (Podman's), or passed over with -f.
    auto found = store.find(name);
    if (!found && r->count("force")) continue;
    if (!found) throw ExitError(1, fmt::format("unable to find network with name or ID {}: network not found", name));
    const netconf::Network& n = *found;
    if (n.name == store.default_name()) throw base::error("default network {} cannot be removed", n.name);
    auto users = runtime::users_of(ctrs, n.name);
    if (!users.empty() && !r->count("force")) {
      throw ExitError(2, fmt::format("\"{}\" has associated containers with it. Use -f to forcibly delete containers and "
                                     "pods: network is being used", n.name));
    }
    for (const auto& c : users) runtime::remove_container(ctx.settings(), ctrs, c.config.id, seconds_flag(*r));
    runtime::remove_network(ctx.settings(), store, n);
    fmt::print("{}\n", n.name);
  }
  return 0;
}

int network_prune_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("network prune"), "Prune unused networks", "[options]");
  opts.add()("f,force", "do not prompt for confirmation")
      ("filter", "Provide filter values (e.g. 'label=<key>=<value>')", cxxopts::value<std::string>(), "stringArray");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  std::vector<std::string> labels;
  for (const auto& f : all_values(*r, "filter")) {
    if (!f.starts_with("label=")) throw base::error("invalid filter \"{}\"", f);
    labels.push_back(f.substr(6));
  }
  if (!r->count("force") && !confirmed("WARNING! This will remove all networks not used by at least one container.")) return 0;
  for (const auto& n : prune_networks(ctx, labels)) fmt::print("{}\n", n.name);
  return 0;
}

std::vector<Pruned> prune_networks(Context& ctx, const std::vector<std::string>& labels) {
  std::vector<Pruned> out;
  auto store = networks(ctx);
  auto ctrs = containers(ctx);
  runtime::repair_drift(ctx.settings());
  for (const auto& n : store.list()) {
    if (n.name == store.default_name() || !runtime::users_of(ctrs, n.name).empty()) continue;
    bool wanted = std::all_of(labels.begin(), labels.end(), [&](const std::string& l) {
      auto eq = l.find('=');
      return std::any_of(n.labels.begin(), n.labels.end(), [&](const auto& kv) {
        return kv.first == l.substr(0, eq) && (eq == std::string::npos || kv.second == l.substr(eq + 1));
      });
    });
    if (!wanted) continue;
    runtime::remove_network(ctx.settings(), store, n);
    out.push_back({n.name, 0});
  }
  return out;
}

}  // namespace cli
