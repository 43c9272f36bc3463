// SPDX-License-Identifier: GPL-2.0-or-later
// cli/inspect.cc: `inspect`, `container inspect` and `image inspect`: each
// name looked up as a container, an image, a volume, a pod and a network
// in that order (or as the one --type given), and printed as its own
// inspect command prints it.
#include <cstdio>

#include <fmt/format.h>

#include "base/error.h"
#include "cli/commands.h"
#include "cli/template.h"

namespace cli {

namespace {

const char* const kTypes[] = {"container", "image", "volume", "pod", "network"};

std::optional<Value> lookup(Context& ctx, const store::ContainerStore& ctrs, const std::string& type,
                            const std::string& name) {
  if (type == "container") {
    auto c = ctrs.find(name);
    return c ? std::optional<Value>(container_value(ctx, ctrs, *c)) : std::nullopt;
  }
  if (type == "image") return image_inspect_value(ctx, name);
  if (type == "volume") return volume_inspect_value(ctx, name);
  if (type == "pod") return pod_inspect_value(ctx, name);
  return network_inspect_value(ctx, name);
}

// Podman's words for a name that is not there.
std::string not_found(const std::string& type, const std::string& name) {
  if (type == "network") {
    return fmt::format("inspecting object: network {}: unable to find network with name or ID {}: network not found", name, name);
  }
  return fmt::format("inspecting object: no such object: \"{}\"", name);
}

}  // namespace

int inspect_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("inspect"), "Display the configuration of object denoted by ID", "[options] NAME [NAME...]");
  opts.add()("f,format", "Change the output format to JSON or a Go template", cxxopts::value<std::string>(), "string")
      ("t,type", "Specify inspect-object type (\"image\", \"container\", \"pod\", \"network\", \"volume\" or \"all\")",
       cxxopts::value<std::string>()->default_value("all"), "string")
      ("l,latest", "Act on the latest container warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (!format.empty()) check_format(format);
  std::string type = (*r)["type"].as<std::string>();
  if (ctx.invoked == "container inspect") type = "container";  // the groups' inspect sees its own kind
  if (ctx.invoked == "image inspect") type = "image";
  bool known = type == "all";
  for (const char* t : kTypes) known = known || type == t;
  if (!known) throw base::error("invalid type \"{}\": must be \"image\", \"container\", \"pod\", \"network\", \"volume\", or \"all\"", type);
  auto ctrs = containers(ctx);
  auto names = named_or_latest(*r, ctrs, "no names or ids specified");
  Value::Array out;
  std::vector<std::string> missing;
  for (const auto& n : names) {
    std::optional<Value> v;
    for (const char* t : kTypes) {
      if (type == "all" || type == t) v = lookup(ctx, ctrs, t, n);
      if (v) break;
    }
    if (v) out.push_back(std::move(*v));
    else missing.push_back(not_found(type, n));
  }
  // As Podman: what was found is printed, then the names that were not.
  if (is_template(format) && !is_json_format(format)) {
    for (const auto& v : out) fmt::print("{}", render_format(format, v));
  } else {
    fmt::print("{}\n", to_json(Value(out)));
  }
  if (missing.empty()) return 0;
  std::fflush(stdout);
  for (size_t i = 1; i < missing.size(); ++i) fmt::print(stderr, "error {}\n", missing[i]);
  throw base::error("{}", missing.front());
}

}  // namespace cli
