// SPDX-License-Identifier: GPL-2.0-or-later
// cli/container_control.cc: stop, kill, rm, restart, rename, container
// exists, container cleanup and container prune: the containers chosen (by name or id,
// --all, --latest or --cidfile; --ignore and rm -f pass over the missing
// ones), each acted on through runtime/containers.h.
#include <algorithm>
#include <functional>
#include <cctype>
#include <csignal>
#include <cstdio>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/scope.h"
#include "cli/commands.h"
#include "cli/ps_filter.h"
#include "image/image_store.h"
#include "monitor/monitor.h"
#include "monitor/volumes.h"
#include "runtime/containers.h"
#include "runtime/pods.h"
#include "store/events.h"
#include "store/volume_store.h"

namespace cli {

namespace {

struct Selected {
  store::Container c;
  std::string shown;  // as it was named (Podman's output); the full id when chosen by --all
};

void add_selection(Options& opts) {
  opts.add()("a,all", "Act on all containers")
      ("l,latest", "Act on the latest container warren is aware of")
      ("i,ignore", "Ignore errors when a specified container is missing")
      ("cidfile", "Read the container ID from the file", cxxopts::value<std::string>(), "stringArray");
}

// The containers named, read from --cidfile, --all or --latest. Every name
// is looked up before anything is done: an unknown one fails the command
// with `missing_code` (nothing done) unless --ignore or `skip_missing`.
std::vector<Selected> select_containers(const cxxopts::ParseResult& r, const store::ContainerStore& store,
                                        int missing_code, bool skip_missing) {
  std::vector<Selected> out;
  std::vector<std::string> names = r.unmatched();
  bool cidfile = r.count("cidfile") > 0;
  if (r.count("filter")) {
    // --filter (stop's and rm's): what ps --filter would list, none an error.
    if (!names.empty()) throw base::error("--filter takes no arguments");
    for (auto& c : filtered_containers(split_values(all_values(r, "filter")), store)) out.push_back({c, c.config.id});
    return out;
  }
  if (!names.empty()) {
    if (r.count("latest")) throw base::error("--latest and containers cannot be used together");
    if (r.count("all")) throw base::error("--all and containers cannot be used together");
    if (cidfile) throw base::error("--cidfile and containers cannot be used together");
  }
  if ((r.count("all") > 0) + (r.count("latest") > 0) + cidfile > 1) {
    throw base::error("--all, --latest, and --cidfile cannot be used together");
  }
  for (const auto& path : all_values(r, "cidfile")) {
    auto text = base::read_file(path);
    if (!text) throw base::error("reading CIDFile: open {}: no such file or directory", path);
    std::string id = *text;
    id.erase(std::remove_if(id.begin(), id.end(), [](unsigned char c) { return std::isspace(c); }), id.end());
    names.push_back(id);
  }
  if (r.count("all")) {
    for (auto& c : store.list()) out.push_back({c, c.config.id});
    return out;
  }
  if (r.count("latest")) {
    auto newest = store.latest();
    if (!newest) throw base::error("no such container");
    out.push_back({*newest, newest->config.id});
    return out;
  }
  if (names.empty()) throw base::error("you must provide at least one name or id");
  for (const auto& name : names) {
    auto c = store.find(name);
    if (c) {
      out.push_back({std::move(*c), name});
    } else if (!skip_missing && !r.count("ignore")) {
      throw ExitError(missing_code, fmt::format("no container with name or ID \"{}\" found: no such container", name));
    }
  }
  return out;
}

}  // namespace

int stop_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("stop"), "Stop one or more containers", "[options] CONTAINER [CONTAINER...]");
  opts.add()("t,time", "Seconds to wait for stop before killing the container", cxxopts::value<std::string>()->default_value("10"), "uint")
      ("filter", "Filter output based on conditions given", cxxopts::value<std::string>(), "strings");
  add_selection(opts);
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  for (const auto& s : select_containers(*r, store, kExitError, false)) {
    if (!runtime::stop_container(ctx.settings(), store, s.c.config.id, r->count("time") ? seconds_flag(*r) : -1)) {
      throw base::error("container {} did not stop", s.shown);
    }
    fmt::print("{}\n", s.shown);
  }
  return 0;
}

