// SPDX-License-Identifier: GPL-2.0-or-later
// store/container_json.cc: rapidjson both ways.
#include "store/container_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fmt/format.h>

#include "base/error.h"
#include "base/json.h"
#include "store/resources_json.h"

namespace store {

namespace {

template <typename W>
void strings(W& w, const char* key, const std::vector<std::string>& v) {
  w.Key(key);
  w.StartArray();
  for (const auto& s : v) w.String(s.c_str());
  w.EndArray();
}

// An object of strings (labels, annotations), in its order.
template <typename W>
void pairs(W& w, const char* key, const std::vector<std::pair<std::string, std::string>>& v) {
  w.Key(key);
  w.StartObject();
  for (const auto& [k, val] : v) {
    w.Key(k.c_str());
    w.String(val.c_str());
  }
  w.EndObject();
}

// What a listing (ps) reads, first in a record, and ended by kListed's
// member: parse_listing stops there.
template <typename W>
void listing_fields(W& w, const ContainerConfig& c) {
  for (auto [k, v] : {std::pair{"id", &c.id}, {"name", &c.name}, {"image_id", &c.image_id}, {"image_name", &c.image_name},
                      {"created", &c.created}, {"pod", &c.pod}, {"restart_policy", &c.restart_policy}}) {
    w.Key(k);
    w.String(v->c_str());
  }
  w.Key("infra");
  w.Bool(c.infra);
  w.Key("networks");
  w.StartArray();
  for (const auto& n : c.networks) {
    w.StartObject();
    for (auto [k, v] : {std::pair{"name", &n.name}, {"ip", &n.ip}, {"ip6", &n.ip6}, {"mac", &n.mac}, {"interface", &n.interface}}) {
      w.Key(k);
      w.String(v->c_str());
    }
    strings(w, "aliases", n.aliases);
    w.EndObject();
  }
  w.EndArray();
  w.Key("ports");
  w.StartArray();
  for (const auto& p : c.ports) {
    w.StartObject();
    w.Key("host_ip");
    w.String(p.host_ip.c_str());
    w.Key("protocol");
    w.String(p.protocol.c_str());
    for (auto [k, v] : {std::pair{"host_port", p.host_port}, {"container_port", p.container_port}, {"range", p.range}}) {
      w.Key(k);
      w.Uint(v);
    }
    w.EndObject();
  }
  w.EndArray();
  strings(w, "command", c.command);
  pairs(w, "labels", c.labels);
  w.Key("mounts");
  w.StartArray();
  for (const auto& m : c.mounts) {
    w.StartObject();
    for (auto [k, v] : {std::pair{"type", &m.type}, {"source", &m.source}, {"destination", &m.destination}}) {
      w.Key(k);
      w.String(v->c_str(), static_cast<rapidjson::SizeType>(v->size()));
    }
    strings(w, "options", m.options);
    for (auto [k, v] : {std::pair{"anonymous", m.anonymous}, {"copy_up", m.copy_up}, {"chown", m.chown}, {"overlay", m.overlay}}) {
      w.Key(k);
      w.Bool(v);
    }
    w.EndObject();
  }
  w.EndArray();
  if (c.health.defined()) {
    w.Key("health");
    std::string health = health_config_json(c.health);
    w.RawValue(health.c_str(), health.size(), rapidjson::kObjectType);
  }
  w.Key(kListed);
  w.Bool(true);
}

}  // namespace

std::string config_json(const ContainerConfig& c) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  listing_fields(w, c);
  // The joined namespaces as the mode's text ("container:ID"), as records
  // have always had them.
  std::string network = c.network.str();
  std::string uts = c.uts.empty() ? "" : "container:" + c.uts, ipc = c.ipc.empty() ? "" : "container:" + c.ipc;
  for (auto [k, v] : {std::pair{"workdir", &c.workdir}, {"hostname", &c.hostname}, {"network", &network}, {"user", &c.user},
                      {"uts", &uts}, {"ipc", &ipc}}) {
    w.Key(k);
    w.String(v->c_str());
  }
  for (auto [k, v] : {std::pair{"entrypoint", &c.entrypoint}, {"cmd", &c.cmd}, {"env", &c.env}, {"add_hosts", &c.add_hosts},
                      {"exposed", &c.exposed}, {"dns", &c.dns}, {"dns_search", &c.dns_search}, {"dns_options", &c.dns_options},
                      {"cap_add", &c.cap_add}, {"cap_drop", &c.cap_drop}, {"create_command", &c.create_command}}) {
    strings(w, k, *v);
  }
  w.Key("log_size_max");
  w.Int64(c.log_size_max);
  w.Key("log_path");
  w.String(c.log_path.c_str());
  w.Key("log_tag");
  w.String(c.log_tag.c_str());
  w.Key("log_driver");
  w.String(c.log_driver.c_str());
  w.Key("seccomp_profile");
  w.String(c.seccomp_profile.c_str());
  w.Key("resources");
  std::string resources = resources_json(c.resources);
  w.RawValue(resources.c_str(), resources.size(), rapidjson::kObjectType);
  for (auto [k, v] : {std::pair{"cgroups", &c.cgroups}, {"cgroup_parent", &c.cgroup_parent}, {"cgroupns", &c.cgroupns},
                      {"cgroup_own", &c.cgroup_own}}) {
    w.Key(k);
    w.String(v->c_str());
  }
  strings(w, "device_cgroup_rules", c.device_cgroup_rules);
  w.Key("restart_retries");
  w.Int(c.restart_retries);
  for (auto [k, v] : {std::pair{"devices", &c.devices}, {"ulimits", &c.ulimits}, {"masked_paths", &c.masked_paths},
                      {"unmasked_paths", &c.unmasked_paths}, {"security_labels", &c.security_labels}}) {
    strings(w, k, *v);
  }
  w.Key("proc_opts");
  w.String(c.proc_opts.c_str());
  for (auto [k, v] : {std::pair{"pid", &c.pid}, {"pid_mode", &c.pid_mode}, {"ipc_mode", &c.ipc_mode}, {"uts_mode", &c.uts_mode}}) {
    w.Key(k);
    w.String(v->c_str());
  }
  for (auto [k, v] : {std::pair{"sysctls", &c.sysctls}, {"group_add", &c.group_add}, {"host_users", &c.host_users},
                      {"chroot_dirs", &c.chroot_dirs}, {"requires", &c.required}, {"uid_map", &c.uid_map}, {"gid_map", &c.gid_map}}) {
    strings(w, k, *v);
  }
  w.Key("secrets");
  w.StartArray();
  for (const auto& u : c.secrets) {
    w.StartObject();
    for (auto [k, v] : {std::pair{"id", &u.id}, {"name", &u.name}, {"type", &u.type}, {"target", &u.target}}) {
      w.Key(k);
      w.String(v->c_str());
    }
    for (auto [k, v] : {std::pair{"uid", u.uid}, {"gid", u.gid}, {"mode", u.mode}}) {
      w.Key(k);
      w.Int(v);
    }
    w.EndObject();
  }
  w.EndArray();
  pairs(w, "annotations", c.annotations);
  for (auto [k, v] : {std::pair{"umask", &c.umask}, {"pidfile", &c.pidfile}, {"timezone", &c.timezone},
                      {"conmon_pidfile", &c.conmon_pidfile}, {"passwd_entry", &c.passwd_entry}, {"personality", &c.personality},
                      {"sdnotify", &c.sdnotify}, {"init_path", &c.init_path},
                      {"userns", &c.userns}, {"init_ctr", &c.init_ctr}, {"rootfs", &c.rootfs},
                      {"storage_driver", &c.storage_driver}}) {
    w.Key(k);
    w.String(v->c_str());
  }
  for (auto [k, v] : {std::pair{"stop_signal", c.stop_signal}, {"stop_timeout", c.stop_timeout}}) {
    w.Key(k);
    w.Int(v);
  }
  w.Key("shm_size");
  w.Int64(c.shm_size);
  w.Key("timeout");
  w.Int64(c.timeout);
  w.Key("init");
  w.Bool(c.init);
  for (auto [k, v] : {std::pair{"remove", c.remove}, {"create_workdir", c.create_workdir}, {"privileged", c.privileged}, {"no_new_privs", c.no_new_privs},
                      {"tty", c.tty}, {"interactive", c.interactive}, {"no_hosts", c.no_hosts},
                      {"read_only", c.read_only}, {"read_only_tmpfs", c.read_only_tmpfs}, {"passwd", c.passwd},
                      {"systemd", c.systemd}, {"rootfs_overlay", c.rootfs_overlay}}) {
    w.Key(k);
    w.Bool(v);
  }
  w.EndObject();
  return buf.GetString();
}

