// SPDX-License-Identifier: GPL-2.0-or-later
// cli/run_process.cc: run and create's options for the container's
// processes and kernel settings: --stop-signal, --stop-timeout, --ulimit,
// --shm-size, --sysctl, --group-add, --umask, --init, --pidfile,
// --cidfile, --conmon-pidfile, the /etc/passwd options, --timeout,
// --personality, --sdnotify, --chrootdirs and --requires, checked with
// Podman's words before anything is made.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <tuple>

#include <fmt/format.h>

#include "base/error.h"
#include "base/go_number.h"
#include "cli/commands.h"
#include "launch/rlimits.h"
#include "monitor/journal.h"

namespace cli {

void add_process_options(Options& opts) {
  opts.add()
      ("stop-signal", "Signal to stop a container. Default is SIGTERM", cxxopts::value<std::string>(), "string")
      ("stop-timeout", "Timeout (in seconds) that containers stopped by user command have to exit. If exceeded, the container will be forcibly stopped via SIGKILL.",
       cxxopts::value<std::string>()->default_value("10"), "uint")
      ("ulimit", "Ulimit options", cxxopts::value<std::string>(), "stringArray")
      ("shm-size", "Size of /dev/shm (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))",
       cxxopts::value<std::string>()->default_value("65536k"), "<number>[<unit>]")
      ("sysctl", "Sysctl options", cxxopts::value<std::string>(), "strings")
      ("group-add", "Add additional groups to the primary container process. 'keep-groups' allows container processes to use supplementary groups.",
       cxxopts::value<std::string>(), "strings")
      ("umask", "Set umask in container", cxxopts::value<std::string>()->default_value("0022"), "string")
      ("init", "Run an init binary inside the container that forwards signals and reaps processes")
      ("pidfile", "Write the container process ID to the file", cxxopts::value<std::string>(), "string")
      ("cidfile", "Write the container ID to the file", cxxopts::value<std::string>(), "string")
      ("pid", "PID namespace to use", cxxopts::value<std::string>(), "string")
      ("ipc", "IPC namespace to use", cxxopts::value<std::string>(), "string")
      ("uts", "UTS namespace to use", cxxopts::value<std::string>(), "string")
      ("conmon-pidfile", "Path to the file that will receive the PID of conmon", cxxopts::value<std::string>(), "string")
      ("passwd-entry", "Entry to write to /etc/passwd", cxxopts::value<std::string>(), "string")
      ("hostuser", "Host user account to add to /etc/passwd within container", cxxopts::value<std::string>(), "strings")
      ("timeout", "Maximum length of time a container is allowed to run. The container will be killed automatically after the time expires.",
       cxxopts::value<std::string>()->default_value("0"), "uint")
      ("personality", "Configure execution domain using personality (e.g., LINUX/LINUX32)", cxxopts::value<std::string>(), "string")
      ("sdnotify", "control sd-notify behavior (\"container\"|\"conmon\"|\"ignore\")", cxxopts::value<std::string>()->default_value("container"), "string")
      ("chrootdirs", "Chroot directories inside the container", cxxopts::value<std::string>(), "strings")
      ("init-path", "Path to the container-init binary", cxxopts::value<std::string>(), "string")
      ("requires", "Add one or more requirement containers that must be started before this container will start",
       cxxopts::value<std::string>(), "strings");
}

namespace {

// Namespaced sysctls only, and not those of a namespace shared with the
// host (Podman's list).
void check_sysctl(const std::string& kv, const store::ContainerConfig& c) {
  auto eq = kv.find('=');
  if (eq == std::string::npos || eq == 0) throw base::error("{} is invalid, sysctl values must be in the form of KEY=VALUE", kv);
  std::string key = kv.substr(0, eq);
  if (key.find('/') != std::string::npos || key.find("..") != std::string::npos) throw base::error("sysctl '{}' is not allowed", key);
  static const char* kIpc[] = {"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
                               "kernel.shmmni", "kernel.shm_rmid_forced"};
  bool ipc = key.starts_with("fs.mqueue.") || std::find(std::begin(kIpc), std::end(kIpc), key) != std::end(kIpc);
  if (key.starts_with("net.")) {
    if (c.network.is_host()) throw base::error("sysctl {} can't be set since Network Namespace set to host: invalid argument", kv);
  } else if (key == "kernel.domainname" || key == "kernel.hostname") {
    if (c.uts_mode == "host") throw base::error("sysctl {} can't be set since UTS Namespace set to host: invalid argument", kv);
  } else if (!ipc) {
    throw base::error("sysctl '{}' is not allowed", key);
  } else if (c.ipc_mode == "host") {
    throw base::error("sysctl {} can't be set since IPC Namespace set to host: invalid argument", kv);
  }
}

// ns:PATH must name something, in Podman's words.
void check_namespace_path(const std::string& path, const char* flag) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return;
  std::string text = std::strerror(errno);
  text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  std::string kind = flag;
  for (auto& ch : kind) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  throw base::error("cannot find specified {} namespace path: stat {}: {}", kind, path, text);
}

// --pid, --ipc, --uts (and pod create's --pid, --uts, for its infra):
// host, container:ID (a container that exists), ns:PATH, private; for
// IPC also shareable and none.
void apply_namespace_options(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& c) {
  for (auto [flag, mode, joined] : {std::tuple{"pid", &c.pid_mode, &c.pid}, {"ipc", &c.ipc_mode, &c.ipc}, {"uts", &c.uts_mode, &c.uts}}) {
    if (!r.count(flag)) continue;
    std::string given = r[flag].as<std::string>();
    bool ipc = std::string(flag) == "ipc";
    if (given == "host") {
      *mode = "host";
    } else if (given.starts_with("container:") && given.size() > 10) {
      *joined = containers(ctx).get(given.substr(10)).config.id;
    } else if (given.starts_with("ns:") && given.size() > 3) {
      check_namespace_path(given.substr(3), flag);
      *mode = given;
    } else if (ipc && (given == "none" || given == "private")) {
      *mode = given;
    } else if (given != "private" && !(ipc && given == "shareable")) {
      throw base::error("unrecognized namespace mode {} passed", given);
    }
  }
}

// --passwd, --passwd-entry, --hostuser: what is added to the
// container's /etc/passwd and /etc/group when it starts.
void apply_user_file_options(const cxxopts::ParseResult& r, store::ContainerConfig& c) {
  c.passwd = r.count("passwd") ? r["passwd"].as<bool>() : true;  // run's only
  if (r.count("passwd-entry")) c.passwd_entry = r["passwd-entry"].as<std::string>();
  c.host_users = split_values(all_values(r, "hostuser"));
}

// --systemd: true (the mode for an init command), false or always. The
// mode stops it with SIGRTMIN+3 and gives it tmpfs on /run, /run/lock,
// /tmp and /var/log/journal (monitor/volumes.cc).
void apply_systemd_option(const cxxopts::ParseResult& r, store::ContainerConfig& c) {
  std::string mode = r["systemd"].as<std::string>();
  if (mode != "true" && mode != "false" && mode != "always") {
    throw base::error("invalid config provided: --systemd values must be one of \"true, false, always\": invalid configuration");
  }
  std::string first = c.command.empty() ? "" : c.command.front();
  bool init = first == "/sbin/init" || first == "/usr/sbin/init" || first == "/usr/local/sbin/init" ||
              first.substr(first.rfind('/') + 1) == "systemd";
  c.systemd = mode == "always" || (mode == "true" && init);
  if (!c.systemd) return;
  if (c.init && mode == "always") throw base::error("cannot use container-init binary with systemd=always");
  if (!r.count("stop-signal")) c.stop_signal = SIGRTMIN + 3;
}

}  // namespace

