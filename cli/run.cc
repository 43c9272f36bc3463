// SPDX-License-Identifier: GPL-2.0-or-later
// cli/run.cc: run, create and start: a container's options, its record,
// its monitor, and the attached session.
#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "base/error.h"
#include "base/json.h"
#include "base/log.h"
#include "base/go_number.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/scope.h"
#include "cli/attach.h"
#include "cli/commands.h"
#include "cli/ps_filter.h"
#include "rootless/userns.h"
#include "launch/capabilities.h"
#include "store/container_store.h"
#include "store/events.h"
#include "image/image_store.h"
#include "cli/pull.h"
#include "launch/launcher.h"
#include "launch/seccomp_profile.h"
#include "monitor/monitor.h"
#include "runtime/containers.h"
#include "runtime/networks.h"
#include "runtime/pods.h"
#include "netconf/network_config.h"

namespace cli {

Args up_to_operand(Options& opts, const Args& args, Args& rest) {
  std::vector<std::string> with_value;
  for (const auto& group : opts.cxx().groups()) {
    for (const auto& o : opts.cxx().group_help(group).options) {
      if (o.is_boolean) continue;
      if (!o.s.empty()) with_value.push_back("-" + o.s);
      for (const auto& l : o.l) with_value.push_back("--" + l);
    }
  }
  return up_to_image(args, with_value, rest);
}

// `run` options stop at the image (and exec's at the container): what
// follows is the command.
Args up_to_image(const Args& args, const std::vector<std::string>& with_value, Args& rest) {
  Args opts;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.empty() || a[0] != '-' || a == "-") {
      rest.assign(args.begin() + static_cast<long>(i), args.end());
      return opts;
    }
    opts.push_back(a);
    if (a.find('=') == std::string::npos && std::find(with_value.begin(), with_value.end(), a) != with_value.end() &&
        i + 1 < args.size()) {
      opts.push_back(args[++i]);
    }
  }
  return opts;
}

namespace {

// --tz: a zone under /usr/share/zoneinfo, or "local" (the host's own).
std::string timezone_option(const std::string& tz) {
  if (tz == "local") return tz;
  if (tz.empty() || tz[0] == '/' || tz.find("..") != std::string::npos) throw base::error("running container create option: invalid timezone {}", tz);
  std::string path = "/usr/share/zoneinfo/" + tz;
  if (::access(path.c_str(), R_OK) != 0) throw base::error("running container create option: stat {}: no such file or directory", path);
  return tz;
}


}  // namespace

std::vector<std::string> split_values(const std::vector<std::string>& given) {
  std::vector<std::string> out;
  for (const auto& v : given) {
    size_t at = 0;
    for (size_t comma; (comma = v.find(',', at)) != std::string::npos; at = comma + 1) out.push_back(v.substr(at, comma - at));
    out.push_back(v.substr(at));
  }
  return out;
}

namespace {

std::vector<std::string> comma_values(const std::vector<std::string>& given) { return split_values(given); }

bool is_ip(const std::string& s) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, s.c_str(), buf) == 1 || ::inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

// --add-host host:ip, checked as Podman checks it (the IP may hold colons).
std::vector<std::string> add_hosts(const std::vector<std::string>& values) {
  auto given = comma_values(values);
  for (const auto& entry : given) {
    size_t colon = entry.find(':');
    if (colon == std::string::npos || colon == 0) throw base::error("bad format for add-host: \"{}\"", entry);
    std::string ip = entry.substr(colon + 1);
    if (!is_ip(ip) && ip != "host-gateway") throw base::error("invalid IP address in add-host: \"{}\"", ip);
  }
  return given;
}

// --dns servers, or "none" alone: no resolv.conf of warren's (the image's stays).
std::vector<std::string> dns_servers(const std::vector<std::string>& values) {
  auto given = comma_values(values);
  bool none = std::find(given.begin(), given.end(), "none") != given.end();
  if (none && given.size() > 1) throw base::error("none is not allowed to be specified with other DNS ip addresses");
  for (const auto& server : given) {
    if (!none && !is_ip(server)) throw base::error("{} is not an ip address", server);
  }
  return given;
}

