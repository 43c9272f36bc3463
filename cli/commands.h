// SPDX-License-Identifier: GPL-2.0-or-later
// cli/commands.h: the entry point of every command, for main's table.
#pragma once

#include "cli/command.h"
#include "cli/output.h"
#include "store/container_store.h"
#include "image/image_config.h"
#include "netconf/network_store.h"
#include "store/pod_store.h"
#include "config/settings.h"
#include "runtime/containers.h"

namespace cli {

int version_main(Context& ctx, const Args& args);
int info_main(Context& ctx, const Args& args);
int import_main(Context& ctx, const Args& args);
int load_main(Context& ctx, const Args& args);
int images_main(Context& ctx, const Args& args);
int tag_main(Context& ctx, const Args& args);
int rmi_main(Context& ctx, const Args& args);
int inspect_main(Context& ctx, const Args& args);
int system_df_main(Context& ctx, const Args& args);
int system_prune_main(Context& ctx, const Args& args);
int system_reset_main(Context& ctx, const Args& args);

// What a prune removed: a name or id, and the bytes it gave back (when known).
struct Pruned {
  std::string name;
  uint64_t size = 0;
};
class PsFilter;
std::vector<Pruned> prune_containers(Context& ctx, const PsFilter& filter);
std::vector<Pruned> prune_pods(Context& ctx);
std::vector<Pruned> prune_networks(Context& ctx, const std::vector<std::string>& labels);
std::vector<Pruned> prune_volumes(Context& ctx, const std::vector<std::string>& filters);
std::vector<Pruned> prune_images(Context& ctx, bool all);
// For inspect: an object's inspect value, or nullopt when there is none of
// that name.
std::optional<Value> image_inspect_value(Context& ctx, const std::string& name);
std::optional<Value> network_inspect_value(Context& ctx, const std::string& name);
std::optional<Value> pod_inspect_value(Context& ctx, const std::string& name);
std::optional<Value> volume_inspect_value(Context& ctx, const std::string& name);
int run_main(Context& ctx, const Args& args);
int ps_main(Context& ctx, const Args& args);
int logs_main(Context& ctx, const Args& args);
int wait_main(Context& ctx, const Args& args);
int stop_main(Context& ctx, const Args& args);
int rm_main(Context& ctx, const Args& args);
int kill_main(Context& ctx, const Args& args);
int restart_main(Context& ctx, const Args& args);
int init_main(Context& ctx, const Args& args);
int rename_main(Context& ctx, const Args& args);
int mount_main(Context& ctx, const Args& args);    // cli/mount.cc
int unmount_main(Context& ctx, const Args& args);
int top_main(Context& ctx, const Args& args);
int stats_main(Context& ctx, const Args& args);
int pause_main(Context& ctx, const Args& args);
int unpause_main(Context& ctx, const Args& args);
int diff_main(Context& ctx, const Args& args);
int cp_main(Context& ctx, const Args& args);
int attach_main(Context& ctx, const Args& args);
int events_main(Context& ctx, const Args& args);
int container_exists_main(Context& ctx, const Args& args);
int container_cleanup_main(Context& ctx, const Args& args);
int container_prune_main(Context& ctx, const Args& args);
int create_main(Context& ctx, const Args& args);
int start_main(Context& ctx, const Args& args);
int exec_main(Context& ctx, const Args& args);
int port_main(Context& ctx, const Args& args);
int network_create_main(Context& ctx, const Args& args);
int network_ls_main(Context& ctx, const Args& args);
int network_inspect_main(Context& ctx, const Args& args);
int network_exists_main(Context& ctx, const Args& args);
int network_rm_main(Context& ctx, const Args& args);
int network_prune_main(Context& ctx, const Args& args);
int network_connect_main(Context& ctx, const Args& args);
int network_disconnect_main(Context& ctx, const Args& args);
int network_reload_main(Context& ctx, const Args& args);
int network_doctor_main(Context& ctx, const Args& args);
int network_update_main(Context& ctx, const Args& args);
int pod_create_main(Context& ctx, const Args& args);
int pod_ps_main(Context& ctx, const Args& args);
int pod_inspect_main(Context& ctx, const Args& args);
int pod_exists_main(Context& ctx, const Args& args);
int pod_start_main(Context& ctx, const Args& args);
int pod_stop_main(Context& ctx, const Args& args);
int pod_restart_main(Context& ctx, const Args& args);
int pod_kill_main(Context& ctx, const Args& args);
int pod_rm_main(Context& ctx, const Args& args);
int pod_prune_main(Context& ctx, const Args& args);
int pod_logs_main(Context& ctx, const Args& args);
int pod_top_main(Context& ctx, const Args& args);
int pod_stats_main(Context& ctx, const Args& args);
int pod_pause_main(Context& ctx, const Args& args);
int pod_unpause_main(Context& ctx, const Args& args);
int volume_create_main(Context& ctx, const Args& args);
int volume_ls_main(Context& ctx, const Args& args);
int volume_inspect_main(Context& ctx, const Args& args);
int volume_exists_main(Context& ctx, const Args& args);
int volume_rm_main(Context& ctx, const Args& args);
int volume_prune_main(Context& ctx, const Args& args);
int volume_export_main(Context& ctx, const Args& args);
int volume_import_main(Context& ctx, const Args& args);
int pull_main(Context& ctx, const Args& args);
int push_main(Context& ctx, const Args& args);
int image_exists_main(Context& ctx, const Args& args);
int untag_main(Context& ctx, const Args& args);
int save_main(Context& ctx, const Args& args);
int commit_main(Context& ctx, const Args& args);
int export_main(Context& ctx, const Args& args);
int image_history_main(Context& ctx, const Args& args);
int image_prune_main(Context& ctx, const Args& args);
int login_main(Context& ctx, const Args& args);
int logout_main(Context& ctx, const Args& args);

// Key-value pairs (labels, options) as a JSON object, in their order.
Value labels_value(const std::vector<std::pair<std::string, std::string>>& labels);

// inspect's Mounts, and HostConfig's Binds, Tmpfs and ReadonlyRootfs.
Value mounts_value(Context& ctx, const store::ContainerConfig& c);
void add_mount_host_config(const store::ContainerConfig& c, Value& host);

// Options up to the first operand (the image for run, the container for
// exec); `with_value` lists the options that take a value. The operand and
// what follows go to `rest`.
Args up_to_image(const Args& args, const std::vector<std::string>& with_value, Args& rest);

// The same, the options with a value taken from `opts` itself.
Args up_to_operand(Options& opts, const Args& args, Args& rest);

// `env` with `set` and then the -e values `given` put in (a later key
// replaces an earlier one; -e KEY takes warren's own value, if any).
// Throws on an -e value with no name.
std::vector<std::string> with_env(std::vector<std::string> env, const std::vector<std::string>& set,
                                  const std::vector<std::string>& given = {});

// run and create's environment (cli/run_env.cc): -e, --env-file,
// --env-host, --env-merge, --http-proxy, --unsetenv(-all), over the
// defaults and the image's.
void add_env_options(Options& opts);
std::vector<std::string> environment(const image::ImageConfig& img, const cxxopts::ParseResult& r, const std::string& hostname);
// A word with $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alternative}
// taken from `env` (KEY=VALUE); a backslash keeps the next character.
std::string expand_env_word(const std::string& word, const std::vector<std::string>& env);

// Starts it through runtime::start_container, with the rootless warning
// and the exit code of its failure as Podman gives them; nullopt when it
// was running already.
std::optional<pid_t> start_container(Context& ctx, const store::ContainerStore& store, const store::Container& c,
                                     const runtime::StartRequest& req);
// "TERM", "SIGTERM", "15": the signal's number, or an error.
int signal_number(const std::string& name);

// The pod store of this invocation's --root.
store::PodStore pods(Context& ctx);
// run and create's --pod NAME|ID|new:NAME: the member joins the pod; a new
// pod gets the run's network and /etc options. Returns the pod it made.
std::optional<store::PodConfig> apply_pod_option(Context& ctx, const cxxopts::ParseResult& r, const std::string& given,
                                                 store::ContainerConfig& c);

// The network store: the config dir from --network-config-dir, else
// containers.conf, else the default; the settings from containers.conf.
netconf::NetworkStore networks(Context& ctx);

// run and create's network options, and what they make of a container's config.
// -P and --expose only where there is an image (not for pod create).
void add_network_options(Options& opts, bool publish_all = true);
void apply_network_options(Context& ctx, const cxxopts::ParseResult& r, const image::ImageConfig& img,
                           store::ContainerConfig& c);

// run and create's -v, --mount, --tmpfs, --volumes-from, --read-only and
// --image-volume, with the image's VOLUMEs; volumes are made here, and the
// anonymous ones made are added to `made`.
void add_volume_options(Options& opts);
// run and create's health check options (cli/healthcheck.cc), the
// image's check under them; `healthcheck run`.
void add_health_options(Options& opts);
void apply_health_options(const cxxopts::ParseResult& r, const store::HealthConfig& image, store::ContainerConfig& c);
int healthcheck_run_main(Context& ctx, const Args& args);
// The secret group and run's --secret (cli/secret.cc).
int secret_create_main(Context& ctx, const Args& args);
int secret_ls_main(Context& ctx, const Args& args);
int secret_inspect_main(Context& ctx, const Args& args);
int secret_rm_main(Context& ctx, const Args& args);
void apply_secret_options(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& c);
// run and create's process and kernel options (cli/run_process.cc);
// --cidfile is written once the container exists.
void add_process_options(Options& opts);
void apply_process_extras(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& c);
// --log-driver and --log-opt (cli/run_process.cc).
void apply_log_options(const cxxopts::ParseResult& r, const config::ContainerDefaults& defaults, store::ContainerConfig& c);
void write_cidfile(const cxxopts::ParseResult& r, const std::string& id);
// pod create's --shm-size (the infra's /dev/shm, its members'), --sysctl
// (every member's), --pid and --uts (the infra's namespaces) and
// --security-opt (the infra's, as Podman 4.3 applies them).
void add_pod_process_options(Options& opts);
void apply_pod_process_options(Context& ctx, const cxxopts::ParseResult& r, store::PodConfig& pod, store::ContainerConfig& infra);
void apply_pod_security_options(Context& ctx, const cxxopts::ParseResult& r, store::PodConfig& pod, store::ContainerConfig& infra);
// What run takes for its session (cli/run_attach.cc): -a (create's
// too), --passwd, --sig-proxy, --detach-keys, --preserve-fds, --rmi;
// checked before anything is made.
struct RunSession {
  std::string streams;      // the outputs the terminal shows: "" all, else "none[,stdout][,stderr]"
  bool sig_proxy = true;
  std::string detach_keys;  // as given
  int preserve_fds = 0;
  bool rmi = false;
  std::string image;        // as given, for --rmi
};
void add_run_attach_options(Options& opts, bool run);
// --preserve-fds N (run's and exec's): N, once fds 3 .. 3+N-1 are open.
int preserved_fds(const cxxopts::ParseResult& r);
RunSession run_session_options(const cxxopts::ParseResult& r, bool run);
// --rmi: the image goes once its container has, unless another container
// uses it (then Podman's error, as a log line: run still succeeds).
void remove_run_image(Context& ctx, const std::string& image);
// run and create's --userns, --uidmap, --gidmap (cli/run_userns.cc),
// after --user.
void add_userns_options(Options& opts);
// --userns auto's allocation holds a lock, to be kept until the record is
// written.
std::optional<base::FileLock> apply_userns_options(Context& ctx, const cxxopts::ParseResult& r, const std::string& image_root,
                                                   store::ContainerConfig& c);
// pod create's, for the infra (root's: a user namespace of the pod's own,
// which its members join).
std::optional<base::FileLock> apply_pod_userns(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& infra);
// Refuses a user namespace of its own on a regular user's bridge networks.
void check_userns_network(Context& ctx, const store::ContainerConfig& c);
// run and create's --security-opt (cli/run_security.cc), after the
// privileges and capabilities are known.
void apply_security_options(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& c);
// run and create's cgroup options (cli/run_resources.cc).
void add_resource_options(Options& opts);
void apply_resource_options(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& c);
// pod create's: the limits of the pod's cgroup, --cgroup-parent, --share-parent.
void add_pod_resource_options(Options& opts);
void apply_pod_resource_options(Context& ctx, const cxxopts::ParseResult& r, store::PodConfig& pod);
void apply_volume_options(Context& ctx, const cxxopts::ParseResult& r, const image::ImageConfig& img, store::ContainerConfig& c,
                          std::vector<std::string>& made);
// A pod member gets the mounts pod create's -v gave the pod (its infra's),
// but where it mounts something itself.
void add_pod_mounts(Context& ctx, const store::PodConfig& pod, store::ContainerConfig& c);
// Volumes gone, under the volumes' lock (anonymous ones of a container).
void remove_volumes(Context& ctx, const std::vector<std::string>& names);

// --add-host, --no-hosts and --dns*, with containers.conf's defaults.
void apply_etc_options(const cxxopts::ParseResult& r, const config::ContainerDefaults& defaults, store::ContainerConfig& c);

// A "strings" option's values as Podman reads them: repeated, or comma-separated.
std::vector<std::string> split_values(const std::vector<std::string>& given);

// An event in the log `events` reads (store/events.h): an image's,
// volume's or network's, by name (and id).
void record_event(Context& ctx, const std::string& type, const std::string& status, const std::string& name,
                  const std::string& id = "");

// The container store of this invocation's --root and --runroot.
store::ContainerStore containers(Context& ctx);

// The containers a command was given, or with --latest (-l) the newest;
// `none` is the error when there are neither.
std::vector<std::string> named_or_latest(const cxxopts::ParseResult& r, const store::ContainerStore& store,
                                         const std::string& none);

// Published ports as inspect (PortBindings, Ports) and ps (PORTS) show
// them; a container's NetworkSettings.
Value port_bindings(const std::vector<store::PublishedPort>& ports, const std::vector<std::string>& exposed = {});
std::string ports_text(const std::vector<store::PublishedPort>& ports);
Value network_settings(const store::ContainerStore& store, const store::Container& c, const store::ContainerState& s);

// A container as `inspect` shows it, in Podman's field names.
Value container_value(Context& ctx, const store::ContainerStore& store, const store::Container& c);

}  // namespace cli
