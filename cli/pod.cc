// SPDX-License-Identifier: GPL-2.0-or-later
// cli/pod.cc: pod create, ps, inspect and exists, and what run --pod
// shares with them: a pod's record and its infra container, and a member
// joining the infra's namespaces.
#include <algorithm>
#include <map>
#include <optional>
#include <regex>

#include <fmt/format.h>

#include "base/error.h"
#include "base/scope.h"
#include "base/text.h"
#include "cli/commands.h"
#include "cli/pull.h"
#include "cli/report.h"
#include "runtime/containers.h"
#include "runtime/pods.h"
#include "runtime/storage.h"
#include "cli/table.h"
#include "cli/template.h"

namespace cli {

store::PodStore pods(Context& ctx) { return store::PodStore(ctx.paths().root); }

namespace {

constexpr const char* kDefaultShare = "ipc,net,uts";

// --share: a list that replaces the default (ipc, net and uts), or with
// a leading "+" adds to it; "" and "none" are nothing. As Podman 4.3 lists
// them: the default as net, uts, ipc, an addition after ipc, net, uts.
std::vector<std::string> parse_share(const std::optional<std::string>& given) {
  std::vector<std::string> out;
  if (!given) return {"net", "uts", "ipc"};
  if (given->empty() || *given == "none") return out;
  std::string list = (*given)[0] == '+' ? std::string(kDefaultShare) + "," + given->substr(1) : *given;
  for (const auto& ns : split_values({list})) {
    if (ns.empty()) continue;
    if (ns != "cgroup" && ns != "ipc" && ns != "net" && ns != "pid" && ns != "uts") {
      throw base::error("invalid kernel namespace to share: {}. Options are: cgroup, ipc, net, pid, uts or none", ns);
    }
    if (std::find(out.begin(), out.end(), ns) == out.end()) out.push_back(ns);
  }
  return out;
}

}  // namespace

namespace {

// What a member may not ask for when the pod owns its network or UTS
// namespace, with Podman's words for the refusal.
void refuse_pod_owned(const cxxopts::ParseResult& r, const store::PodConfig& pod) {
  if (!pod.shares("net")) return;
  constexpr const char* kShared = "network cannot be configured when it is shared with a pod";
  if (r.count("publish") || r.count("publish-all")) {
    throw base::error("invalid config provided: published or exposed ports must be defined when the pod is created: {}", kShared);
  }
  for (const char* o : {"network", "net", "ip", "ip6", "mac-address", "network-alias"}) {
    if (r.count(o)) throw base::error("invalid config provided: networks must be defined when the pod is created: {}", kShared);
  }
  for (const char* o : {"dns", "dns-search", "dns-option", "add-host", "no-hosts"}) {
    if (r.count(o)) throw base::error("invalid config provided: --{} must be set when the pod is created: {}", o, kShared);
  }
}

}  // namespace

std::optional<store::PodConfig> apply_pod_option(Context& ctx, const cxxopts::ParseResult& r, const std::string& given,
                                                 store::ContainerConfig& c) {
  if (!given.starts_with("new:")) {
    auto pod = pods(ctx).get(given);
    refuse_pod_owned(r, pod);
    if (pod.infra && !c.uid_map.empty()) {
      throw base::error("cannot specify a new uid/gid map when entering a pod with an infra container: invalid argument");
    }
    if (pod.shares("uts") && r.count("hostname")) {
      throw base::error("invalid config provided: cannot set hostname when joining the pod UTS namespace: invalid configuration");
    }
    runtime::join_pod(pod, c);
    if (auto infra = pod.infra ? containers(ctx).find(pod.infra_id) : std::nullopt; infra && !infra->config.uid_map.empty()) {
      // A pod in a user namespace of its own: its members are in it (a
      // keep-id pod's run as the user, as Podman's).
      c.uid_map = infra->config.uid_map;
      c.gid_map = infra->config.gid_map;
      if (infra->config.userns == "keep-id" && c.user.empty()) c.user = infra->config.user;
      c.userns = "private";
    }
    add_pod_mounts(ctx, pod, c);
    return std::nullopt;
  }
  // A new pod takes the run's network, ports, hostname and /etc options,
  // as Podman makes it.
  if (!c.uid_map.empty()) {
    throw base::error("cannot specify a new uid/gid map when entering a pod with an infra container: invalid argument");
  }
  store::PodConfig pod;
  pod.name = given.substr(4);
  if (pod.name.empty()) throw base::error("new pod name must be at least one character");
  pod.share = {"ipc", "net", "uts"};
  pod.hostname = r.count("hostname") ? c.hostname : "";
  pod = runtime::create_pod(ctx.settings(), pod, runtime::infra_for(c));
  runtime::join_pod(pod, c);
  return pod;
}

void add_pod_options(Options& opts) {
  opts.add()("name", "Assign a name to the pod", cxxopts::value<std::string>(), "string")
      ("hostname", "Set the pod's hostname", cxxopts::value<std::string>(), "string")
      ("share", "A comma delimited list of kernel namespaces the pod will share (default \"ipc,net,uts\")", cxxopts::value<std::string>(), "string")
      ("infra", "Create an infra container associated with the pod to share namespaces with",
       cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("l,label", "Set metadata on pod", cxxopts::value<std::string>(), "stringArray")
      ("add-host", "Add a custom host-to-IP mapping (host:ip)", cxxopts::value<std::string>(), "strings")
      ("no-hosts", "Do not create /etc/hosts within the pod's containers, instead use the version from the image")
      ("dns", "Set custom DNS servers", cxxopts::value<std::string>(), "strings")
      ("dns-option", "Set custom DNS options", cxxopts::value<std::string>(), "strings")
      ("dns-search", "Set custom DNS search domains", cxxopts::value<std::string>(), "strings")
      ("v,volume", "Bind mount a volume into the container", cxxopts::value<std::string>(), "stringArray")
      ("volumes-from", "Mount volumes from the specified container(s)", cxxopts::value<std::string>(), "stringArray");
  add_network_options(opts, false);
}

void add_pod_create_options(Options& opts) {
  add_pod_options(opts);
  opts.add()
      ("exit-policy", "Behaviour when the last container exits", cxxopts::value<std::string>()->default_value("continue"), "string")
      ("infra-name", "Assign a name to the container", cxxopts::value<std::string>(), "string")
      ("infra-image", "Image to use to override builtin infra container", cxxopts::value<std::string>(), "string")
      ("infra-command", "Overwrite the default ENTRYPOINT of the image", cxxopts::value<std::string>(), "string")
      ("infra-conmon-pidfile", "Path to the file that will receive the PID of conmon", cxxopts::value<std::string>(), "string")
      ("label-file", "Read in a line delimited file of labels", cxxopts::value<std::string>(), "strings")
      ("pod-id-file", "Write the pod ID to the file", cxxopts::value<std::string>(), "string")
      ("replace", "If a pod with the same name exists, replace it");
  add_pod_resource_options(opts);
  add_pod_process_options(opts);
  add_userns_options(opts);
}

// pod create's labels: --label-file's lines, then --label.
std::vector<std::pair<std::string, std::string>> pod_labels(const cxxopts::ParseResult& r) {
  std::vector<std::string> given;
  for (const auto& file : split_values(all_values(r, "label-file"))) {
    auto more = file_lines(file);
    given.insert(given.end(), more.begin(), more.end());
  }
  for (const auto& l : all_values(r, "label")) given.push_back(l);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& l : given) {
    auto eq = l.find('=');
    std::string key = l.substr(0, eq);
    std::erase_if(out, [&](const auto& kv) { return kv.first == key; });
    out.emplace_back(key, eq == std::string::npos ? "" : l.substr(eq + 1));
  }
  return out;
}

namespace {

// --infra-image: the infra runs that image (pulled when missing), with
// --infra-command as its entrypoint, or the image's own entrypoint and
// command, as Podman's does. warren's own infra (warren-infra) has no
// image: --infra-command alone has nothing to run in.
void apply_infra_image(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& infra) {
  if (!r.count("infra-image")) {
    if (r.count("infra-command")) throw base::error("--infra-command needs --infra-image: warren's own infra has no image to run it in");
    return;
  }
  image::ImageRecord img = find_or_pull(ctx, r["infra-image"].as<std::string>(), "missing", r, false);
  image::ImageConfig cfg = image::ImageStore(ctx.paths().root, !ctx.paths().rootless).config(img.id);
  infra.image_id = img.id;
  infra.image_name = img.names.empty() ? img.id : img.names.front();
  infra.entrypoint = cfg.entrypoint;
  infra.cmd = cfg.cmd;
  if (r.count("infra-command")) {
    // A string split on spaces, as Podman 4.3 splits it; the image's CMD dropped.
    infra.entrypoint.clear();
    infra.cmd.clear();
    for (auto& word : base::split(r["infra-command"].as<std::string>(), ' ')) {
      if (!word.empty()) infra.entrypoint.push_back(std::move(word));
    }
  }
  infra.command = infra.entrypoint;
  infra.command.insert(infra.command.end(), infra.cmd.begin(), infra.cmd.end());
  if (infra.command.empty()) throw base::error("no command or entrypoint provided, and no CMD or ENTRYPOINT from image");
  infra.env = cfg.env;
  infra.storage_driver = runtime::driver_for(ctx.paths(), infra);
}

// Its root, as a container's is made at create; the pod is gone if not.
void make_infra_root(Context& ctx, const store::PodConfig& pod) {
  auto store = containers(ctx);
  try {
    runtime::make_root(ctx.settings(), image::ImageStore(ctx.paths().root, !ctx.paths().rootless), store, store.get(pod.infra_id).config);
  } catch (const base::Error&) {
    runtime::remove_pod(ctx.settings(), pod, true, 0);
    throw;
  }
}

}  // namespace

int pod_create_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod create"), "Create a new empty pod", "[options] [NAME]");
  add_pod_create_options(opts);
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() > 1) throw base::error("accepts at most 1 arg(s), received {}", r->unmatched().size());
  store::PodConfig pod;
  pod.create_command = ctx.argv;
  pod.name = r->count("name") ? (*r)["name"].as<std::string>() : (r->unmatched().empty() ? "" : r->unmatched().front());
  if (r->count("name") && !r->unmatched().empty()) throw base::error("cannot specify --name and NAME at the same time");
  pod.hostname = r->count("hostname") ? (*r)["hostname"].as<std::string>() : "";
  pod.infra = (*r)["infra"].as<bool>();
  pod.share = parse_share(r->count("share") ? std::optional<std::string>((*r)["share"].as<std::string>()) : std::nullopt);
  if (!pod.infra && r->count("share") && !pod.share.empty()) {
    throw base::error("cannot set share({}) namespaces without an infra container", (*r)["share"].as<std::string>());
  }
  pod.labels = pod_labels(*r);
  pod.exit_policy = (*r)["exit-policy"].as<std::string>();
  if (pod.exit_policy != "continue" && pod.exit_policy != "stop") {
    throw base::error("running pod create option: invalid pod exit policy: \"{}\"", pod.exit_policy);
  }
  apply_pod_resource_options(ctx, *r, pod);
  if (pod.shares("cgroup") && pod.share_parent) {
    throw base::error("cannot define the pod as the cgroup parent at the same time as joining the infra container's cgroupNS: invalid argument");
  }
  store::ContainerConfig infra;
  std::optional<base::FileLock> allocating;  // --userns auto's, until the infra's record is written
  infra.id = store::random_id();
  if (r->count("infra-name")) infra.name = (*r)["infra-name"].as<std::string>();
  if (r->count("infra-conmon-pidfile")) infra.conmon_pidfile = (*r)["infra-conmon-pidfile"].as<std::string>();
  std::vector<std::string> volumes;
  auto undo = base::on_failure([&] { remove_volumes(ctx, volumes); });
  if (!pod.infra) {
    if (r->count("publish")) throw base::error("you must have an infra container to publish port bindings to the host");
    for (const char* o : {"network", "ip", "ip6", "mac-address", "network-alias", "dns", "dns-search", "dns-option", "add-host",
                          "no-hosts", "hostname", "volume", "volumes-from", "infra-image", "infra-command"}) {
      if (r->count(o)) throw base::error("cannot set --{} without an infra container", o);
    }
  } else {
    apply_infra_image(ctx, *r, infra);
    apply_network_options(ctx, *r, image::ImageConfig{}, infra);
    apply_etc_options(*r, ctx.settings().conf.containers, infra);
    apply_pod_process_options(ctx, *r, pod, infra);
    if (pod.shares("cgroup")) infra.cgroupns = "private";  // the one its members join
    allocating = apply_pod_userns(ctx, *r, infra);
    // The pod's mounts live in its infra's record; each member gets them.
    apply_volume_options(ctx, *r, image::ImageConfig{}, infra, volumes);
  }
  if (r->count("replace") && !pod.name.empty()) {
    if (auto old = pods(ctx).find(pod.name); old && old->name == pod.name) runtime::remove_pod(ctx.settings(), *old, true, 0);
  }
  store::PodConfig made = runtime::create_pod(ctx.settings(), pod, infra);
  if (!infra.image_id.empty()) make_infra_root(ctx, made);
  undo.dismiss();
  if (r->count("pod-id-file")) base::overwrite_file((*r)["pod-id-file"].as<std::string>(), made.id, 0644);
  fmt::print("{}\n", made.id);
  return 0;
}

