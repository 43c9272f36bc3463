// SPDX-License-Identifier: GPL-2.0-or-later
// store/mounts.cc: -v, --mount and --tmpfs, as Podman 4.3's
// specgenutil and util.ProcessOptions read them.
#include "store/mounts.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "base/error.h"

namespace store {

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t at = 0;
  for (size_t i; (i = s.find(sep, at)) != std::string::npos; at = i + 1) out.push_back(s.substr(at, i - at));
  out.push_back(s.substr(at));
  return out;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

bool one_of(const std::string& s, std::initializer_list<const char*> set) {
  return std::any_of(set.begin(), set.end(), [&](const char* x) { return s == x; });
}

bool is_propagation(const std::string& o) {
  return one_of(o, {"shared", "rshared", "slave", "rslave", "private", "rprivate", "unbindable", "runbindable"});
}

// Flags warren passes to mount(2), with their opposites.
bool is_flag(const std::string& o) {
  return one_of(o, {"nosuid", "suid", "nodev", "dev", "noexec", "exec", "noatime", "atime", "nodiratime", "diratime",
                    "relatime", "norelatime", "strictatime", "nostrictatime", "sync", "async", "dirsync"});
}

std::string clean_path(const std::string& path) {
  std::vector<std::string> parts;
  for (const auto& p : split(path, '/')) {
    if (p.empty() || p == ".") continue;
    if (p == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(p);
  }
  return "/" + join(parts, "/");
}

void check_destination(const std::string& dest) {
  if (dest.empty()) throw base::error("container directory cannot be empty");
  if (dest[0] != '/') throw base::error("invalid container path \"{}\", must be an absolute path", dest);
}

// util.ProcessOptions: one of each kind, defaults appended; z, Z, U, O,
// nocopy and copy are taken out into the mount's own fields.
void process_options(Mount& m, const std::vector<std::string>& given, bool tmpfs) {
  std::vector<std::string> rw, prop, bind, out;
  bool suid = false, dev = false, copyup = false;
  for (const auto& o : given) {
    if (o.empty()) continue;
    if (o == "rw" || o == "ro") {
      rw.push_back(o);
      if (rw.size() > 1) throw base::error("invalid options \"{}\", can only specify 1 'rw' or 'ro' option", join(rw, ", "));
    } else if (is_propagation(o)) {
      prop.push_back(o);
      if (prop.size() > 1) {
        throw base::error("invalid options \"{}\", can only specify 1 '[r]shared', '[r]private', '[r]slave' or '[r]unbindable' option",
                          join(prop, ", "));
      }
    } else if (!tmpfs && (o == "bind" || o == "rbind")) {
      bind.push_back(o);
      if (bind.size() > 1) throw base::error("invalid options \"{}\", can only specify 1 '[r]bind' option", join(bind, ", "));
      continue;  // appended last, as Podman does
    } else if (o == "z" || o == "Z") {
      continue;  // SELinux labels: nothing to do without SELinux
    } else if (o == "U" && !tmpfs) {
      m.chown = true;
      continue;
    } else if (o == "O" && !tmpfs) {
      m.overlay = true;
      continue;
    } else if (o == "nocopy" || o == "copy") {
      m.copy_up = o == "copy";
      continue;
    } else if (tmpfs && (o == "tmpcopyup" || o == "notmpcopyup")) {
      copyup = true;
    } else if (is_flag(o)) {
      suid |= o == "nosuid" || o == "suid";
      dev |= o == "nodev" || o == "dev";
    } else if (tmpfs && (o.starts_with("size=") || o.starts_with("mode=") || o.starts_with("nr_inodes=") || o.starts_with("uid=") ||
                         o.starts_with("gid="))) {
    } else if (o == "idmap" && !tmpfs) {
      // Kept: root's container in a user namespace of its own sees the
      // source through its maps (launch/idmap.h); others as they are.
    } else if (o.starts_with("idmap")) {
      throw base::error("--volume {}: warren does not support idmap's own mappings yet", o);
    } else if (tmpfs) {
      throw base::error("unknown mount option \"{}\": invalid mount option", o);
    } else {
      throw base::error("invalid option type \"{}\"", o);
    }
    out.push_back(o);
  }
  if (rw.empty()) out.push_back("rw");
  if (prop.empty()) out.push_back("rprivate");
  if (m.type != "bind") {
    if (!suid) out.push_back("nosuid");
    if (!dev) out.push_back("nodev");
  }
  if (tmpfs && !copyup) out.push_back("tmpcopyup");
  if (!tmpfs) out.push_back(bind.empty() ? "rbind" : bind[0]);
  m.options = out;
}

}  // namespace

bool valid_volume_name(const std::string& name) {
  if (name.empty() || !std::isalnum(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '.' || c == '-'; });
}

Mount parse_volume_flag(const std::string& spec, const std::string& cwd) {
  auto parts = split(spec, ':');
  if (parts.size() > 3) throw base::error("{}: incorrect volume format, should be [host-dir:]ctr-dir[:option]", spec);
  Mount m;
  if (parts.size() == 1) {
    m.destination = parts[0];
  } else {
    if (parts[0].empty()) throw base::error("host directory cannot be empty");
    m.source = parts[0];
    m.destination = parts[1];
  }
  check_destination(m.destination);
  m.destination = clean_path(m.destination);
  if (m.source.empty()) {
    m.type = "volume";
    m.anonymous = true;
  } else if (m.source[0] == '/' || m.source[0] == '.') {
    m.type = "bind";
    m.source = clean_path(m.source[0] == '/' ? m.source : cwd + "/" + m.source);
  } else {
    m.type = "volume";
    if (!valid_volume_name(m.source)) {
      throw base::error("creating named volume \"{}\": running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument",
                        m.source);
    }
  }
  process_options(m, parts.size() == 3 ? split(parts[2], ',') : std::vector<std::string>{}, false);
  return m;
}

Mount parse_mount_flag(const std::string& spec, const std::string& cwd) {
  Mount m;
  std::vector<std::string> opts;
  bool ro = false, rw_given = false;
  for (const auto& kv : split(spec, ',')) {
    auto eq = kv.find('=');
    std::string key = kv.substr(0, eq), value = eq == std::string::npos ? "" : kv.substr(eq + 1);
    bool has_value = eq != std::string::npos;
    if (key == "type") {
      if (!one_of(value, {"bind", "volume", "tmpfs", "devpts", "image"})) {
        if (one_of(value, {"glob", "ramfs"})) throw base::error("--mount type={}: warren does not support it yet", value);
        throw base::error("invalid filesystem type \"{}\"", value);
      }
      m.type = value;
    } else if (key == "src" || key == "source") {
      m.source = value;
    } else if (key == "dst" || key == "destination" || key == "target") {
      m.destination = value;
    } else if (key == "ro" || key == "readonly") {
      if (has_value && !one_of(value, {"true", "false"})) throw base::error("invalid {} value \"{}\"", key, value);
      ro = !has_value || value == "true";
    } else if (key == "rw" || key == "readwrite") {
      ro = has_value && value == "false";
      rw_given = !ro;
    } else if (key == "bind-propagation") {
      opts.push_back(value);
    } else if (key == "bind-nonrecursive") {
      opts.push_back("bind");
    } else if (key == "tmpfs-size") {
      opts.push_back("size=" + value);
    } else if (key == "tmpfs-mode") {
      opts.push_back("mode=" + value);
    } else if (key == "U" || key == "chown") {
      if (!has_value || value == "true") opts.push_back("U");
    } else if (key == "idmap") {
      if (!has_value || value == "true") opts.push_back("idmap");
    } else if (key == "relabel" || key == "consistency" || key == "volume-driver") {
      continue;
    } else if (key == "volume-nocopy" || key == "nocopy") {
      opts.push_back("nocopy");
    } else if (key == "tmpcopyup" || key == "notmpcopyup" || (is_flag(key) && !has_value)) {
      opts.push_back(key);
    } else if (key == "volume-opt" || key == "volume-label") {
      continue;
    } else {
      throw base::error("{}: invalid mount option", key);
    }
  }
  if (m.type.empty()) {
    throw base::error("incorrect mount format: should be --mount type=<bind|tmpfs|volume>,[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]");
  }
  if (m.destination.empty()) throw base::error("must set volume destination");
  check_destination(m.destination);
  m.destination = clean_path(m.destination);
  // An image is mounted read-only unless rw=true.
  opts.insert(opts.begin(), ro || (m.type == "image" && !rw_given) ? "ro" : "rw");
  if (m.type == "image" || m.type == "devpts") {
    if (m.type == "image" && m.source.empty()) throw base::error("must set source image");
    if (m.type == "devpts" && !m.source.empty()) throw base::error("invalid option \"src\" for devpts mounts");
    m.options = {opts.front()};
    for (const auto& o : opts) {
      if (is_flag(o)) m.options.push_back(o);
    }
    return m;
  }
  if (m.type == "bind") {
    if (m.source.empty()) m.source = m.destination;
    m.source = clean_path(m.source[0] == '/' ? m.source : cwd + "/" + m.source);
  } else if (m.type == "volume") {
    if (m.source.empty()) {
      m.anonymous = true;
    } else if (!valid_volume_name(m.source)) {
      throw base::error("creating named volume \"{}\": running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument",
                        m.source);
    }
  } else if (!m.source.empty()) {
    throw base::error("invalid option \"src\" for tmpfs mounts");
  }
  if (m.type == "tmpfs" && std::find(opts.begin(), opts.end(), "idmap") != opts.end()) throw base::error("idmap: invalid mount option");
  process_options(m, opts, m.type == "tmpfs");
  return m;
}

Mount parse_tmpfs_flag(const std::string& spec) {
  auto colon = spec.find(':');
  Mount m;
  m.type = "tmpfs";
  m.destination = spec.substr(0, colon);
  check_destination(m.destination);
  m.destination = clean_path(m.destination);
  process_options(m, colon == std::string::npos ? std::vector<std::string>{} : split(spec.substr(colon + 1), ','), true);
  return m;
}

bool read_only(const Mount& m) { return std::find(m.options.begin(), m.options.end(), "ro") != m.options.end(); }

std::string propagation(const Mount& m) {
  auto it = std::find_if(m.options.begin(), m.options.end(), is_propagation);
  return it == m.options.end() ? "rprivate" : *it;
}

std::vector<std::string> inspect_options(const Mount& m) {
  std::vector<std::string> out;
  for (const auto& o : m.options) {
    if (o != "rw" && o != "ro" && !is_propagation(o)) out.push_back(o);
  }
  return out;
}

std::string tmpfs_data(const Mount& m) {
  std::vector<std::string> data;
  for (const auto& o : m.options) {
    if (o.find('=') != std::string::npos) data.push_back(o);
  }
  return join(data, ",");
}

std::string joined_options(const Mount& m) { return join(m.options, ","); }

std::string bind_text(const Mount& m) { return fmt::format("{}:{}:{}", m.source, m.destination, joined_options(m)); }

}  // namespace store
