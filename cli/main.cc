// SPDX-License-Identifier: GPL-2.0-or-later
// cli/main.cc: the warren binary. Splits global flags from the command,
// dispatches, and is the one place that prints an error and picks the exit
// code (125 for warren's own failures, as Podman).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>

#include <fmt/format.h>

#include "base/error.h"
#include "cli/commands.h"
#include "cli/version.h"

namespace cli {

namespace {

const std::vector<Command>& command_table() {
  static const std::vector<Command> table = {
      {"attach", "Attach to a running container", attach_main},
      {"commit", "Create new image based on the changed container", commit_main},
      {"cp", "Copy files/folders between a container and the local filesystem", cp_main},
      {"create", "Create but do not start a container", create_main},
      {"diff", "Display the changes to the object's file system", diff_main},
      {"images", "List images in local storage", images_main},
      {"import", "Import a tarball to create a filesystem image", import_main},
      {"info", "Display warren related system information", info_main},
      {"init", "Initialize one or more containers", init_main},
      {"inspect", "Display the configuration of object denoted by ID", inspect_main},
      {"kill", "Kill one or more running containers with a specific signal", kill_main},
      {"load", "Load image(s) from a tar archive", load_main},
      {"login", "Login to a container registry", login_main},
      {"logout", "Logout of a container registry", logout_main},
      {"logs", "Fetch the logs of one or more containers", logs_main},
      {"mount", "Mount a working container's root filesystem", mount_main},
      {"port", "List port mappings or a specific mapping for the container", port_main},
      {"ps", "List containers", ps_main},
      {"pull", "Pull an image from a registry", pull_main},
      {"push", "Push an image to a specified destination", push_main},
      {"rename", "Rename an existing container", rename_main},
      {"restart", "Restart one or more containers", restart_main},
      {"rm", "Remove one or more containers", rm_main},
      {"run", "Run a command in a new container", run_main},
      {"save", "Save image(s) to an archive", save_main},
      {"start", "Start one or more containers", start_main},
      {"events", "Show warren events", events_main},
      {"exec", "Run a process in a running container", exec_main},
      {"export", "Export container's filesystem contents as a tar archive", export_main},
      {"stop", "Stop one or more containers", stop_main},
      {"wait", "Block on one or more containers", wait_main},
      {"rmi", "Remove one or more images from local storage", rmi_main},
      {"tag", "Add an additional name to a local image", tag_main},
      {"stats", "Display a live stream of container resource usage statistics", stats_main},
      {"top", "Display the running processes of a container", top_main},
      {"pause", "Pause all the processes in one or more containers", pause_main},
      {"unpause", "Unpause the processes in one or more containers", unpause_main},
      {"untag", "Remove a name from a local image", untag_main},
      {"unmount", "Unmount working container's root filesystem", unmount_main},
      {"umount", "", unmount_main},  // an alias: not listed
      {"version", "Display the warren version information", version_main},
      // Groups: `warren GROUP SUBCOMMAND`, as Podman spells them.
      {"container attach", "Attach to a running container", attach_main},
      {"container cleanup", "Clean up network and mountpoints of one or more containers", container_cleanup_main},
      {"container commit", "Create new image based on the changed container", commit_main},
      {"container cp", "Copy files/folders between a container and the local filesystem", cp_main},
      {"container create", "Create but do not start a container", create_main},
      {"container diff", "Inspect changes to the container's file systems", diff_main},
      {"container exec", "Run a process in a running container", exec_main},
      {"container exists", "Check if a container exists in local storage", container_exists_main},
      {"container export", "Export container's filesystem contents as a tar archive", export_main},
      {"container init", "Initialize one or more containers", init_main},
      {"container inspect", "Display the configuration of a container", inspect_main},
      {"container kill", "Kill one or more running containers with a specific signal", kill_main},
      {"container list", "List containers", ps_main},
      {"container logs", "Fetch the logs of one or more containers", logs_main},
      {"container ls", "List containers", ps_main},
      {"container mount", "Mount a working container's root filesystem", mount_main},
      {"container port", "List port mappings or a specific mapping for the container", port_main},
      {"container prune", "Remove all non running containers", container_prune_main},
      {"container ps", "List containers", ps_main},
      {"container rename", "Rename an existing container", rename_main},
      {"container restart", "Restart one or more containers", restart_main},
      {"container rm", "Remove one or more containers", rm_main},
      {"container run", "Run a command in a new container", run_main},
      {"container start", "Start one or more containers", start_main},
      {"container stop", "Stop one or more containers", stop_main},
      {"container top", "Display the running processes of a container", top_main},
      {"container stats", "Display a live stream of container resource usage statistics", stats_main},
      {"container pause", "Pause all the processes in one or more containers", pause_main},
      {"container unpause", "Unpause the processes in one or more containers", unpause_main},
      {"container unmount", "Unmount working container's root filesystem", unmount_main},
      {"container umount", "", unmount_main},
      {"container wait", "Block on one or more containers", wait_main},
      {"image exists", "Check if an image exists in local storage", image_exists_main},
      {"system df", "Show warren disk usage", system_df_main},
      {"system events", "Show warren events", events_main},
      {"system info", "Display warren related system information", info_main},
      {"system prune", "Remove unused data", system_prune_main},
      {"system reset", "Reset warren storage", system_reset_main},
      {"image history", "Show history of a specified image", image_history_main},
      {"image import", "Import a tarball to create a filesystem image", import_main},
      {"image inspect", "Display the configuration of an image", inspect_main},
      {"image load", "Load image(s) from a tar archive", load_main},
      {"image ls", "List images in local storage", images_main},
      {"image list", "List images in local storage", images_main},
      {"image prune", "Remove unused images", image_prune_main},
      {"image pull", "Pull an image from a registry", pull_main},
      {"image push", "Push an image to a specified destination", push_main},
      {"image rm", "Remove one or more images from local storage", rmi_main},
      {"image save", "Save image(s) to an archive", save_main},
      {"image tag", "Add an additional name to a local image", tag_main},
      {"image untag", "Remove a name from a local image", untag_main},
      {"network connect", "Add container to a network", network_connect_main},
      {"network create", "Create networks for containers and pods", network_create_main},
      {"network disconnect", "Disconnect a container from a network", network_disconnect_main},
      {"network doctor", "Walk the path a packet takes on a network, and say what blocks it", network_doctor_main},
      {"network exists", "network exists", network_exists_main},
      {"network inspect", "Displays the network configuration for one or more networks", network_inspect_main},
      {"network ls", "List networks", network_ls_main},
      {"network list", "List networks", network_ls_main},
      {"network prune", "Prune unused networks", network_prune_main},
      {"network reload", "Reload firewall rules for one or more containers", network_reload_main},
      {"network rm", "Remove networks", network_rm_main},
      {"network remove", "Remove networks", network_rm_main},
      {"network update", "Update an existing podman network", network_update_main},
      {"healthcheck run", "Run the health check of a container", healthcheck_run_main},
      {"secret create", "Create a new secret", secret_create_main},
      {"secret inspect", "Inspect a secret", secret_inspect_main},
      {"secret ls", "List secrets", secret_ls_main},
      {"secret list", "List secrets", secret_ls_main},
      {"secret rm", "Remove one or more secrets", secret_rm_main},
      {"pod create", "Create a new empty pod", pod_create_main},
      {"pod exists", "Check if a pod exists in local storage", pod_exists_main},
      {"pod inspect", "Displays a pod configuration", pod_inspect_main},
      {"pod kill", "Send the specified signal or SIGKILL to containers in pod", pod_kill_main},
      {"pod logs", "Fetch logs for pod with one or more containers", pod_logs_main},
      {"pod ls", "List pods", pod_ps_main},
      {"pod list", "List pods", pod_ps_main},
      {"pod prune", "Remove all stopped pods and their containers", pod_prune_main},
      {"pod ps", "List pods", pod_ps_main},
      {"pod restart", "Restart one or more pods", pod_restart_main},
      {"pod rm", "Remove one or more pods", pod_rm_main},
      {"pod start", "Start one or more pods", pod_start_main},
      {"pod stop", "Stop one or more pods", pod_stop_main},
      {"pod top", "Display the running processes of containers in a pod", pod_top_main},
      {"pod stats", "Display a live stream of resource usage statistics for the containers in one or more pods", pod_stats_main},
      {"pod pause", "Pause one or more pods", pod_pause_main},
      {"pod unpause", "Unpause one or more pods", pod_unpause_main},
      {"volume create", "Create a new volume", volume_create_main},
      {"volume exists", "Check if volume exists", volume_exists_main},
      {"volume export", "Export volumes", volume_export_main},
      {"volume import", "Import a tarball contents into a volume", volume_import_main},
      {"volume inspect", "Display detailed information on one or more volumes", volume_inspect_main},
      {"volume ls", "List volumes", volume_ls_main},
      {"volume list", "List volumes", volume_ls_main},
      {"volume prune", "Remove all unused volumes", volume_prune_main},
      {"volume rm", "Remove one or more volumes", volume_rm_main},
      {"volume remove", "Remove one or more volumes", volume_rm_main},
  };
  return table;
}

const std::vector<std::pair<std::string, std::string>>& groups() {
  static const std::vector<std::pair<std::string, std::string>> g = {
      {"container", "Manage containers"}, {"healthcheck", "Manage health checks on containers"}, {"image", "Manage images"}, {"network", "Manage networks"},
      {"pod", "Manage pods"}, {"secret", "Manage secrets"}, {"system", "Manage warren"}, {"volume", "Manage volumes"}};
  return g;
}

bool is_group(const std::string& name) {
  for (const auto& [g, summary] : groups()) {
    if (g == name) return true;
  }
  return false;
}

std::string group_usage(const std::string& group) {
  std::string summary;
  for (const auto& [g, s] : groups()) {
    if (g == group) summary = s;
  }
  std::string out = fmt::format("{}\n\nUsage:\n  warren {} [command]\n\nAvailable Commands:\n", summary, group);
  for (const auto& c : command_table()) {
    if (c.name.starts_with(group + " ") && !c.summary.empty()) out += fmt::format("  {:<12}{}\n", c.name.substr(group.size() + 1), c.summary);
  }
  return out;
}

Options top_level() {
  Options opts("", "Manage pods, containers, images and networks", "[options] [command]");
  opts.add()("v,version", "Version of warren");
  return opts;
}

std::string usage() {
  std::string s = top_level().help(true);
  std::string commands = "\nAvailable Commands:\n";
  std::vector<std::pair<std::string, std::string>> listed;
  for (const auto& c : command_table()) {
    if (c.name.find(' ') == std::string::npos && !c.summary.empty()) listed.emplace_back(c.name, c.summary);
  }
  for (const auto& g : groups()) listed.push_back(g);
  std::sort(listed.begin(), listed.end());
  for (const auto& [name, summary] : listed) commands += fmt::format("  {:<12}{}\n", name, summary);
  // Cobra lists the commands between the usage line and the flags.
  return s.insert(s.find("\nOptions:"), commands);
}

// Global flags come before the command name; returns the command's index,
// or nullopt when --help or --version was handled.
std::optional<size_t> split_globals(Context& ctx, const Args& args) {
  size_t i = 0;
  while (i < args.size() && !args[i].empty() && args[i][0] == '-') {
    if (global_flag_takes_value(args[i])) ++i;
    ++i;
  }
  i = std::min(i, args.size());
  for (size_t k = 0; k < i; ++k) {
    if (args[k] == "-h" || args[k] == "--help") {
      fmt::print("{}", usage());
      return std::nullopt;
    }
  }
  Options opts = top_level();
  auto r = parse(ctx, opts, Args(args.begin(), args.begin() + static_cast<long>(i)));
  if (!r) return std::nullopt;  // --help, printed
  if (r->count("version")) {
    fmt::print("warren version {}\n", kVersion);
    return std::nullopt;
  }
  return i;
}

int run(const Args& args) {
  Context ctx(config::Environment::of_process());
  ctx.argv.push_back("warren");
  ctx.argv.insert(ctx.argv.end(), args.begin(), args.end());
  auto split = split_globals(ctx, args);
  if (!split) return 0;
  size_t at = *split;
  if (at >= args.size()) throw base::error("missing command 'warren COMMAND'");
  const std::string& name = args[at];
  if (name == "help") {
    fmt::print("{}", usage());
    return 0;
  }
  if (is_group(name)) {
    if (at + 1 >= args.size()) throw base::error("missing command 'warren {} COMMAND'", name);
    if (args[at + 1] == "--help" || args[at + 1] == "-h") {
      fmt::print("{}", group_usage(name));
      return 0;
    }
    std::string sub = name + " " + args[at + 1];
    for (const auto& c : command_table()) {
      if (c.name == sub) {
        ctx.invoked = sub;
        return c.run(ctx, Args(args.begin() + static_cast<long>(at) + 2, args.end()));
      }
    }
    throw base::error("unrecognized command `warren {}`", sub);
  }
  for (const auto& c : command_table()) {
    if (c.name == name) return c.run(ctx, Args(args.begin() + static_cast<long>(at) + 1, args.end()));
  }
  throw base::error("unrecognized command `warren {}`", name);
}

}  // namespace

}  // namespace cli

int main(int argc, char** argv) {
  cli::Args args(argv + 1, argv + argc);
  try {
    int code = cli::run(args);
    std::fflush(stdout);
    return code;
  } catch (const cli::ExitError& e) {
    std::fflush(stdout);
    for (const auto& m : e.earlier()) fmt::print(stderr, "Error: {}\n", m);
    fmt::print(stderr, "Error: {}\n", e.what());
    return e.code();
  } catch (const base::Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "Error: {}\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "Error: {}\n", e.what());
    return cli::kExitError;
  }
}
