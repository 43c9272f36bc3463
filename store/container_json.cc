// SPDX-License-Identifier: GPL-2.0-or-later
// store/container_json.cc: rapidjson both ways.
#include "store/container_json.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fmt/format.h>

#include "base/error.h"
#include "base/json_fields.h"

namespace store {

namespace {

template <typename W>
void strings(W& w, const char* key, const std::vector<std::string>& v) {
  w.Key(key);
  w.StartArray();
  for (const auto& s : v) w.String(s.c_str());
  w.EndArray();
}


}  // namespace

std::string config_json(const ContainerConfig& c) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  // The joined namespaces as the mode's text ("container:ID"), as records
  // have always had them.
  std::string network = c.network.str();
  std::string uts = c.uts.empty() ? "" : "container:" + c.uts, ipc = c.ipc.empty() ? "" : "container:" + c.ipc;
  for (auto [k, v] : {std::pair{"id", &c.id}, {"name", &c.name}, {"image_id", &c.image_id}, {"image_name", &c.image_name},
                      {"workdir", &c.workdir}, {"hostname", &c.hostname}, {"network", &network}, {"created", &c.created},
                      {"user", &c.user}, {"pod", &c.pod}, {"uts", &uts}, {"ipc", &ipc}}) {
    w.Key(k);
    w.String(v->c_str());
  }
  w.Key("networks");
  w.StartArray();
  for (const auto& n : c.networks) {
    w.StartObject();
    for (auto [k, v] : {std::pair{"name", &n.name}, {"ip", &n.ip}, {"ip6", &n.ip6}, {"mac", &n.mac}}) {
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
  strings(w, "entrypoint", c.entrypoint);
  strings(w, "cmd", c.cmd);
  w.Key("labels");
  w.StartObject();
  for (const auto& [k, v] : c.labels) {
    w.Key(k.c_str());
    w.String(v.c_str());
  }
  w.EndObject();
  strings(w, "env", c.env);
  strings(w, "add_hosts", c.add_hosts);
  strings(w, "exposed", c.exposed);
  strings(w, "dns", c.dns);
  strings(w, "dns_search", c.dns_search);
  strings(w, "dns_options", c.dns_options);
  strings(w, "cap_add", c.cap_add);
  strings(w, "cap_drop", c.cap_drop);
  w.Key("log_size_max");
  w.Int64(c.log_size_max);
  w.Key("log_path");
  w.String(c.log_path.c_str());
  for (auto [k, v] : {std::pair{"remove", c.remove}, {"create_workdir", c.create_workdir}, {"privileged", c.privileged}, {"no_new_privs", c.no_new_privs},
                      {"tty", c.tty}, {"interactive", c.interactive}, {"no_hosts", c.no_hosts}, {"infra", c.infra}}) {
    w.Key(k);
    w.Bool(v);
  }
  w.EndObject();
  return buf.GetString();
}

ContainerConfig parse_config(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  if (d.HasParseError() || !d.IsObject()) throw base::error("container config is corrupt");
  ContainerConfig c;
  c.id = base::read_string(d, "id");
  c.name = base::read_string(d, "name");
  c.image_id = base::read_string(d, "image_id");
  c.image_name = base::read_string(d, "image_name");
  c.workdir = base::read_string(d, "workdir");
  c.hostname = base::read_string(d, "hostname");
  c.network = NetworkMode::parse(base::read_string(d, "network"));
  c.created = base::read_string(d, "created");
  if (d.HasMember("networks") && d["networks"].IsArray()) {
    for (const auto& n : d["networks"].GetArray()) {
      if (!n.IsObject()) continue;
      c.networks.push_back({base::read_string(n, "name"), base::read_string(n, "ip"), base::read_string(n, "ip6"), base::read_string(n, "mac"),
                            base::read_strings(n, "aliases")});
    }
  }
  if (d.HasMember("ports") && d["ports"].IsArray()) {
    for (const auto& p : d["ports"].GetArray()) {
      if (!p.IsObject()) continue;
      auto num = [&](const char* k) -> uint16_t { return p.HasMember(k) && p[k].IsUint() ? static_cast<uint16_t>(p[k].GetUint()) : 0; };
      c.ports.push_back({base::read_string(p, "host_ip"), num("host_port"), num("container_port"), base::read_string(p, "protocol"),
                         num("range")});
    }
  }
  c.command = base::read_strings(d, "command");
  c.entrypoint = base::read_strings(d, "entrypoint");
  c.cmd = base::read_strings(d, "cmd");
  c.labels = base::read_string_pairs(d, "labels");
  c.env = base::read_strings(d, "env");
  c.add_hosts = base::read_strings(d, "add_hosts");
  c.exposed = base::read_strings(d, "exposed");
  c.dns = base::read_strings(d, "dns");
  c.dns_search = base::read_strings(d, "dns_search");
  c.dns_options = base::read_strings(d, "dns_options");
  c.cap_add = base::read_strings(d, "cap_add");
  c.cap_drop = base::read_strings(d, "cap_drop");
  c.log_size_max = d.HasMember("log_size_max") && d["log_size_max"].IsInt64() ? d["log_size_max"].GetInt64() : -1;
  c.log_path = base::read_string(d, "log_path");
  auto flag = [&](const char* key, bool fallback) {
    return d.HasMember(key) && d[key].IsBool() ? d[key].GetBool() : fallback;
  };
  c.remove = flag("remove", false);
  c.create_workdir = flag("create_workdir", true);
  c.privileged = flag("privileged", false);
  c.no_new_privs = flag("no_new_privs", false);
  c.tty = flag("tty", false);
  c.interactive = flag("interactive", false);
  c.no_hosts = flag("no_hosts", false);
  c.user = base::read_string(d, "user");
  c.pod = base::read_string(d, "pod");
  for (auto [key, field] : {std::pair{"uts", &c.uts}, {"ipc", &c.ipc}}) {
    std::string given = base::read_string(d, key);
    *field = given.empty() ? "" : NetworkMode::parse(given).arg;
  }
  c.infra = flag("infra", false);
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
  rapidjson::Document d;
  d.Parse(text.c_str());
  ContainerState s;
  if (d.HasParseError() || !d.IsObject()) return s;
  s.status = base::read_string(d, "status");
  auto num = [&](const char* k) { return d.HasMember(k) && d[k].IsInt() ? d[k].GetInt() : 0; };
  auto u64 = [&](const char* k) { return d.HasMember(k) && d[k].IsUint64() ? d[k].GetUint64() : uint64_t{0}; };
  s.pid = num("pid");
  s.monitor = num("monitor");
  s.exit_code = num("exit_code");
  s.pid_start = u64("pid_start");
  s.monitor_start = u64("monitor_start");
  s.started = base::read_string(d, "started");
  s.finished = base::read_string(d, "finished");
  if (d.HasMember("networks") && d["networks"].IsArray()) {
    for (const auto& n : d["networks"].GetArray()) {
      if (!n.IsObject()) continue;
      auto num = [&](const char* k) { return n.HasMember(k) && n[k].IsInt() ? n[k].GetInt() : 0; };
      s.networks.push_back({base::read_string(n, "name"), base::read_string(n, "interface"), base::read_string(n, "ip"),
                            base::read_string(n, "gateway"), base::read_string(n, "ip6"), base::read_string(n, "gateway6"),
                            base::read_string(n, "mac"), num("prefix"), num("prefix6")});
    }
  }
  return s;
}

}  // namespace store
