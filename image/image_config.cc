// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_config.cc: OCI image configs and Dockerfile changes.
#include "image/image_config.h"

#include <rapidjson/writer.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <sstream>
#include <cctype>
#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "base/error.h"
#include "base/go_number.h"
#include "base/json.h"

namespace image {

namespace {

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// Words split on blanks, double quotes grouping and removed.
std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false, any = false;
  for (char c : s) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (!quoted && (c == ' ' || c == '\t')) {
      if (any) out.push_back(cur);
      cur.clear();
      any = false;
    } else {
      cur += c;
      any = true;
    }
  }
  if (any) out.push_back(cur);
  return out;
}

// ["a", "b"] (exec form), or the shell form run by /bin/sh -c.
std::vector<std::string> command(const std::string& arg, const std::string& change) {
  std::string a = trim(arg);
  if (!a.empty() && a.front() == '[') {
    auto d = base::json::try_parse(a);
    if (!d || !d->IsArray()) throw base::error("invalid change \"{}\": not a JSON list of strings", change);
    std::vector<std::string> out;
    for (const auto& v : d->GetArray()) {
      if (!v.IsString()) throw base::error("invalid change \"{}\": not a JSON list of strings", change);
      out.emplace_back(v.GetString(), v.GetStringLength());
    }
    return out;
  }
  if (a.empty()) return {};
  return {"/bin/sh", "-c", a};
}

// ENV and LABEL take one KEY=VALUE, as Podman 4.3's import and commit
// read it: the value is everything after the first '=', without the
// double quotes around all of it. ENV without '=' is Dockerfile's old
// KEY VALUE; LABEL refuses it, as Podman's.
std::pair<std::string, std::string> key_value(const std::string& op, const std::string& arg, const std::string& change) {
  auto eq = arg.find('=');
  std::string key, value;
  if (eq == std::string::npos) {
    auto w = words(arg);
    if (op == "LABEL" || w.size() < 2) throw base::error("invalid change \"{}\" - {} must be formatted key=value", change, op);
    key = w[0];
    value = trim(arg.substr(arg.find(w[0]) + w[0].size()));
  } else {
    key = arg.substr(0, eq);
    value = arg.substr(eq + 1);
  }
  if (key.empty()) throw base::error("invalid change \"{}\" - {} must have a non-empty key", change, op);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  return {key, value};
}

// EXPOSE PORT[/PROTO], one port, as Podman's import takes it (tcp or udp).
std::string exposed_port(const std::string& arg, const std::string& change) {
  auto slash = arg.find('/');
  if (slash != std::string::npos && arg.find('/', slash + 1) != std::string::npos) {
    throw base::error("invalid change \"{}\" - EXPOSE port must be formatted as PORT[/PROTO]", change);
  }
  std::string num = arg.substr(0, slash), why;
  auto port = base::go_parse_int(num, 10, why);
  if (!port) throw base::error("invalid change \"{}\" - EXPOSE port must be an integer: strconv.Atoi: parsing \"{}\": {}", change, num, why);
  if (*port < 1 || *port > 65535) throw base::error("invalid change \"{}\" - EXPOSE port must be a valid port number", change);
  std::string proto = slash == std::string::npos ? "tcp" : arg.substr(slash + 1);
  std::transform(proto.begin(), proto.end(), proto.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (proto != "tcp" && proto != "udp") throw base::error("invalid change \"{}\" - EXPOSE protocol must be TCP or UDP", change);
  return fmt::format("{}/{}", *port, proto);
}

// {"80/tcp": {}, ...}: Docker's sets.
template <typename Writer>
void empty_objects(Writer& w, const char* key, const std::vector<std::string>& names) {
  if (names.empty()) return;
  w.Key(key);
  w.StartObject();
  for (const auto& n : names) {
    w.Key(n.c_str(), static_cast<rapidjson::SizeType>(n.size()));
    w.StartObject();
    w.EndObject();
  }
  w.EndObject();
}

template <typename Writer>
void strings(Writer& w, const char* key, const std::vector<std::string>& v) {
  if (v.empty()) return;
  w.Key(key);
  w.StartArray();
  for (const auto& s : v) w.String(s.c_str());
  w.EndArray();
}

}  // namespace

