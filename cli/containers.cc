// SPDX-License-Identifier: GPL-2.0-or-later
// cli/containers.cc: run, ps, logs, wait, stop and rm.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "runtime/container_store.h"
#include "runtime/image_store.h"
#include "runtime/launcher.h"
#include "runtime/monitor.h"

namespace cli {

namespace {

runtime::ContainerStore containers(Context& ctx) {
  auto p = ctx.paths();
  return runtime::ContainerStore(p.root, p.runroot);
}

// `run` options stop at the image: what follows is the container's command.
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

std::vector<std::string> environment(const runtime::ImageConfig& img, const std::vector<std::string>& given,
                                     const std::string& hostname) {
  std::vector<std::string> env = img.env;
  auto set = [&](const std::string& kv) {
    auto key = kv.substr(0, kv.find('='));
    std::erase_if(env, [&](const std::string& e) { return e.substr(0, e.find('=')) == key; });
    env.push_back(kv);
  };
  bool has_path = std::any_of(env.begin(), env.end(), [](const std::string& e) { return e.starts_with("PATH="); });
  if (!has_path) set("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  set("HOSTNAME=" + hostname);
  set("container=podman");
  for (const auto& e : given) {
    auto eq = e.find('=');
    if (eq == 0 || e.empty()) throw base::error("invalid environment variable: \"{}\"", e);
    if (eq == std::string::npos) {
      // -e KEY takes the value from warren's own environment, or nothing.
      if (const char* v = std::getenv(e.c_str())) set(e + "=" + v);
      continue;
    }
    set(e);
  }
  return env;
}

// Poll until `done` or the deadline; bounded by design.
bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::string status_text(const runtime::ContainerState& s) {
  if (s.status == "running") return "Up " + human_age(s.started);
  if (s.status == "exited") return fmt::format("Exited ({}) {}", s.exit_code, human_age(s.finished));
  return "Created";
}

std::string command_text(const std::vector<std::string>& cmd, bool full) {
  std::string out;
  for (const auto& c : cmd) out += (out.empty() ? "" : " ") + c;
  if (!full && out.size() > 20) out = out.substr(0, 17) + "...";
  return out;
}

}  // namespace

int run_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("run"), "Run a command in a new container", "[options] IMAGE [COMMAND [ARG...]]");
  opts.add()("d,detach", "Run container in background and print container ID")
      ("rm", "Remove container (and pod if created) after exit")
      ("name", "Assign a name to the container", cxxopts::value<std::string>(), "string")
      ("e,env", "Set environment variables in container", cxxopts::value<std::string>(), "stringArray")
      ("w,workdir", "Working directory inside the container", cxxopts::value<std::string>(), "string")
      ("entrypoint", "Overwrite the default ENTRYPOINT of the image", cxxopts::value<std::string>(), "string")
      ("hostname", "Set container hostname", cxxopts::value<std::string>(), "string")
      ("network", "Connect a container to a network: none or host", cxxopts::value<std::string>(), "string");
  Args command;
  Args own = up_to_image(args, {"--name", "-e", "--env", "-w", "--workdir", "--entrypoint", "--hostname", "--network",
                                "--log-level", "--root", "--runroot", "--network-config-dir"}, command);
  auto r = parse(ctx, opts, own);
  if (!r) return 0;
  if (command.empty()) throw base::error("requires at least 1 arg(s), only received 0");
  std::string image = command.front();
  command.erase(command.begin());
  std::string network = r->count("network") ? (*r)["network"].as<std::string>() : "none";
  if (network != "none" && network != "host") {
    throw base::error("network \"{}\": only none and host are available until warren's network support lands in run", network);
  }
  auto paths = ctx.paths();
  runtime::ImageStore images(paths.root);
  runtime::ImageRecord img = images.get(image);
  runtime::ImageConfig cfg = images.config(img.id);
  runtime::ContainerConfig c;
  c.name = r->count("name") ? (*r)["name"].as<std::string>() : "";
  c.image_id = img.id;
  c.image_name = img.names.empty() ? img.id : img.names.front();
  std::vector<std::string> entry = cfg.entrypoint;
  std::vector<std::string> cmd = command.empty() ? cfg.cmd : command;
  if (r->count("entrypoint")) {
    entry = {(*r)["entrypoint"].as<std::string>()};
    if (command.empty()) cmd.clear();  // a new entrypoint drops the image's CMD
  }
  c.command = entry;
  c.command.insert(c.command.end(), cmd.begin(), cmd.end());
  if (c.command.empty()) throw base::error("no command or entrypoint provided, and no CMD or ENTRYPOINT from image");
  c.workdir = r->count("workdir") ? (*r)["workdir"].as<std::string>() : (cfg.working_dir.empty() ? "/" : cfg.working_dir);
  c.hostname = r->count("hostname") ? (*r)["hostname"].as<std::string>() : "";
  c.network = network;
  c.remove = r->count("rm") > 0;
  c.id = runtime::random_id();
  if (c.hostname.empty()) c.hostname = c.id.substr(0, 12);
  c.env = environment(cfg, all_values(*r, "env"), c.hostname);
  auto store = containers(ctx);
  runtime::Container ctr = store.create(c);
  bool detach = r->count("detach") > 0;
  pid_t monitor;
  try {
    monitor = runtime::start_monitor(store, ctr, images.rootfs(img.id), !detach);
  } catch (const runtime::LaunchError& e) {
    store.remove(ctr.config.id);  // a container that never ran leaves nothing
    throw ExitError(e.code(), e.what());
  }
  if (detach) {
    fmt::print("{}\n", ctr.config.id);
    return 0;
  }
  // Attached: the monitor copies the output here and ends with the container's code.
  return runtime::wait_exit(monitor);
}