namespace {

constexpr const char* kWhat = "container config";

// The fields a listing reads (listing_fields), from a record's object.
void read_listing_fields(const base::json::Value& d, ContainerConfig& c) {
  namespace json = base::json;
  const char* what = kWhat;
  auto str = [&](const json::Value& o, const char* key) { return json::string_or(o, key, what); };
  c.id = str(d, "id");
  c.name = str(d, "name");
  c.image_id = str(d, "image_id");
  c.image_name = str(d, "image_name");
  c.created = str(d, "created");
  c.pod = str(d, "pod");
  c.restart_policy = str(d, "restart_policy");
  c.infra = json::boolean(d, "infra", false, what);
  if (const json::Value* networks = json::opt_array(d, "networks", what)) {
    for (const auto& n : networks->GetArray()) {
      json::object(n, "a container config's network");
      c.networks.push_back({str(n, "name"), str(n, "ip"), str(n, "ip6"), str(n, "mac"), json::strings(n, "aliases", what),
                            str(n, "interface")});
    }
  }
  if (const json::Value* ports = json::opt_array(d, "ports", what)) {
    for (const auto& p : ports->GetArray()) {
      json::object(p, "a container config's port");
      auto num = [&](const char* k) { return static_cast<uint16_t>(json::opt_int_in(p, k, 0, 65535, what).value_or(0)); };
      c.ports.push_back({str(p, "host_ip"), num("host_port"), num("container_port"), str(p, "protocol"), num("range")});
    }
  }
  c.command = json::strings(d, "command", what);
  c.labels = json::string_pairs(d, "labels", what);
  if (const json::Value* mounts = json::opt_array(d, "mounts", what)) {
    for (const auto& m : mounts->GetArray()) {
      const char* in = "a container config's mount";
      json::object(m, in);
      Mount mount{json::string(m, "type", in), str(m, "source"), json::string(m, "destination", in), json::strings(m, "options", in),
                  json::boolean(m, "anonymous", false, in), json::boolean(m, "copy_up", true, in), json::boolean(m, "chown", false, in),
                  json::boolean(m, "overlay", false, in)};
      if (mount.type != "bind" && mount.type != "volume" && mount.type != "tmpfs" && mount.type != "devpts" && mount.type != "image") throw base::error("{}: unknown type \"{}\"", in, mount.type);
      if (mount.destination.empty() || mount.destination[0] != '/') throw base::error("{}: \"{}\" is not an absolute path", in, mount.destination);
      if (mount.type == "volume" && !valid_volume_name(mount.source)) throw base::error("{}: \"{}\" is not a volume name", in, mount.source);
      c.mounts.push_back(std::move(mount));
    }
  }
  if (d.HasMember("health")) c.health = parse_health_config(d["health"]);
}

}  // namespace