// --restart POLICY[:RETRIES], checked with Podman's words.
void apply_restart_option(const cxxopts::ParseResult& r, store::ContainerConfig& c) {
  if (!r.count("restart")) return;
  std::string given = r["restart"].as<std::string>();
  auto colon = given.find(':');
  c.restart_policy = given.substr(0, colon);
  const std::string& p = c.restart_policy;
  if (p != "no" && p != "on-failure" && p != "always" && p != "unless-stopped" && !p.empty()) {
    throw base::error("running container create option: \"{}\" is not a valid restart policy: invalid argument", p);
  }
  if (colon != std::string::npos) {
    if (p != "on-failure") throw base::error("restart policy retries can only be specified with on-failure restart policy");
    std::string why;
    auto n = base::go_parse_int(given.substr(colon + 1), 10, why);
    if (!n) throw base::error("parsing restart policy retry count: strconv.Atoi: parsing \"{}\": {}", given.substr(colon + 1), why);
    if (*n < 0 || *n > INT32_MAX) throw base::error("must specify restart policy retry count as a number greater than 0");
    c.restart_retries = static_cast<int>(*n);
  }
  if (c.remove && !p.empty() && p != "no") {
    throw base::error("the --rm option conflicts with --restart, when the restartPolicy is not \"\" and \"no\"");
  }
}

// The image's HEALTHCHECK, with Docker's defaults for what it leaves out.
store::HealthConfig image_health(const image::ImageConfig& img) {
  store::HealthConfig h;
  if (img.health_test.empty() || img.health_test[0] == "NONE") return h;
  h.test = img.health_test;
  if (img.health_interval) h.interval_ns = img.health_interval;
  if (img.health_timeout) h.timeout_ns = img.health_timeout;
  h.start_period_ns = img.health_start_period;
  if (img.health_retries) h.retries = img.health_retries;
  return h;
}

struct Created {
  store::Container ctr;
  std::string lower;  // the image's root filesystem
  RunSession session;
};

void add_container_options(Options& opts, bool run) {
  if (run) opts.add()("d,detach", "Run container in background and print container ID");
  opts.add()("i,interactive", "Keep STDIN open even if not attached")
      ("t,tty", "Allocate a pseudo-TTY for container")
      ("u,user", "Username or UID (format: <name|uid>[:<group|gid>])", cxxopts::value<std::string>(), "string")
      ("privileged", "Give extended privileges to container")
      ("security-opt", "Security Options", cxxopts::value<std::string>(), "stringArray")
      ("seccomp-policy", "Policy for selecting a seccomp profile (experimental)", cxxopts::value<std::string>()->default_value("default"),
       "string")
      ("disable-content-trust", "This is a Docker specific option and is a NOOP")
      ("systemd", "Run container in systemd mode (\"true\"|\"false\"|\"always\")", cxxopts::value<std::string>()->default_value("true"),
       "string")
      ("pod-id-file", "Read the pod ID from the file", cxxopts::value<std::string>(), "string")
      ("rm", "Remove container (and pod if created) after exit")
      ("name", "Assign a name to the container", cxxopts::value<std::string>(), "string")
      ("label-file", "Read in a line delimited file of labels", cxxopts::value<std::string>(), "stringArray")
      ("annotation", "Add annotations to container (key=value)", cxxopts::value<std::string>(), "stringArray")
      ("tz", "Set timezone in container", cxxopts::value<std::string>(), "string")
      ("secret", "Add secret to container", cxxopts::value<std::string>(), "stringArray")
      ("w,workdir", "Working directory inside the container", cxxopts::value<std::string>(), "string")
      ("entrypoint", "Overwrite the default ENTRYPOINT of the image", cxxopts::value<std::string>(), "string")
      ("h,hostname", "Set container hostname", cxxopts::value<std::string>(), "string")
      ("l,label", "Set metadata on container", cxxopts::value<std::string>(), "stringArray")
      ("add-host", "Add a custom host-to-IP mapping (host:ip)", cxxopts::value<std::string>(), "strings")
      ("no-hosts", "Do not create /etc/hosts within the container, instead use the version from the image")
      ("dns", "Set custom DNS servers", cxxopts::value<std::string>(), "strings")
      ("dns-option", "Set custom DNS options", cxxopts::value<std::string>(), "strings")
      ("dns-search", "Set custom DNS search domains", cxxopts::value<std::string>(), "strings")
      ("cap-add", "Add capabilities to the container", cxxopts::value<std::string>(), "strings")
      ("cap-drop", "Drop capabilities from the container", cxxopts::value<std::string>(), "strings")
      ("log-opt", "Logging driver options", cxxopts::value<std::string>(), "stringArray")
      ("log-driver", "Logging driver for the container", cxxopts::value<std::string>()->default_value("k8s-file"), "string")
      ("replace", "If a container with the same name exists, replace it")
      ("restart", "Restart policy to apply when a container exits (\"always\"|\"no\"|\"on-failure\"|\"unless-stopped\")",
       cxxopts::value<std::string>(), "string")
      ("pod", "Run container in an existing pod", cxxopts::value<std::string>(), "string")
      ("rootfs", "The first argument is not an image but the rootfs to the exploded container");
  if (!run) opts.add()("init-ctr", "Make this a pod init container.", cxxopts::value<std::string>(), "string");
  add_env_options(opts);
  add_network_options(opts);
  add_volume_options(opts);
  add_resource_options(opts);
  add_health_options(opts);
  add_process_options(opts);
  add_run_attach_options(opts, run);
  add_userns_options(opts);
  add_pull_flags(opts.add(), true);
}