int signal_number(const std::string& name) {
  std::string n = name;
  for (auto& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (n.starts_with("SIG")) n = n.substr(3);
  static const std::pair<const char*, int> table[] = {
      {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"KILL", SIGKILL}, {"USR1", SIGUSR1},
      {"USR2", SIGUSR2}, {"TERM", SIGTERM}, {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"WINCH", SIGWINCH}};
  for (const auto& [k, v] : table) {
    if (n == k) return v;
  }
  try {
    int v = std::stoi(n);
    if (v > 0 && v < 65 && std::to_string(v) == n) return v;
  } catch (...) {
  }
  throw base::error("invalid signal: {}", name);
}

int kill_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("kill"), "Kill one or more running containers with a specific signal", "[options] CONTAINER [CONTAINER...]");
  opts.add()("s,signal", "Signal to send to the container", cxxopts::value<std::string>()->default_value("KILL"), "string");
  add_selection(opts);
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  int sig = signal_number((*r)["signal"].as<std::string>());
  auto store = containers(ctx);
  for (const auto& s : select_containers(*r, store, kExitError, false)) {
    // --all: the running ones, as Podman's.
    if (r->count("all") && runtime::state_of(ctx.settings(), store, s.c).status != "running") continue;
    runtime::kill_container(ctx.settings(), store, s.c.config.id, sig);
    fmt::print("{}\n", s.shown);
  }
  return 0;
}

// --requires between what rm removes: a dependent goes before what it
// requires (with --depend, every dependent of a chosen one is chosen too,
// by its id); a container something left requires is refused, in
// Podman's words.
void order_dependents(std::vector<Selected>& chosen, const std::vector<store::Container>& all, bool depend) {
  auto chosen_has = [&](const std::string& id) {
    return std::any_of(chosen.begin(), chosen.end(), [&](const Selected& s) { return s.c.config.id == id; });
  };
  std::vector<Selected> out;
  std::function<void(const Selected&, int)> place = [&](const Selected& s, int depth) {
    if (depth > 64 || std::any_of(out.begin(), out.end(), [&](const Selected& o) { return o.c.config.id == s.c.config.id; })) return;
    for (const auto& other : all) {
      const auto& needs = other.config.required;
      if (other.config.id == s.c.config.id || std::find(needs.begin(), needs.end(), s.c.config.id) == needs.end()) continue;
      if (!depend && !chosen_has(other.config.id)) {
        throw base::error("container {} has dependent containers which must be removed before it: {}: container already exists",
                          s.c.config.id, other.config.id);
      }
      auto in = std::find_if(chosen.begin(), chosen.end(), [&](const Selected& c) { return c.c.config.id == other.config.id; });
      place(in != chosen.end() ? *in : Selected{other, other.config.id}, depth + 1);
    }
    out.push_back(s);
  };
  for (const auto& s : chosen) place(s, 0);
  chosen = std::move(out);
}