void apply_change(ImageConfig& c, const std::string& change) {
  std::string s = trim(change);
  // KEY VALUE, or KEY=VALUE, as Podman splits it.
  auto sp = s.find_first_of(" \t");
  if (sp == std::string::npos) sp = s.find('=');
  if (sp == std::string::npos) throw base::error("invalid change \"{}\" - must be formatted as KEY VALUE", change);
  std::string op = s.substr(0, sp), arg = trim(s.substr(s[sp] == '=' ? sp + 1 : sp));
  std::transform(op.begin(), op.end(), op.begin(), [](unsigned char ch) { return std::toupper(ch); });
  if (op == "CMD") {
    c.cmd = command(arg, change);
  } else if (op == "ENTRYPOINT") {
    c.entrypoint = command(arg, change);
  } else if (op == "ENV") {
    auto kv = key_value(op, arg, change);
    std::erase_if(c.env, [&](const std::string& e) { return e.substr(0, e.find('=')) == kv.first; });
    c.env.push_back(kv.first + "=" + kv.second);
  } else if (op == "EXPOSE") {
    std::string key = exposed_port(arg, change);
    if (std::find(c.exposed_ports.begin(), c.exposed_ports.end(), key) == c.exposed_ports.end()) c.exposed_ports.push_back(key);
  } else if (op == "VOLUME") {
    std::vector<std::string> paths;
    if (!arg.empty() && arg.front() == '[') {
      paths = command(arg, change);
    } else {
      std::istringstream words(arg);
      for (std::string w; words >> w;) paths.push_back(w);
    }
    for (const auto& path : paths) {
      if (path.empty() || path[0] != '/') throw base::error("invalid change \"{}\": VOLUME needs absolute paths", change);
      if (std::find(c.volumes.begin(), c.volumes.end(), path) == c.volumes.end()) c.volumes.push_back(path);
    }
  } else if (op == "WORKDIR") {
    if (arg.empty()) throw base::error("invalid change \"{}\": WORKDIR needs a path", change);
    c.working_dir = arg;
  } else if (op == "USER") {
    if (arg.empty()) throw base::error("invalid change \"{}\": USER needs a user", change);
    c.user = arg;
  } else if (op == "LABEL") {
    auto kv = key_value(op, arg, change);
    std::erase_if(c.labels, [&](const auto& l) { return l.first == kv.first; });
    c.labels.emplace_back(kv.first, kv.second);
  } else {
    throw base::error("invalid change \"{}\" - invalid instruction {}", change, op);
  }
}