// --entrypoint: "" for none, a JSON list of strings, or else one word (Podman's).
std::vector<std::string> entrypoint_flag(const std::string& text) {
  if (text.empty()) return {};
  if (text.front() == '[') {
    auto d = base::json::try_parse(text);
    if (d && d->IsArray()) {
      std::vector<std::string> out;
      for (const auto& v : d->GetArray()) {
        if (!v.IsString()) return {text};
        out.emplace_back(v.GetString(), v.GetStringLength());
      }
      return out;
    }
  }
  return {text};
}

// The process: command, labels, workdir, user, privileges, terminal.
void apply_process_options(const cxxopts::ParseResult& r, const image::ImageConfig& cfg, const Args& command,
                           store::ContainerConfig& c) {
  std::vector<std::string> entry = cfg.entrypoint;
  std::vector<std::string> cmd = command.empty() ? cfg.cmd : command;
  if (r.count("entrypoint")) {
    entry = entrypoint_flag(r["entrypoint"].as<std::string>());
    // A new entrypoint drops the image's CMD; an empty one (--entrypoint "")
    // clears the image's and keeps its CMD, as Podman's.
    if (command.empty() && !entry.empty()) cmd.clear();
  }
  c.entrypoint = entry;
  c.cmd = cmd;
  c.command = entry;
  c.command.insert(c.command.end(), cmd.begin(), cmd.end());
  if (c.command.empty()) throw base::error("no command or entrypoint provided, and no CMD or ENTRYPOINT from image");
  c.labels = cfg.labels;
  std::vector<std::string> labels;
  for (const auto& file : all_values(r, "label-file")) {
    auto more = file_lines(file);
    labels.insert(labels.end(), more.begin(), more.end());
  }
  for (const auto& l : all_values(r, "label")) labels.push_back(l);
  for (const auto& l : labels) {
    auto eq = l.find('=');
    std::string key = l.substr(0, eq), value = eq == std::string::npos ? "" : l.substr(eq + 1);
    std::erase_if(c.labels, [&](const auto& kv) { return kv.first == key; });
    c.labels.emplace_back(key, value);
  }
  c.workdir = r.count("workdir") ? r["workdir"].as<std::string>() : (cfg.working_dir.empty() ? "/" : cfg.working_dir);
  c.create_workdir = !r.count("workdir");  // the image's is made if missing; an explicit one must exist
  c.user = r.count("user") ? r["user"].as<std::string>() : cfg.user;
  c.privileged = r.count("privileged") > 0;
  c.tty = r.count("tty") > 0;
  c.interactive = r.count("interactive") > 0;
  for (const auto& a : all_values(r, "annotation")) {
    auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0) throw base::error("annotation \"{}\" must be formatted KEY=VALUE", a);
    c.annotations.emplace_back(a.substr(0, eq), a.substr(eq + 1));
  }
  if (r.count("tz")) c.timezone = timezone_option(r["tz"].as<std::string>());
  c.cap_add = comma_values(all_values(r, "cap-add"));
  c.cap_drop = comma_values(all_values(r, "cap-drop"));
  (void)launch::merge_capabilities(c.cap_add, c.cap_drop);  // an unknown name fails here, before anything is made
}

}  // namespace