int ps_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("ps"), "List containers", "[options]");
  opts.add()("a,all", "Show all the containers, default is only running containers")
      ("q,quiet", "Print the numeric IDs of the containers only")
      ("no-trunc", "Display the extended information");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  bool full = r->count("no-trunc") > 0;
  std::vector<Row> rows;
  for (const auto& c : store.list()) {
    auto s = store.live_state(c);
    if (!r->count("all") && s.status != "running") continue;
    std::string id = full ? c.config.id : c.config.id.substr(0, 12);
    if (r->count("quiet")) {
      fmt::print("{}\n", id);
      continue;
    }
    rows.push_back({id, c.config.image_name, command_text(c.config.command, full), human_age(c.config.created),
                    status_text(s), "", c.config.name});
  }
  if (!r->count("quiet")) {
    fmt::print("{}", render_table({"CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"}, rows));
  }
  return 0;
}

int logs_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("logs"), "Fetch the logs of one or more containers", "[options] CONTAINER");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().size() != 1) throw base::error("`warren logs` needs one container");
  auto store = containers(ctx);
  auto c = store.get(r->unmatched()[0]);
  auto text = base::read_file(store.log_path(c.config.id)).value_or("");
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    std::string line = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    at = nl == std::string::npos ? text.size() : nl + 1;
    // TIME STREAM F|P TEXT
    size_t a = line.find(' '), b = line.find(' ', a + 1), d = line.find(' ', b + 1);
    if (d == std::string::npos) continue;
    bool err = line.compare(a + 1, b - a - 1, "stderr") == 0;
    bool partial = line.compare(b + 1, d - b - 1, "P") == 0;
    fmt::print(err ? stderr : stdout, "{}{}", line.substr(d + 1), partial ? "" : "\n");
  }
  return 0;
}

int wait_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("wait"), "Block on one or more containers", "[options] CONTAINER [CONTAINER...]");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().empty()) throw base::error("`warren wait` needs at least one container");
  auto store = containers(ctx);
  for (const auto& name : r->unmatched()) {
    auto c = store.get(name);
    runtime::ContainerState s;
    while ((s = store.live_state(store.get(c.config.id))).status == "running") {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    fmt::print("{}\n", s.exit_code);
  }
  return 0;
}

namespace {

// Signal the container and wait for its monitor to record the end.
bool stop_one(const runtime::ContainerStore& store, const runtime::Container& c, int timeout) {
  auto running = [&] {
    auto now = store.find(c.config.id);
    return now && store.live_state(*now).status == "running";
  };
  if (!running()) return true;
  ::kill(c.state.pid, SIGTERM);
  if (wait_until([&] { return !running(); }, std::chrono::seconds(timeout))) return true;
  ::kill(c.state.pid, SIGKILL);
  return wait_until([&] { return !running(); }, std::chrono::seconds(10));
}

}  // namespace

int stop_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("stop"), "Stop one or more containers", "[options] CONTAINER [CONTAINER...]");
  opts.add()("t,time", "Seconds to wait for stop before killing the container", cxxopts::value<int>()->default_value("10"), "int");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  if (r->unmatched().empty()) throw base::error("you must provide at least one container name or id");
  auto store = containers(ctx);
  for (const auto& name : r->unmatched()) {
    auto c = store.get(name);
    if (!stop_one(store, c, (*r)["time"].as<int>())) throw base::error("container {} did not stop", name);
    fmt::print("{}\n", name);
  }
  return 0;
}

int rm_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("rm"), "Remove one or more containers", "[options] CONTAINER [CONTAINER...]");
  opts.add()("f,force", "Force removal of a running or unusable container")("a,all", "Remove all containers");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  auto names = r->unmatched();
  if (r->count("all")) {
    for (const auto& c : store.list()) names.push_back(c.config.id);
  }
  if (names.empty()) throw base::error("you must provide at least one name or id");
  for (const auto& name : names) {
    auto c = store.get(name);
    if (store.live_state(c).status == "running") {
      if (!r->count("force") && !r->count("all")) {
        throw ExitError(2, fmt::format("cannot remove container {} as it is running - running or paused containers cannot "
                                       "be removed without force: container state improper", c.config.id));
      }
      if (!stop_one(store, c, 0)) throw base::error("container {} did not stop", name);
    }
    store.remove(c.config.id);
    fmt::print("{}\n", c.config.id);
  }
  return 0;
}

}  // namespace cli