int rm_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("rm"), "Remove one or more containers", "[options] CONTAINER [CONTAINER...]");
  opts.add()("f,force", "Force removal of a running or unusable container")
      ("t,time", "Seconds to wait for stop before killing the container", cxxopts::value<std::string>()->default_value("10"), "uint")
      ("v,volumes", "Remove anonymous volumes associated with the container")
      ("depend", "Remove container and all containers that depend on the selected container")
      ("filter", "Filter output based on conditions given", cxxopts::value<std::string>(), "strings");
  add_selection(opts);
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  // A missing name: exit 1 and nothing removed (Podman's); with -f, the
  // others still go and the exit is 0, so a cleanup step cleans.
  auto chosen = select_containers(*r, store, 1, r->count("force") > 0);
  order_dependents(chosen, store.list(), r->count("depend") > 0);
  // Members before their pods' infra containers, which take the pods along.
  std::stable_partition(chosen.begin(), chosen.end(), [](const Selected& s) { return !s.c.config.infra; });
  bool retired = false;
  // What was retired is deleted even when a later name fails.
  auto purge = base::defer([&] {
    std::fflush(stdout);
    if (retired) monitor::spawn_purge(store);
  });
  auto pod_store = pods(ctx);
  int time = r->count("time") ? seconds_flag(*r) : -1;
  // As Podman's: a running container without --force is refused, and the
  // others still go; each refusal is reported at the end.
  std::vector<std::string> refused;
  for (const auto& [c, shown] : chosen) {
    auto pod = c.config.infra ? pod_store.find(c.config.pod) : std::nullopt;
    if (pod && !r->count("all")) {
      // An infra's pod goes with it, and only with --all (as Podman's rm -a).
      throw base::error("container {} is the infra container of pod {} and cannot be removed without removing the pod",
                        c.config.id, c.config.pod);
    }
    bool running = runtime::state_of(ctx.settings(), store, c).status == "running";
    if (running && !r->count("force")) {
      refused.push_back(fmt::format("cannot remove container {} as it is running - running or paused containers cannot "
                                    "be removed without force: container state improper", c.config.id));
      continue;
    }
    if (pod) {
      runtime::remove_pod(ctx.settings(), *pod, true, time);
    } else if (c.config.infra) {
      runtime::remove_container(ctx.settings(), store, c.config.id, time);
    } else {
      runtime::retire_container(ctx.settings(), store, c.config.id, time);
      retired = true;
    }
    if (r->count("volumes")) store::remove_anonymous_volumes(monitor::volume_store(ctx.settings()), store, c.config);
    fmt::print("{}\n", shown);
  }
  if (!refused.empty()) throw ExitError(2, refused);
  return 0;
}

int restart_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("restart"), "Restart one or more containers", "[options] CONTAINER [CONTAINER...]");
  opts.add()("t,time", "Seconds to wait for stop before killing the container", cxxopts::value<std::string>()->default_value("10"), "uint")
      ("running", "Restart only running containers");
  opts.add()("a,all", "Restart all non-running containers")("l,latest", "Act on the latest container warren is aware of")
      ("f,filter", "Filter output based on conditions given", cxxopts::value<std::string>(), "strings");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  auto paths = ctx.paths();
  image::ImageStore images(paths.root, !paths.rootless);
  for (const auto& s : select_containers(*r, store, kExitError, false)) {
    bool running = runtime::state_of(ctx.settings(), store, s.c).status == "running";
    if (r->count("running") && !running) continue;
    if (running && !runtime::stop_container(ctx.settings(), store, s.c.config.id, r->count("time") ? seconds_flag(*r) : -1)) {
      throw base::error("container {} did not stop", s.shown);
    }
    try {
      start_container(ctx, store, store.get(s.c.config.id), runtime::StartRequest{runtime::root_lower(images, store, s.c.config)});
    } catch (const base::Error& e) {
      throw ExitError(kExitError, fmt::format("unable to start container \"{}\": {}", s.c.config.id, e.what()));
    }
    store::record_container_event(ctx.paths(), s.c.config, "restart");
    fmt::print("{}\n", s.shown);
  }
  return 0;
}

int init_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("init"), "Initialize one or more containers", "[options] CONTAINER [CONTAINER...]");
  opts.add()("a,all", "Initialize all containers")("l,latest", "Act on the latest container warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  image::ImageStore images(ctx.paths().root, !ctx.paths().rootless);
  for (const auto& s : select_containers(*r, store, kExitError, false)) {
    runtime::StartRequest req{runtime::root_lower(images, store, s.c.config)};
    req.init_only = true;
    try {
      start_container(ctx, store, s.c, req);
    } catch (const base::Error&) {
      // --all: the ones made already stay as they are, as Podman's.
      if (!r->count("all")) throw;
    }
    fmt::print("{}\n", s.shown);
  }
  return 0;
}