// The generated /etc files: hosts and DNS, with containers.conf's
// [containers] defaults when the options are not given.
void apply_etc_options(const cxxopts::ParseResult& r, const config::ContainerDefaults& defaults,
                       store::ContainerConfig& c) {
  c.add_hosts = add_hosts(all_values(r, "add-host"));
  c.no_hosts = r.count("no-hosts") > 0 || (defaults.no_hosts && c.add_hosts.empty());
  if (c.no_hosts && !c.add_hosts.empty()) throw base::error("--no-hosts and --add-host cannot be set together");
  auto or_default = [&](const char* opt, const std::vector<std::string>& fallback) {
    auto given = comma_values(all_values(r, opt));
    return given.empty() && !c.network.is_none() && !c.network.is_host() ? fallback : given;
  };
  c.dns = dns_servers(or_default("dns", defaults.dns_servers));
  c.dns_search = or_default("dns-search", defaults.dns_searches);
  c.dns_options = or_default("dns-option", defaults.dns_options);
  if (c.network.is_none() && (!c.dns.empty() || !c.dns_search.empty() || !c.dns_options.empty())) {
    throw base::error("conflicting options: dns and the network mode: none");
  }
}

namespace {

// --pod, or --pod-id-file's pod (the file's line).
std::optional<std::string> pod_flag(const cxxopts::ParseResult& r) {
  if (!r.count("pod-id-file")) return r.count("pod") ? std::optional(r["pod"].as<std::string>()) : std::nullopt;
  if (r.count("pod")) throw base::error("cannot specify both --pod and --pod-id-file");
  std::string path = r["pod-id-file"].as<std::string>();
  std::optional<std::string> text;
  try {
    text = base::read_file(path);
  } catch (const base::Error& e) {
    throw base::error("reading pod ID file: {}", e.what());
  }
  if (!text) throw base::error("reading pod ID file: open {}: no such file or directory", path);
  while (!text->empty() && text->back() == '\n') text->pop_back();
  return text;
}

// run --rootfs DIR[:O]: the dir as the root (its path made absolute), and
// whether it is overlaid (its changes the container's own) or written to.
std::pair<std::string, bool> rootfs_flag(std::string path) {
  bool overlay = path.ends_with(":O");
  if (overlay) path.resize(path.size() - 2);
  struct stat st;
  if (::stat(path.c_str(), &st) < 0) {
    throw base::error("running container create option: stat {}: no such file or directory", path);
  }
  if (!S_ISDIR(st.st_mode)) throw base::error("running container create option: {} is not a directory", path);
  if (overlay && path.find_first_of(",:") != std::string::npos) {
    throw base::error("running container create option: {}: a path with ',' or ':' cannot be an overlay's", path);
  }
  return {path.front() == '/' ? path : base::working_dir() + "/" + path, overlay};
}

// create --init-ctr once|always: only in a pod, and not one running.
std::string init_ctr_flag(Context& ctx, const std::string& value, const std::optional<std::string>& pod) {
  if (!pod) throw base::error("must specify pod value with init-ctr");
  if (value != "always" && value != "once") throw base::error("init-ctr value must be 'always' or 'once'");
  if (pod->starts_with("new:")) return value;
  auto existing = pods(ctx).find(*pod);
  std::string state = existing ? runtime::pod_state(ctx.settings(), *existing) : "";
  if (state == "Running" || state == "Degraded") {
    throw base::error("cannot add init-ctr to a running pod");
  }
  return value;
}

std::string default_hostname(const store::ContainerConfig& c) {
  if (!c.network.is_host() && c.uts_mode != "host") return c.id.substr(0, 12);
  // The host's network, the host's name, as Podman.
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return name;
}

// What run and create share: options up to the image, the container's
// command, environment and record.
std::optional<Created> create_container(Context& ctx, const std::string& name, const std::string& summary,
                                        const Args& args, bool& detach) {
  Options opts(ctx.name_or(name.c_str()), summary, "[options] IMAGE [COMMAND [ARG...]]", false);
  add_container_options(opts, name == "run");
  Args command;
  Args own = up_to_operand(opts, args, command);
  auto r = parse(ctx, opts, own);
  if (!r) return std::nullopt;
  detach = r->count("detach") > 0;
  if (command.empty()) throw base::error("requires at least 1 arg(s), only received 0");
  RunSession session = run_session_options(*r, name == "run");
  std::string image = command.front();
  session.image = image;
  command.erase(command.begin());
  auto paths = ctx.paths();
  image::ImageStore images(paths.root, !paths.rootless);
  store::ContainerConfig c;
  image::ImageConfig cfg;
  if (r->count("rootfs")) {
    std::tie(c.rootfs, c.rootfs_overlay) = rootfs_flag(image);
  } else {
    std::string policy = r->count("pull") ? (*r)["pull"].as<std::string>() : "missing";
    image::ImageRecord img = find_or_pull(ctx, image, policy, *r, r->count("quiet") > 0);
    cfg = images.config(img.id);
    c.image_id = img.id;
    c.image_name = img.names.empty() ? img.id : img.names.front();
  }
  c.create_command = ctx.argv;
  c.id = store::random_id();
  c.name = r->count("name") ? (*r)["name"].as<std::string>() : "";
  c.remove = r->count("rm") > 0;
  apply_process_options(*r, cfg, command, c);
  apply_restart_option(*r, c);
  apply_health_options(*r, image_health(cfg), c);
  apply_network_options(ctx, *r, cfg, c);
  apply_etc_options(*r, ctx.settings().conf.containers, c);
  apply_security_options(ctx, *r, c);
  apply_resource_options(ctx, *r, c);
  apply_process_extras(ctx, *r, c);
  auto allocating = apply_userns_options(ctx, *r, c.rootfs.empty() ? images.rootfs(c.image_id) : c.rootfs, c);
  check_userns_network(ctx, c);
  apply_secret_options(ctx, *r, c);
  apply_log_options(*r, ctx.settings().conf.containers, c);
  c.hostname = r->count("hostname") ? (*r)["hostname"].as<std::string>() : default_hostname(c);
  std::optional<store::PodConfig> made;
  std::vector<std::string> volumes;
  auto undo = base::on_failure([&] {
    if (made) runtime::remove_pod(ctx.settings(), *made, true, 0);
    remove_volumes(ctx, volumes);
  });
  apply_volume_options(ctx, *r, cfg, c, volumes);
  std::optional<std::string> pod_name = pod_flag(*r);
  if (r->count("init-ctr")) c.init_ctr = init_ctr_flag(ctx, (*r)["init-ctr"].as<std::string>(), pod_name);
  if (pod_name) made = apply_pod_option(ctx, *r, *pod_name, c);
  c.env = environment(cfg, *r, c.hostname);
  bool has_term = std::any_of(c.env.begin(), c.env.end(), [](const std::string& e) { return e.starts_with("TERM="); });
  if (c.tty && !has_term) c.env.push_back("TERM=xterm");
  auto store = containers(ctx);
  if (r->count("replace") && !c.name.empty()) {
    if (auto old = store.find(c.name); old && old->config.name == c.name) {
      runtime::retire_container(ctx.settings(), store, old->config.id, -1);
      monitor::spawn_purge(store);
      fmt::print("{}\n", c.name);
    }
  }
  c.storage_driver = runtime::driver_for(paths, c);
  // run's record goes to the disk once the container runs (its monitor's
  // fsync, after the CLI has gone on); create's before it returns.
  Created out{store.create(c, name != "run"), runtime::root_lower(images, store, c), session};
  try {
    runtime::make_root(ctx.settings(), images, store, out.ctr.config);
    write_cidfile(*r, out.ctr.config.id);
  } catch (const base::Error&) {
    store.remove(out.ctr.config.id);
    throw;
  }
  undo.dismiss();
  store::record_container_event(ctx.paths(), out.ctr.config, "create");
  return out;
}

}  // namespace