void parse_listing(const std::string& text, ContainerConfig& c) {
  base::json::Document d = base::json::parse_until(text, kListed, kWhat);
  base::json::object(d, kWhat);
  read_listing_fields(d, c);
}

ContainerConfig parse_listing(const std::string& text) {
  ContainerConfig c;
  parse_listing(text, c);
  return c;
}

void parse_config(const std::string& text, ContainerConfig& c) {
  namespace json = base::json;
  const char* what = kWhat;
  json::Document d = json::parse(text, what);
  json::object(d, what);
  auto str = [&](const json::Value& o, const char* key) { return json::string_or(o, key, what); };
  auto flag = [&](const char* key, bool fallback) { return json::boolean(d, key, fallback, what); };
  read_listing_fields(d, c);
  c.workdir = str(d, "workdir");
  c.hostname = str(d, "hostname");
  c.network = NetworkMode::parse(str(d, "network"));
  for (auto [key, field] : {std::pair{"entrypoint", &c.entrypoint}, {"cmd", &c.cmd}, {"env", &c.env},
                            {"add_hosts", &c.add_hosts}, {"exposed", &c.exposed}, {"dns", &c.dns}, {"dns_search", &c.dns_search},
                            {"dns_options", &c.dns_options}, {"cap_add", &c.cap_add}, {"cap_drop", &c.cap_drop},
                            {"create_command", &c.create_command}}) {
    *field = json::strings(d, key, what);
  }
  c.read_only = flag("read_only", false);
  c.read_only_tmpfs = flag("read_only_tmpfs", true);
  c.log_size_max = json::opt_int(d, "log_size_max", what).value_or(-1);
  c.log_path = str(d, "log_path");
  c.log_tag = str(d, "log_tag");
  c.seccomp_profile = str(d, "seccomp_profile");
  c.log_driver = json::string_or(d, "log_driver", what, "k8s-file");
  if (d.HasMember("resources")) c.resources = parse_resources(d["resources"]);
  c.cgroups = json::string_or(d, "cgroups", what, "enabled");
  c.cgroup_parent = str(d, "cgroup_parent");
  c.cgroup_own = str(d, "cgroup_own");
  c.cgroupns = str(d, "cgroupns");
  c.device_cgroup_rules = json::strings(d, "device_cgroup_rules", what);
  c.devices = json::strings(d, "devices", what);
  c.ulimits = json::strings(d, "ulimits", what);
  c.masked_paths = json::strings(d, "masked_paths", what);
  c.unmasked_paths = json::strings(d, "unmasked_paths", what);
  c.security_labels = json::strings(d, "security_labels", what);
  c.proc_opts = str(d, "proc_opts");
  c.pid = str(d, "pid");
  c.pid_mode = str(d, "pid_mode");
  c.ipc_mode = str(d, "ipc_mode");
  c.uts_mode = str(d, "uts_mode");
  c.sysctls = json::strings(d, "sysctls", what);
  c.group_add = json::strings(d, "group_add", what);
  c.umask = json::string_or(d, "umask", what, "0022");
  c.pidfile = str(d, "pidfile");
  c.timezone = str(d, "timezone");
  c.conmon_pidfile = str(d, "conmon_pidfile");
  c.passwd_entry = str(d, "passwd_entry");
  c.host_users = json::strings(d, "host_users", what);
  c.personality = str(d, "personality");
  c.init_ctr = str(d, "init_ctr");
  c.rootfs = str(d, "rootfs");
  c.rootfs_overlay = flag("rootfs_overlay", false);
  c.storage_driver = json::string_or(d, "storage_driver", what, "overlay");
  if (c.storage_driver != "overlay" && c.storage_driver != "vfs") throw base::error("{}: bad storage driver \"{}\"", what, c.storage_driver);
  if (!c.personality.empty() && c.personality != "LINUX" && c.personality != "LINUX32") throw base::error("{}: bad personality \"{}\"", what, c.personality);
  c.sdnotify = json::string_or(d, "sdnotify", what, "container");
  c.chroot_dirs = json::strings(d, "chroot_dirs", what);
  c.init_path = str(d, "init_path");
  c.required = json::strings(d, "requires", what);
  c.timeout = json::opt_int_in(d, "timeout", 0, INT64_MAX / 1000000000, what).value_or(0);
  c.passwd = flag("passwd", true);
  c.systemd = flag("systemd", false);
  c.userns = str(d, "userns");
  c.uid_map = json::strings(d, "uid_map", what);
  c.gid_map = json::strings(d, "gid_map", what);
  if (const json::Value* secrets = json::opt_array(d, "secrets", what)) {
    for (const auto& e : secrets->GetArray()) {
      const char* in = "a container config's secret";
      json::object(e, in);
      SecretUse u{json::string(e, "id", in), json::string(e, "name", in), json::string_or(e, "type", in, "mount"), str(e, "target"),
                  static_cast<int>(json::opt_int_in(e, "uid", 0, INT32_MAX, in).value_or(0)),
                  static_cast<int>(json::opt_int_in(e, "gid", 0, INT32_MAX, in).value_or(0)),
                  static_cast<int>(json::opt_int_in(e, "mode", 0, 0777, in).value_or(0400))};
      if (u.type != "mount" && u.type != "env") throw base::error("{}: unknown type \"{}\"", in, u.type);
      if (u.target.find("..") != std::string::npos) throw base::error("{}: bad target \"{}\"", in, u.target);
      c.secrets.push_back(u);
    }
  }
  c.annotations = json::string_pairs(d, "annotations", what);
  if (c.timezone.find("..") != std::string::npos || c.timezone.starts_with("/")) throw base::error("{}: bad timezone \"{}\"", what, c.timezone);
  c.stop_signal = static_cast<int>(json::opt_int_in(d, "stop_signal", 1, 64, what).value_or(15));
  c.stop_timeout = static_cast<int>(json::opt_int_in(d, "stop_timeout", 0, INT32_MAX, what).value_or(10));
  c.shm_size = json::opt_int_in(d, "shm_size", 1, INT64_MAX, what).value_or(65536000);
  c.init = flag("init", false);
  c.restart_retries = static_cast<int>(json::opt_int_in(d, "restart_retries", 0, INT32_MAX, what).value_or(0));
  c.remove = flag("remove", false);
  c.create_workdir = flag("create_workdir", true);
  c.privileged = flag("privileged", false);
  c.no_new_privs = flag("no_new_privs", false);
  c.tty = flag("tty", false);
  c.interactive = flag("interactive", false);
  c.no_hosts = flag("no_hosts", false);
  c.user = str(d, "user");
  for (auto [key, field] : {std::pair{"uts", &c.uts}, {"ipc", &c.ipc}}) {
    std::string given = str(d, key);
    *field = given.empty() ? "" : NetworkMode::parse(given).arg;
  }
}