std::string config_json(const ImageConfig& c) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("created");
  w.String(c.created.c_str());
  if (!c.author.empty()) {
    w.Key("author");
    w.String(c.author.c_str());
  }
  w.Key("architecture");
  w.String(c.architecture.c_str());
  w.Key("os");
  w.String(c.os.c_str());
  w.Key("config");
  w.StartObject();
  if (!c.user.empty()) {
    w.Key("User");
    w.String(c.user.c_str());
  }
  empty_objects(w, "ExposedPorts", c.exposed_ports);
  strings(w, "Env", c.env);
  strings(w, "Entrypoint", c.entrypoint);
  strings(w, "Cmd", c.cmd);
  empty_objects(w, "Volumes", c.volumes);
  if (!c.working_dir.empty()) {
    w.Key("WorkingDir");
    w.String(c.working_dir.c_str());
  }
  if (!c.health_test.empty()) {
    w.Key("Healthcheck");
    w.StartObject();
    strings(w, "Test", c.health_test);
    for (auto [k, v] : {std::pair{"Interval", c.health_interval}, {"Timeout", c.health_timeout}, {"StartPeriod", c.health_start_period}}) {
      if (!v) continue;
      w.Key(k);
      w.Int64(v);
    }
    if (c.health_retries) {
      w.Key("Retries");
      w.Int(c.health_retries);
    }
    w.EndObject();
  }
  if (!c.labels.empty()) {
    w.Key("Labels");
    w.StartObject();
    for (const auto& [k, v] : c.labels) {
      w.Key(k.c_str());
      w.String(v.c_str());
    }
    w.EndObject();
  }
  w.EndObject();
  w.Key("rootfs");
  w.StartObject();
  w.Key("type");
  w.String("layers");
  w.Key("diff_ids");
  w.StartArray();
  for (const auto& d : c.diff_ids) w.String(d.c_str());
  w.EndArray();
  w.EndObject();
  w.Key("history");
  w.StartArray();
  for (const auto& h : c.history) {
    w.StartObject();
    w.Key("created");
    w.String(h.created.c_str());
    if (!h.created_by.empty()) {
      w.Key("created_by");
      w.String(h.created_by.c_str());
    }
    if (!h.comment.empty()) {
      w.Key("comment");
      w.String(h.comment.c_str());
    }
    if (h.empty_layer) {
      w.Key("empty_layer");
      w.Bool(true);
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

ImageConfig parse_config_json(const std::string& text) {
  namespace json = base::json;
  const char* what = "image config";
  json::Document d = json::parse(text, what);
  json::object(d, what);
  ImageConfig c;
  c.created = json::string_or(d, "created", what);
  c.author = json::string_or(d, "author", what);
  c.architecture = json::string_or(d, "architecture", what);
  c.os = json::string_or(d, "os", what);
  if (const json::Value* cf = json::opt_object(d, "config", what)) {
    const char* in = "image config's config";
    c.user = json::string_or(*cf, "User", in);
    c.env = json::strings(*cf, "Env", in);
    c.entrypoint = json::strings(*cf, "Entrypoint", in);
    c.cmd = json::strings(*cf, "Cmd", in);
    c.working_dir = json::string_or(*cf, "WorkingDir", in);
    if (const json::Value* ports = json::opt_object(*cf, "ExposedPorts", in)) {
      for (const auto& m : ports->GetObject()) c.exposed_ports.emplace_back(m.name.GetString(), m.name.GetStringLength());
    }
    if (const json::Value* volumes = json::opt_object(*cf, "Volumes", in)) {
      for (const auto& m : volumes->GetObject()) c.volumes.emplace_back(m.name.GetString(), m.name.GetStringLength());
    }
    c.labels = json::string_pairs(*cf, "Labels", in);
    if (const json::Value* hc = json::opt_object(*cf, "Healthcheck", in)) {
      const char* hin = "image config's Healthcheck";
      c.health_test = json::strings(*hc, "Test", hin);
      c.health_interval = json::opt_int_in(*hc, "Interval", 0, INT64_MAX, hin).value_or(0);
      c.health_timeout = json::opt_int_in(*hc, "Timeout", 0, INT64_MAX, hin).value_or(0);
      c.health_start_period = json::opt_int_in(*hc, "StartPeriod", 0, INT64_MAX, hin).value_or(0);
      c.health_retries = static_cast<int>(json::opt_int_in(*hc, "Retries", 0, INT32_MAX, hin).value_or(0));
    }
  }
  if (const json::Value* rootfs = json::opt_object(d, "rootfs", what)) c.diff_ids = json::strings(*rootfs, "diff_ids", "image config's rootfs");
  if (const json::Value* history = json::opt_array(d, "history", what)) {
    const char* in = "image config's history";
    for (const auto& h : history->GetArray()) {
      json::object(h, in);
      c.history.push_back({json::string_or(h, "created", in), json::string_or(h, "created_by", in), json::string_or(h, "comment", in),
                           json::boolean(h, "empty_layer", false, in)});
    }
  }
  return c;
}


}  // namespace image