std::optional<pid_t> start_container(Context& ctx, const store::ContainerStore& store, const store::Container& c,
                                     const runtime::StartRequest& req) {
  if (ctx.paths().rootless) {
    std::string warning = rootless::id_maps_warning(rootless::user_id_maps(launch::user_of(ctx.settings().env)));
    if (!warning.empty()) fmt::print(stderr, "WARN[0000] {}\n", warning);
  }
  for (const auto& warning : runtime::network_warnings(ctx.settings(), c.config)) fmt::print(stderr, "WARN[0000] {}\n", warning);
  try {
    return runtime::start_container(ctx.settings(), store, c.config.id, req);
  } catch (const base::LaunchError& e) {
    throw ExitError(e.code(), e.what());
  }
}

int run_main(Context& ctx, const Args& args) {
  bool detach = false;
  auto created = create_container(ctx, "run", "Run a command in a new container", args, detach);
  if (!created) return 0;
  auto store = containers(ctx);
  RawMode raw(!detach && created->ctr.config.tty);
  std::optional<HeldSignals> held;
  if (!detach) held.emplace(created->session.sig_proxy);
  int fds[2] = {-1, -1};
  if (!detach && ::pipe2(fds, O_CLOEXEC) < 0) throw base::sys_error(errno, "create a pipe");
  base::UniqueFd exit_r(fds[0]), exit_w(fds[1]);
  const RunSession& session = created->session;
  runtime::StartRequest req{created->lower, !detach, true, exit_w.get(), session.streams, session.detach_keys, session.preserve_fds};
  pid_t monitor = start_container(ctx, store, created->ctr, req).value_or(0);
  exit_w.reset();
  if (detach) {
    fmt::print("{}\n", created->ctr.config.id);
    return 0;
  }
  // Attached: the monitor copies the output here and ends with the container's code.
  auto now = store.find(created->ctr.config.id);
  int code = wait_attached(monitor, now ? now->state.pid : 0, exit_r.get(), session.sig_proxy);
  if (session.rmi && code != kDetached) remove_run_image(ctx, session.image);
  return code == kDetached ? 0 : code;
}