void apply_process_extras(Context& ctx, const cxxopts::ParseResult& r, store::ContainerConfig& c) {
  apply_namespace_options(ctx, r, c);
  if (r.count("stop-signal")) c.stop_signal = signal_number(r["stop-signal"].as<std::string>());
  c.stop_timeout = seconds_flag(r, "stop-timeout");
  c.ulimits = ctx.settings().conf.containers.default_ulimits;
  for (const auto& u : all_values(r, "ulimit")) {
    if (u == "host") continue;  // the caller's own limits: nothing to set
    auto parsed = launch::parse_ulimit(u);
    std::erase_if(c.ulimits, [&](const std::string& e) { return launch::parse_ulimit(e).resource == parsed.resource; });
    c.ulimits.push_back(u);
  }
  if (r.count("shm-size")) {  // else Podman's 65536000 bytes (64000k, whatever the help says)
    auto shm = base::go_ram_in_bytes(r["shm-size"].as<std::string>());
    if (!shm || *shm <= 0) throw base::error("unable to translate --shm-size: invalid size: '{}'", r["shm-size"].as<std::string>());
    c.shm_size = *shm;
  }
  for (const auto& kv : split_values(all_values(r, "sysctl"))) {
    check_sysctl(kv, c);
    c.sysctls.push_back(kv);
  }
  c.group_add = split_values(all_values(r, "group-add"));
  c.umask = r["umask"].as<std::string>();
  std::string why;
  auto mask = base::go_parse_uint(c.umask, 8, why, 32);
  if (c.umask.empty() || c.umask.size() > 4 || !mask || *mask > 0777) {
    throw base::error("running container create option: invalid umask string {}: invalid argument", c.umask);
  }
  c.init = r.count("init") > 0;
  if (r.count("init-path")) {
    c.init_path = r["init-path"].as<std::string>();
    struct stat st;
    if (::stat(c.init_path.c_str(), &st) < 0) {
      throw base::error("container-init binary not found on the host: stat {}: {}", c.init_path, go_errno(errno));
    }
  }
  if (r.count("pidfile")) c.pidfile = r["pidfile"].as<std::string>();
  if (r.count("conmon-pidfile")) c.conmon_pidfile = r["conmon-pidfile"].as<std::string>();
  apply_user_file_options(r, c);
  c.timeout = seconds_flag(r, "timeout");
  if (r.count("personality")) {
    c.personality = r["personality"].as<std::string>();
    if (c.personality != "LINUX" && c.personality != "LINUX32") {
      throw base::error("invalid personality \"{}\": must be LINUX or LINUX32", c.personality);
    }
  }
  c.sdnotify = r["sdnotify"].as<std::string>();
  if (c.sdnotify != "container" && c.sdnotify != "conmon" && c.sdnotify != "ignore") {
    throw base::error("invalid config provided: invalid argument: invalid sdnotify value \"{}\": must be container, conmon or ignore", c.sdnotify);
  }
  c.chroot_dirs = split_values(all_values(r, "chrootdirs"));
  apply_systemd_option(r, c);
  for (const auto& name : split_values(all_values(r, "requires"))) {
    auto other = containers(ctx).find(name);
    if (!other) {
      throw base::error("\"{}\" is not a valid container, cannot be used as a dependency: no container with name or ID \"{}\" found: "
                        "no such container", name, name);
    }
    c.required.push_back(other->config.id);
  }
  if (r.count("cidfile") && ::access(r["cidfile"].as<std::string>().c_str(), F_OK) == 0) {
    throw base::error("container id file exists. Ensure another container is not using it or delete {}", r["cidfile"].as<std::string>());
  }
}