int container_cleanup_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("container cleanup"), "Clean up network and mountpoints of one or more containers",
               "[options] CONTAINER [CONTAINER...]");
  opts.add()("a,all", "Cleans up all containers")
      ("l,latest", "Act on the latest container warren is aware of")
      ("rm", "After cleanup, remove the container entirely")
      ("rmi", "After cleanup, remove the image entirely");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  auto images = image::ImageStore(ctx.paths().root, !ctx.paths().rootless);
  bool retired = false;
  auto purge = base::defer([&] {
    std::fflush(stdout);
    if (retired) monitor::spawn_purge(store);
  });
  for (const auto& s : select_containers(*r, store, kExitError, false)) {
    const std::string& id = s.c.config.id;
    {
      // Under its lock, what a monitor that is gone left (its network,
      // its record's state) is put right, as every command does first.
      base::FileLock lock = store.lock(id);
      auto now = runtime::reread(ctx.settings(), store, id);
      if (!now) continue;
      if (now->state.status == "running") {
        if (r->count("all")) continue;
        throw base::error("failed to clean up container {}: container {} is running or paused, refusing to clean up: "
                          "container state improper", id, id);
      }
      store::record_container_event(ctx.paths(), now->config, "cleanup");
    }
    if (r->count("rm") || r->count("rmi")) {
      runtime::retire_container(ctx.settings(), store, id, 0);
      retired = true;
    }
    if (r->count("rmi") && !s.c.config.image_id.empty()) {
      auto users = store.list();
      bool used = std::any_of(users.begin(), users.end(), [&](const store::Container& c) { return c.config.image_id == s.c.config.image_id; });
      if (!used && images.find(s.c.config.image_id)) images.remove(s.c.config.image_id, true);
    }
    fmt::print("{}\n", s.shown);
  }
  return 0;
}

int rename_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("rename"), "Rename an existing container", "CONTAINER NAME");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() != 2) throw base::error("accepts 2 arg(s), received {}", r->unmatched().size());
  runtime::rename_container(ctx.settings(), containers(ctx), r->unmatched()[0], r->unmatched()[1]);
  return 0;
}

int container_exists_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("container exists"), "Check if a container exists in local storage", "[options] CONTAINER");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() != 1) throw base::error("accepts 1 arg(s), received {}", r->unmatched().size());
  return containers(ctx).find(r->unmatched()[0]) ? 0 : 1;
}

int container_prune_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("container prune"), "Remove all non running containers", "[options]");
  opts.add()("f,force", "Do not prompt for confirmation")
      ("filter", "Provide filter values (e.g. 'label=<key>=<value>')", cxxopts::value<std::string>(), "stringArray");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  PsFilter filter(all_values(*r, "filter"));
  if (!r->count("force") && !confirmed("WARNING! This will remove all non running containers.")) return 0;
  for (const auto& c : prune_containers(ctx, filter)) fmt::print("{}\n", c.name);
  return 0;
}

std::vector<Pruned> prune_containers(Context& ctx, const PsFilter& filter) {
  auto store = containers(ctx);
  std::vector<Pruned> out;
  // What was retired is deleted by a process of its own, even after a failure.
  auto purge = base::defer([&] {
    std::fflush(stdout);
    if (!out.empty()) monitor::spawn_purge(store);
  });
  for (const auto& c : store.list()) {
    auto s = runtime::state_of(ctx.settings(), store, c);
    if (s.status == "running" || c.config.infra || !filter.matches(c, s)) continue;
    runtime::retire_container(ctx.settings(), store, c.config.id, 0);
    out.push_back({c.config.id, 0});
  }
  return out;
}

}  // namespace cli