int create_main(Context& ctx, const Args& args) {
  bool detach = false;
  auto created = create_container(ctx, "create", "Create but do not start a container", args, detach);
  if (!created) return 0;
  fmt::print("{}\n", created->ctr.config.id);
  return 0;
}

namespace {

// start's containers: named, the latest (-l), or those --filter lists.
std::vector<std::string> start_names(const cxxopts::ParseResult& r, const store::ContainerStore& store) {
  std::vector<std::string> names = r.unmatched();
  if (r.count("latest")) {
    if (!names.empty()) throw base::error("--latest and containers cannot be used together");
    auto newest = store.latest();
    if (!newest) throw base::error("no such container");
    names.push_back(newest->config.id);
  }
  if (r.count("filter")) {
    if (!names.empty()) throw base::error("--filter takes no arguments");
    for (const auto& c : filtered_containers(split_values(all_values(r, "filter")), store)) names.push_back(c.config.id);
  }
  return names;
}

}  // namespace

int start_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("start"), "Start one or more containers", "[options] CONTAINER [CONTAINER...]");
  opts.add()("a,attach", "Attach container's STDOUT and STDERR")
      ("i,interactive", "Make STDIN available to the contained process")
      ("all", "Start all containers regardless of their state or configuration")
      ("f,filter", "Filter output based on conditions given", cxxopts::value<std::string>(), "strings")
      ("l,latest", "Act on the latest container warren is aware of")
      ("sig-proxy", "Proxy received signals to the process (default true if attaching, false otherwise)",
       cxxopts::value<bool>()->implicit_value("true"));
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  std::vector<std::string> names = start_names(*r, store);
  if (r->count("all")) {
    if (!names.empty()) throw base::error("--all and containers cannot be used together");
    // Every container that does not run, each printed by its id (Podman's).
    for (const auto& c : store.list()) {
      if (!c.config.infra && runtime::state_of(ctx.settings(), store, c).status != "running") names.push_back(c.config.id);
    }
    if (names.empty()) return 0;
  }
  if (names.empty() && r->count("filter")) return 0;  // nothing matched
  if (names.empty()) throw base::error("start requires at least one argument");
  bool attach = r->count("attach") > 0 || r->count("interactive") > 0;  // -i attaches, with stdin
  if (attach && names.size() > 1) throw base::error("you cannot start and attach multiple containers at once");
  auto paths = ctx.paths();
  image::ImageStore images(paths.root, !paths.rootless);
  for (const auto& name : names) {
    auto c = store.get(name);
    RawMode raw(attach && c.config.tty);
    std::optional<HeldSignals> held;
    if (attach) held.emplace(!r->count("sig-proxy") || (*r)["sig-proxy"].as<bool>());
    std::optional<pid_t> monitor;
    try {
      monitor = start_container(ctx, store, c, runtime::StartRequest{runtime::root_lower(images, store, c.config), attach, false});
    } catch (const base::Error& e) {
      // Podman's start reports any failure as its own (125), naming the
      // container (quoted, but for -a).
      std::string id = attach ? c.config.id : "\"" + c.config.id + "\"";
      throw ExitError(kExitError, fmt::format("unable to start container {}: {}", id, e.what()));
    }
    if (!monitor) {
      if (!attach) fmt::print("{}\n", name);  // already running: nothing to do, as Podman
      continue;
    }
    if (attach) {
      auto now = store.find(c.config.id);
      return wait_attached(*monitor, now ? now->state.pid : 0, -1, !r->count("sig-proxy") || (*r)["sig-proxy"].as<bool>());
    }
    fmt::print("{}\n", name);
  }
  return 0;
}


}  // namespace cli