ContainerConfig parse_config(const std::string& text) {
  ContainerConfig c;
  parse_config(text, c);
  return c;
}

std::string state_json(const ContainerState& s) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("status");
  w.String(s.status.c_str());
  for (auto [k, v] : {std::pair{"pid", s.pid}, {"monitor", s.monitor}, {"exit_code", s.exit_code}}) {
    w.Key(k);
    w.Int(v);
  }
  for (auto [k, v] : {std::pair{"pid_start", s.pid_start}, {"monitor_start", s.monitor_start}}) {
    w.Key(k);
    w.Uint64(v);
  }
  w.Key("started");
  w.String(s.started.c_str());
  w.Key("finished");
  w.String(s.finished.c_str());
  w.Key("oom_killed");
  w.Bool(s.oom_killed);
  w.Key("paused");
  w.Bool(s.paused);
  w.Key("stop_requested");
  w.Bool(s.stop_requested);
  w.Key("restarting");
  w.Bool(s.restarting);
  if (!s.health.status.empty()) {
    w.Key("health");
    std::string health = health_state_json(s.health);
    w.RawValue(health.c_str(), health.size(), rapidjson::kObjectType);
  }
  w.Key("restart_count");
  w.Int(s.restart_count);
  w.Key("quick_restarts");
  w.Int(s.quick_restarts);
  w.Key("networks");
  w.StartArray();
  for (const auto& n : s.networks) {
    w.StartObject();
    for (auto [k, v] : {std::pair{"name", &n.name}, {"interface", &n.interface}, {"ip", &n.ip}, {"gateway", &n.gateway},
                        {"ip6", &n.ip6}, {"gateway6", &n.gateway6}, {"mac", &n.mac}}) {
      w.Key(k);
      w.String(v->c_str());
    }
    w.Key("prefix");
    w.Int(n.prefix);
    w.Key("prefix6");
    w.Int(n.prefix6);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

ContainerState parse_state(const std::string& text) {
  namespace json = base::json;
  const char* what = "container state";
  json::Document d = json::parse(text, what);
  json::object(d, what);
  auto str = [&](const json::Value& o, const char* key) { return json::string_or(o, key, what); };
  auto num = [&](const json::Value& o, const char* key) {
    return static_cast<int>(json::opt_int_in(o, key, INT32_MIN, INT32_MAX, what).value_or(0));
  };
  auto u64 = [&](const char* key) { return static_cast<uint64_t>(json::opt_int_in(d, key, 0, INT64_MAX, what).value_or(0)); };
  ContainerState s;
  s.status = str(d, "status");
  s.pid = num(d, "pid");
  s.monitor = num(d, "monitor");
  s.exit_code = num(d, "exit_code");
  s.pid_start = u64("pid_start");
  s.monitor_start = u64("monitor_start");
  s.started = str(d, "started");
  s.finished = str(d, "finished");
  s.oom_killed = json::boolean(d, "oom_killed", false, what);
  s.paused = json::boolean(d, "paused", false, what);
  s.stop_requested = json::boolean(d, "stop_requested", false, what);
  s.restarting = json::boolean(d, "restarting", false, what);
  if (d.HasMember("health")) s.health = parse_health_state(d["health"]);
  s.restart_count = std::max(0, num(d, "restart_count"));
  s.quick_restarts = std::max(0, num(d, "quick_restarts"));
  if (const json::Value* networks = json::opt_array(d, "networks", what)) {
    for (const auto& n : networks->GetArray()) {
      json::object(n, "a container state's network");
      s.networks.push_back({str(n, "name"), str(n, "interface"), str(n, "ip"), str(n, "gateway"), str(n, "ip6"), str(n, "gateway6"),
                            str(n, "mac"), num(n, "prefix"), num(n, "prefix6")});
    }
  }
  return s;
}

}  // namespace store