void add_pod_process_options(Options& opts) {
  opts.add()
      ("pid", "PID namespace to use", cxxopts::value<std::string>(), "string")
      ("security-opt", "Security Options", cxxopts::value<std::string>(), "stringArray")
      ("uts", "UTS namespace to use", cxxopts::value<std::string>(), "string")
      ("shm-size", "Size of /dev/shm (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))",
       cxxopts::value<std::string>()->default_value("65536k"), "<number>[<unit>]")
      ("sysctl", "Sysctl options", cxxopts::value<std::string>(), "strings");
}

void apply_pod_process_options(Context& ctx, const cxxopts::ParseResult& r, store::PodConfig& pod, store::ContainerConfig& infra) {
  if (r.count("shm-size")) {
    auto shm = base::go_ram_in_bytes(r["shm-size"].as<std::string>());
    if (!shm || *shm <= 0) throw base::error("unable to translate --shm-size: invalid size: '{}'", r["shm-size"].as<std::string>());
    infra.shm_size = *shm;  // the infra owns the pod's IPC namespace and its /dev/shm
    pod.shm_size = *shm;
  }
  for (const auto& kv : split_values(all_values(r, "sysctl"))) {
    check_sysctl(kv, infra);
    pod.sysctls.push_back(kv);
  }
  apply_namespace_options(ctx, r, infra);  // the infra's PID and UTS namespaces, which members may share
  apply_pod_security_options(ctx, r, pod, infra);
}

void write_cidfile(const cxxopts::ParseResult& r, const std::string& id) {
  if (!r.count("cidfile")) return;
  std::string path = r["cidfile"].as<std::string>();
  base::UniqueFd fd{::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)};
  if (!fd) throw base::sys_error(errno, "opening cidfile {}", path);
  if (::write(fd.get(), id.data(), id.size()) != static_cast<ssize_t>(id.size())) throw base::sys_error(errno, "writing cidfile {}", path);
}

// --log-opt as Podman reads it: path=, max-size= (go-units' sizes, "10mb"),
// and keys for other drivers (tag=), kept by Podman and unused by
// k8s-file; containers.conf's log_size_max when no max-size is given.
void apply_log_options(const cxxopts::ParseResult& r, const config::ContainerDefaults& defaults,
                       store::ContainerConfig& c) {
  c.log_size_max = defaults.log_size_max;
  if (r.count("log-driver")) {
    c.log_driver = r["log-driver"].as<std::string>();
    if (c.log_driver == "journald" && !monitor::journal_available()) {
      throw base::error("running container create option: journald is not available (no journal listens at {}): use k8s-file or none",
                        monitor::kJournalSocket);
    }
    if (c.log_driver != "k8s-file" && c.log_driver != "none" && c.log_driver != "passthrough" && c.log_driver != "journald") {
      throw base::error("running container create option: invalid log driver: invalid argument");
    }
    if (c.log_driver == "passthrough" && r.count("detach")) throw base::error("passthrough logging driver is not supported in detached mode");
  }
  for (const auto& o : all_values(r, "log-opt")) {
    auto eq = o.find('=');
    if (eq == std::string::npos) throw base::error("invalid log option \"{}\"", o);
    std::string key = o.substr(0, eq), value = o.substr(eq + 1);
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (key == "path") {
      if (value.empty() || value[0] != '/') throw base::error("log path {} must be an absolute path", value);
      c.log_path = value;
    } else if (key == "max-size") {
      auto size = base::go_from_human_size(value);
      if (!size) throw base::error("invalid size: '{}'", value);
      c.log_size_max = *size;
    } else if (key == "tag") {
      c.log_tag = value;
    } else if (key != "driver" && value.empty()) {
      throw base::error("invalid log option: invalid argument");
    }
  }
}

}  // namespace cli