namespace {

struct PodView {
  store::PodConfig pod;
  std::vector<store::Container> ctrs;
  std::vector<std::string> states;
  std::string status;
};

// `listing`: each member's listing fields alone (store::parse_listing), as
// pod ps needs; else whole, as inspect's InfraConfig does.
std::vector<PodView> pod_views(Context& ctx, bool listing = false) {
  auto store = containers(ctx);
  auto pod_list = pods(ctx).list();
  // A member's config names its pod's id: the others' are not parsed.
  auto all = store.list({{}, [&](std::string_view text) {
    return std::any_of(pod_list.begin(), pod_list.end(), [&](const store::PodConfig& p) { return text.find(p.id) != std::string_view::npos; });
  }, listing});
  std::vector<PodView> out;
  for (auto& p : pod_list) {
    PodView v{p, {}, {}, ""};
    for (auto& c : all) {
      if (c.config.pod != p.id) continue;
      v.states.push_back(runtime::state_of(ctx.settings(), store, c).status);
      v.ctrs.push_back(std::move(c));  // a member of this pod only
    }
    v.status = store::pod_status(v.states);
    out.push_back(std::move(v));
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

bool label_matches(const std::vector<std::pair<std::string, std::string>>& labels, const std::string& want) {
  auto eq = want.find('=');
  return std::any_of(labels.begin(), labels.end(), [&](const auto& kv) {
    return kv.first == want.substr(0, eq) && (eq == std::string::npos || kv.second == want.substr(eq + 1));
  });
}

// pod ps --filter: values of one key are alternatives, keys all must match.
bool filter_matches(const PodView& v, const std::string& key, const std::string& value) {
  auto any_ctr = [&](auto pred) { return std::any_of(v.ctrs.begin(), v.ctrs.end(), pred); };
  if (key == "name") return std::regex_search(v.pod.name, std::regex(value));
  if (key == "id") return v.pod.id.starts_with(value);
  if (key == "status") return v.status == value || (value.size() > 0 && v.status == std::string(1, static_cast<char>(std::toupper(value[0]))) + value.substr(1));
  if (key == "label") return label_matches(v.pod.labels, value);
  if (key == "ctr-names") return any_ctr([&](const store::Container& c) { return c.config.name == value; });
  if (key == "ctr-ids") return any_ctr([&](const store::Container& c) { return c.config.id.starts_with(value); });
  if (key == "ctr-number") return std::to_string(v.ctrs.size()) == value;
  if (key == "ctr-status") return std::find(v.states.begin(), v.states.end(), value) != v.states.end();
  if (key == "network") {
    return any_ctr([&](const store::Container& c) {
      return c.config.infra && std::any_of(c.config.networks.begin(), c.config.networks.end(), [&](const auto& a) { return a.name == value; });
    });
  }
  throw base::error("{} is an invalid filter", key);
}

std::vector<std::string> pod_networks(const PodView& v) {
  std::vector<std::string> out;
  for (const auto& c : v.ctrs) {
    if (!c.config.infra) continue;
    for (const auto& a : c.config.networks) out.push_back(a.name);
  }
  return out;
}

// A pod as pod ps --format sees it.
// Podman's pod ps headers where the field's name is not the header.
std::map<std::string, std::string> pod_headers() {
  return {{"ContainerIds", "IDS"}, {"ContainerNames", "NAMES"}, {"ContainerStatuses", "STATUS"}, {"InfraID", "INFRA ID"},
          {"NumberOfContainers", "# OF CONTAINERS"}, {"ID", "POD ID"}};
}

Value pod_item(const PodView& v, bool full) {
  auto trunc = [&](const std::string& id) { return full ? id : id.substr(0, 12); };
  std::vector<std::string> ctr_ids, ctr_names;
  for (const auto& c : v.ctrs) {
    ctr_ids.push_back(trunc(c.config.id));
    ctr_names.push_back(c.config.name);
  }
  std::string infra = v.pod.infra_id.empty() ? "" : trunc(v.pod.infra_id);
  Value labels = Value::map();
  for (const auto& [k, val] : v.pod.labels) labels.set(k, val);
  Value item;
  item.set("ID", trunc(v.pod.id)).set("Id", v.pod.id).set("Name", v.pod.name).set("Status", v.status)
      .set("Created", human_age(v.pod.created)).set("CreatedAt", Value::time(v.pod.created)).set("InfraID", infra)
      .set("InfraId", infra).set("NumberOfContainers", static_cast<int64_t>(v.ctrs.size())).set("Labels", labels)
      .set("Networks", joined(pod_networks(v))).set("ContainerIds", joined(ctr_ids)).set("ContainerNames", joined(ctr_names))
      .set("ContainerStatuses", joined(v.states));
  return item;
}

}  // namespace

int pod_ps_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod ps"), "List pods", "[options]");
  opts.add()("q,quiet", "Print the numeric IDs of the pods only")
      ("no-trunc", "Do not truncate pod and container IDs")
      ("noheading", "Do not print headers")
      ("ctr-ids", "Display the container UUIDs. If no-trunc is not set they will be truncated")
      ("ctr-names", "Display the container names")
      ("ctr-status", "Display the container status")
      ("f,filter", "Filter output based on conditions given", cxxopts::value<std::string>(), "stringArray")
      ("format", "Pretty-print pods to JSON or using a Go template", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (Report::is_default(format)) format.clear();
  std::optional<Report> report;
  if (!format.empty() && !is_json_format(format)) report.emplace(format, pod_headers());
  std::map<std::string, std::vector<std::string>> filters;
  for (const auto& f : all_values(*r, "filter")) {
    auto eq = f.find('=');
    if (eq == std::string::npos) throw base::error("invalid filter \"{}\"", f);
    filters[f.substr(0, eq)].push_back(f.substr(eq + 1));
  }
  bool full = r->count("no-trunc") > 0;
  auto trunc = [&](const std::string& id) { return full ? id : id.substr(0, 12); };
  bool ids = r->count("ctr-ids") > 0, names = r->count("ctr-names") > 0, statuses = r->count("ctr-status") > 0;
  auto views = pod_views(ctx, true);
  std::reverse(views.begin(), views.end());  // newest first, as Podman
  std::vector<Row> rows;
  Value::Array listed;
  for (const auto& v : views) {
    bool keep = std::all_of(filters.begin(), filters.end(), [&](const auto& kv) {
      return std::any_of(kv.second.begin(), kv.second.end(), [&](const std::string& val) { return filter_matches(v, kv.first, val); });
    });
    if (!keep) continue;
    if (r->count("quiet")) {
      fmt::print("{}\n", v.pod.id);  // full, even without --no-trunc, as Podman's
      continue;
    }
    if (!format.empty()) {
      listed.push_back(pod_item(v, full));
      continue;
    }
    std::string infra = v.pod.infra_id.empty() ? "" : trunc(v.pod.infra_id);
    std::vector<std::string> ctr_ids, ctr_names;
    for (const auto& c : v.ctrs) {
      ctr_ids.push_back(trunc(c.config.id));
      ctr_names.push_back(c.config.name);
    }
    Row row = {trunc(v.pod.id), v.pod.name, v.status, human_age(v.pod.created), infra};
    if (ids) row.push_back(joined(ctr_ids));
    if (names) row.push_back(joined(ctr_names));
    if (statuses) row.push_back(joined(v.states));
    if (!ids && !names && !statuses) row.push_back(std::to_string(v.ctrs.size()));
    rows.push_back(row);
  }
  if (r->count("quiet")) return 0;
  if (!format.empty()) {
    if (report) {
      for (const auto& v : listed) report->add(v);
      fmt::print("{}", report->text(r->count("noheading") > 0));
    } else {
      fmt::print("{}\n", to_json(Value(listed)));
    }
    return 0;
  }
  Row header = {"POD ID", "NAME", "STATUS", "CREATED", "INFRA ID"};
  if (ids) header.push_back("IDS");
  if (names) header.push_back("NAMES");
  if (statuses) header.push_back("STATUS");
  if (!ids && !names && !statuses) header.push_back("# OF CONTAINERS");
  std::string table = render_table(header, rows);
  if (r->count("noheading")) table = table.substr(table.find('\n') + 1);
  fmt::print("{}", table);
  return 0;
}

namespace {

// The pod's limits as Podman's pod inspect shows them (in InfraConfig
// and after Containers): the CPU period and quota, memory and swap.
void pod_limits(Value& v, const config::Resources& r, bool memory) {
  if (r.cpu_period) v.set("cpu_period", r.cpu_period);
  if (r.cpu_quota) v.set("cpu_quota", r.cpu_quota);
  if (!memory) return;
  if (r.memory) v.set("memory_limit", r.memory);
  if (r.memory) v.set("memory_swap", r.memory_swap > 0 ? r.memory_swap : r.memory_swap < 0 ? int64_t{-1} : 2 * r.memory);
}

Value infra_value(const store::ContainerConfig& c, const config::Resources& limits) {
  std::vector<std::string> nets;
  for (const auto& a : c.networks) nets.push_back(a.name);
  auto list_or_null = [](const std::vector<std::string>& v) { return v.empty() ? Value(nullptr) : Value::strings(v); };
  std::string ip, mac;
  if (!c.networks.empty()) {
    ip = c.networks.front().ip;
    mac = c.networks.front().mac;
  }
  Value v;
  v.set("PortBindings", port_bindings(c.ports)).set("HostNetwork", c.network.is_host()).set("StaticIP", ip)
      .set("StaticMAC", mac).set("NoManageResolvConf", false).set("DNSServer", list_or_null(c.dns))
      .set("DNSSearch", list_or_null(c.dns_search)).set("DNSOption", list_or_null(c.dns_options))
      .set("NoManageHosts", c.no_hosts).set("HostAdd", list_or_null(c.add_hosts)).set("Networks", Value::strings(nets))
      .set("NetworkOptions", nullptr);
  pod_limits(v, limits, false);
  // pod create's --pid and --uts, as Podman shows them.
  auto mode = [](const std::string& given, const std::string& joined) {
    return !given.empty() ? given : !joined.empty() ? "container:" + joined : std::string("private");
  };
  v.set("pid_ns", mode(c.pid_mode, c.pid)).set("userns", c.uid_map.empty() ? "host" : "private").set("uts_ns", mode(c.uts_mode, c.uts));
  return v;
}

Value pod_value(const PodView& v) {
  Value labels = Value::map();
  for (const auto& [k, val] : v.pod.labels) labels.set(k, val);
  Value::Array ctrs;
  for (size_t i = 0; i < v.ctrs.size(); ++i) {
    Value c;
    c.set("Id", v.ctrs[i].config.id).set("Name", v.ctrs[i].config.name).set("State", v.states[i]);
    ctrs.push_back(c);
  }
  Value out;
  out.set("Id", v.pod.id).set("Name", v.pod.name).set("Created", Value::time(v.pod.created));
  if (!v.pod.create_command.empty()) out.set("CreateCommand", Value::strings(v.pod.create_command));
  out.set("ExitPolicy", v.pod.exit_policy).set("State", v.status).set("Hostname", v.pod.hostname);
  if (!v.pod.labels.empty()) out.set("Labels", labels);
  out.set("CreateCgroup", v.pod.cgroup);
  if (v.pod.cgroup) {
    // Without a cgroup (a regular user's pod) Podman leaves these out.
    out.set("CgroupParent", v.pod.cgroup_parent.empty() ? "/libpod_parent" : v.pod.cgroup_parent).set("CgroupPath", v.pod.cgroup_path());
  }
  out.set("CreateInfra", v.pod.infra).set("InfraContainerID", v.pod.infra_id);
  for (const auto& c : v.ctrs) {
    if (c.config.infra) out.set("InfraConfig", infra_value(c.config, v.pod.resources));
  }
  out.set("SharedNamespaces", v.pod.infra ? Value::strings(v.pod.share) : Value(nullptr))
      .set("NumContainers", static_cast<int64_t>(v.ctrs.size())).set("Containers", Value(ctrs));
  pod_limits(out, v.pod.resources, true);
  if (!v.pod.security_opts.empty()) out.set("security_opt", Value::strings(v.pod.security_opts));
  return out;
}

}  // namespace

std::optional<Value> pod_inspect_value(Context& ctx, const std::string& name) {
  auto pod = pods(ctx).find(name);
  if (!pod) return std::nullopt;
  for (const auto& v : pod_views(ctx)) {
    if (v.pod.id == pod->id) return pod_value(v);
  }
  return std::nullopt;
}

int pod_inspect_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod inspect"), "Displays a pod configuration", "[options] POD [POD...]");
  opts.add()("f,format", "Format the output to a Go template or json", cxxopts::value<std::string>(), "string")
      ("l,latest", "Act on the latest pod warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  std::string format = r->count("format") ? (*r)["format"].as<std::string>() : "";
  if (!format.empty()) check_format(format);
  auto views = pod_views(ctx);
  std::vector<std::string> wanted = r->unmatched();
  if (r->count("latest")) {
    if (views.empty()) throw base::error("no pods to inspect: no such pod");
    wanted = {views.back().pod.id};
  }
  if (wanted.empty()) throw base::error("you must provide at least one pod name or id");
  auto store = pods(ctx);
  Value::Array out;
  for (const auto& name : wanted) {
    auto pod = store.get(name);
    for (const auto& v : views) {
      if (v.pod.id == pod.id) out.push_back(pod_value(v));
    }
  }
  if (!format.empty() && !is_json_format(format)) {
    for (const auto& v : out) fmt::print("{}", render_format(format, v));
    return 0;
  }
  fmt::print("{}\n", to_json(out.size() == 1 ? out.front() : Value(out), 5));  // Podman 4.3's pod inspect indents by 5
  return 0;
}

int pod_exists_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod exists"), "Check if a pod exists in local storage", "POD");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() != 1) throw base::error("accepts 1 arg(s), received {}", r->unmatched().size());
  return pods(ctx).find(r->unmatched().front()) ? 0 : 1;
}

}  // namespace cli
