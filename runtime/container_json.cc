// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/container_json.cc: rapidjson both ways.
#include "runtime/container_json.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fmt/format.h>

#include "base/error.h"
#include "runtime/json_fields.h"

namespace runtime {

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
  for (auto [k, v] : {std::pair{"id", &c.id}, {"name", &c.name}, {"image_id", &c.image_id}, {"image_name", &c.image_name},
                      {"workdir", &c.workdir}, {"hostname", &c.hostname}, {"network", &c.network}, {"created", &c.created},
                      {"user", &c.user}, {"pod", &c.pod}, {"uts", &c.uts}, {"ipc", &c.ipc}}) {
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
  c.id = read_string(d, "id");
  c.name = read_string(d, "name");
  c.image_id = read_string(d, "image_id");
  c.image_name = read_string(d, "image_name");
  c.workdir = read_string(d, "workdir");
  c.hostname = read_string(d, "hostname");
  c.network = read_string(d, "network");
  c.created = read_string(d, "created");
  if (d.HasMember("networks") && d["networks"].IsArray()) {
    for (const auto& n : d["networks"].GetArray()) {
      if (!n.IsObject()) continue;
      c.networks.push_back({read_string(n, "name"), read_string(n, "ip"), read_string(n, "ip6"), read_string(n, "mac"),
                            read_strings(n, "aliases")});
    }
  }
  if (d.HasMember("ports") && d["ports"].IsArray()) {
    for (const auto& p : d["ports"].GetArray()) {
      if (!p.IsObject()) continue;
      auto num = [&](const char* k) -> uint16_t { return p.HasMember(k) && p[k].IsUint() ? static_cast<uint16_t>(p[k].GetUint()) : 0; };
      c.ports.push_back({read_string(p, "host_ip"), num("host_port"), num("container_port"), read_string(p, "protocol"),
                         num("range")});
    }
  }
  c.command = read_strings(d, "command");
  c.entrypoint = read_strings(d, "entrypoint");
  c.cmd = read_strings(d, "cmd");
  c.labels = read_string_pairs(d, "labels");
  c.env = read_strings(d, "env");
  c.add_hosts = read_strings(d, "add_hosts");
  c.exposed = read_strings(d, "exposed");
  c.dns = read_strings(d, "dns");
  c.dns_search = read_strings(d, "dns_search");
  c.dns_options = read_strings(d, "dns_options");
  c.cap_add = read_strings(d, "cap_add");
  c.cap_drop = read_strings(d, "cap_drop");
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
  c.user = read_string(d, "user");
  c.pod = read_string(d, "pod");
  c.uts = read_string(d, "uts");
  c.ipc = read_string(d, "ipc");
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
  s.status = read_string(d, "status");
  s.pid = d.HasMember("pid") ? d["pid"].GetInt() : 0;
  s.monitor = d.HasMember("monitor") ? d["monitor"].GetInt() : 0;
  s.exit_code = d.HasMember("exit_code") ? d["exit_code"].GetInt() : 0;
  s.started = read_string(d, "started");
  s.finished = read_string(d, "finished");
  if (d.HasMember("networks") && d["networks"].IsArray()) {
    for (const auto& n : d["networks"].GetArray()) {
      if (!n.IsObject()) continue;
      auto num = [&](const char* k) { return n.HasMember(k) && n[k].IsInt() ? n[k].GetInt() : 0; };
      s.networks.push_back({read_string(n, "name"), read_string(n, "interface"), read_string(n, "ip"),
                            read_string(n, "gateway"), read_string(n, "ip6"), read_string(n, "gateway6"),
                            read_string(n, "mac"), num("prefix"), num("prefix6")});
    }
  }
  return s;
}

}  // namespace runtime
