// SPDX-License-Identifier: GPL-2.0-or-later
// launch/cgroups.cc: the cgroup's directories, processes, freezer, figures
// and removal; the limits are written by launch/cgroup_limits.cc.
#include "launch/cgroups.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/text.h"
#include "launch/cgroup_knobs.h"

namespace launch {

namespace {

// The non-empty pieces between `sep`s.
std::vector<std::string> words(const std::string& text, char sep) {
  std::vector<std::string> out = base::split(text, sep);
  std::erase_if(out, [](const std::string& w) { return w.empty(); });
  return out;
}

// A v1 cpuset directory starts with no CPUs and no memory nodes: a task
// cannot join it until it has its parent's.
void inherit_cpuset(const std::string& parent, const std::string& dir) {
  for (const char* knob : {"cpuset.cpus", "cpuset.mems"}) {
    auto mine = read_knob(dir, knob);
    if (mine && !trim(*mine).empty()) continue;
    write_knob_or_throw(dir, knob, trim(read_knob(parent, knob).value_or("")));
  }
}

// v2: a child can use a controller only when every ancestor enables it
// for its children.
void enable_controllers(const CgroupFs& fs, const std::string& dir) {
  // A regular user's: from its delegated subtree down only.
  std::string top = fs.root + fs.delegated;
  if (!fs.delegated.empty() && dir != top && !dir.starts_with(top + "/")) return;
  auto available = read_knob(top, "cgroup.controllers");
  if (!available) return;
  for (const auto& c : words(trim(*available), ' ')) {
    if (c != "cpu" && c != "cpuset" && c != "io" && c != "memory" && c != "pids") continue;
    write_knob(dir, "cgroup.subtree_control", "+" + c);  // refused ones show as a limit's failure later
  }
}

// mkdir along `path` under `base`; appends what it made to `made`.
void make_path(const CgroupFs& fs, const std::string& base, const std::string& path, bool cpuset,
               std::vector<std::string>& made) {
  std::string dir = base;
  for (const auto& part : words(path, '/')) {
    if (part == "." || part == "..") throw base::error("invalid cgroup path \"{}\"", path);
    if (fs.v2) enable_controllers(fs, dir);
    std::string parent = dir;
    dir += "/" + part;
    if (::mkdir(dir.c_str(), 0755) == 0) {
      made.push_back(dir);
    } else if (errno != EEXIST) {
      throw base::sys_error(errno, "create the cgroup {}", dir);
    }
    if (cpuset) inherit_cpuset(parent, dir);
  }
}

std::string device_number(int64_t n) { return n < 0 ? "*" : std::to_string(n); }

int64_t parse_number(const std::string& s, const std::string& rule) {
  if (s == "*") return -1;
  if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), ::isdigit)) {
    throw base::error("invalid device cgroup rule requires type, major:Minor, and access rules: \"{}\"", rule);
  }
  return std::stoll(s);
}

}  // namespace

std::string own_cgroup(const std::string& proc_cgroup) {
  std::string own;
  for (const auto& line : words(proc_cgroup, '\n')) {
    auto first = line.find(':'), second = first == std::string::npos ? first : line.find(':', first + 1);
    if (second == std::string::npos) continue;
    std::string path = line.substr(second + 1);
    if (line.starts_with("0::")) return path;
    if (path.size() > own.size()) own = path;
  }
  return own;
}

std::string delegated_root(const CgroupFs& fs, const std::string& proc_cgroup, const std::function<bool(const std::string&)>& owned) {
  if (!fs.v2) return "";
  std::string own;
  for (const auto& line : words(proc_cgroup, '\n')) {
    if (line.starts_with("0::")) own = line.substr(3);
  }
  if (own.empty() || own[0] != '/' || own.find("/..") != std::string::npos) return "";
  // Up from its own cgroup while the user owns the parent too.
  std::string found;
  for (std::string at = own; at.size() > 1; at = at.substr(0, at.rfind('/'))) {
    if (!owned(fs.root + at)) break;
    found = at;
    if (at.rfind('/') == 0) break;
  }
  return found;
}

std::function<bool(const std::string&)> owned_by(uid_t uid) {
  return [uid](const std::string& dir) {
    struct stat d, procs;
    return ::stat(dir.c_str(), &d) == 0 && ::stat((dir + "/cgroup.procs").c_str(), &procs) == 0 && d.st_uid == uid &&
           procs.st_uid == uid;
  };
}

void move_under_subtree(const CgroupFs& fs, const std::string& proc_cgroup, const std::string& subtree) {
  for (const auto& line : words(proc_cgroup, '\n')) {
    auto first = line.find(':'), second = first == std::string::npos ? first : line.find(':', first + 1);
    if (second == std::string::npos) continue;
    std::string controllers = line.substr(first + 1, second - first - 1), path = line.substr(second + 1);
    if (path.empty() || path == "/" || path.ends_with("/" + subtree)) continue;
    std::string root;
    if (controllers.empty()) {
      root = fs.v2 ? fs.root : fs.root + "/unified";
    } else {
      root = fs.root + "/" + (controllers.starts_with("name=") ? controllers.substr(5) : controllers);
    }
    struct stat st;
    if (::stat((root + path + "/cgroup.procs").c_str(), &st) < 0) continue;  // a hierarchy not mounted here
    std::string target = root + path + "/" + subtree;
    if (::mkdir(target.c_str(), 0755) < 0 && errno != EEXIST) throw base::sys_error(errno, "create the cgroup {}", target);
    auto procs = read_knob(root + path, "cgroup.procs");
    for (const auto& pid : words(procs.value_or(""), '\n')) {
      if (!pid.empty()) (void)write_knob(target, "cgroup.procs", pid);  // one that ended meanwhile is no matter
    }
  }
}

CgroupFs CgroupFs::detect(const std::string& root) {
  CgroupFs fs;
  fs.root = root;
  struct stat st;
  if (::stat((root + "/cgroup.controllers").c_str(), &st) == 0) {
    fs.v2 = true;
    return fs;
  }
  // Hybrid's empty v2 tree ("unified") is joined too, as runc joins it.
  for (const auto& name : base::list_dir(root)) {
    if (::stat((root + "/" + name + "/cgroup.procs").c_str(), &st) == 0) fs.hierarchies.push_back(name);
  }
  std::sort(fs.hierarchies.begin(), fs.hierarchies.end());
  return fs;
}

std::string CgroupFs::hierarchy_of(const std::string& controller) const {
  for (const auto& h : hierarchies) {
    for (const auto& part : words(h, ',')) {
      if (part == controller) return h;
    }
  }
  return "";
}

bool CgroupFs::has(const std::string& controller) const {
  if (!v2) return !hierarchy_of(controller).empty();
  auto list = read_knob(root + delegated, "cgroup.controllers");
  if (!list) return false;
  auto all = words(trim(*list), ' ');
  return std::find(all.begin(), all.end(), controller) != all.end();
}

std::string Cgroup::dir(const std::string& hierarchy) const {
  return hierarchy.empty() ? fs_.root + path_ : fs_.root + "/" + hierarchy + path_;
}

Cgroup Cgroup::create(const CgroupFs& fs, const std::string& path, const config::Resources& limits,
                      const std::vector<config::DeviceRule>& devices, bool all_devices) {
  if (!fs.usable()) throw base::error("no cgroup file system at {}", fs.root);
  if (path.empty() || path[0] != '/') throw base::error("invalid cgroup path \"{}\": it must be absolute", path);
  Cgroup cg(fs, path);
  std::vector<std::string> made;
  try {
    if (fs.v2) {
      make_path(fs, fs.root, path, false, made);
    } else {
      for (const auto& h : fs.hierarchies) make_path(fs, fs.root + "/" + h, path, h == fs.hierarchy_of("cpuset"), made);
    }
    apply_limits(cg, fs, limits);
    if (!all_devices) apply_device_rules(cg, fs, devices);
  } catch (...) {
    for (auto it = made.rbegin(); it != made.rend(); ++it) ::rmdir(it->c_str());
    throw;
  }
  return cg;
}

bool Cgroup::exists() const {
  std::string d = fs_.v2 ? dir() : dir(fs_.hierarchies.empty() ? "" : fs_.hierarchies.front());
  return ::access(d.c_str(), F_OK) == 0;
}

void Cgroup::add(pid_t pid) const {
  std::string text = std::to_string(pid);
  if (fs_.v2) return write_knob_or_throw(dir(), "cgroup.procs", text);
  for (const auto& h : fs_.hierarchies) write_knob_or_throw(dir(h), "cgroup.procs", text);
}

std::vector<base::UniqueFd> Cgroup::open_tasks() const {
  std::vector<base::UniqueFd> out;
  if (fs_.v2) return out;
  for (const auto& h : fs_.hierarchies) {
    if (h == "unified") continue;  // cgroup2's: a clone goes there (open_v2)
    std::string path = dir(h) + "/tasks";
    base::UniqueFd fd{::open(path.c_str(), O_WRONLY | O_CLOEXEC)};
    if (!fd) throw base::sys_error(errno, "open {}", path);
    out.push_back(std::move(fd));
  }
  return out;
}

void Cgroup::add_at(int dir, pid_t pid) {
  base::UniqueFd fd{::openat(dir, "cgroup.procs", O_WRONLY | O_CLOEXEC)};
  std::string text = std::to_string(pid);
  if (!fd || ::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    throw base::sys_error(errno, "add process {} to its cgroup", pid);
  }
}

base::UniqueFd Cgroup::open_v2() const {
  bool hybrid = std::find(fs_.hierarchies.begin(), fs_.hierarchies.end(), "unified") != fs_.hierarchies.end();
  if (!fs_.v2 && !hybrid) return {};
  std::string path = fs_.v2 ? dir() : dir("unified");
  base::UniqueFd fd{::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)};
  if (!fd) throw base::sys_error(errno, "open {}", path);
  return fd;
}

void Cgroup::freeze(bool frozen) const {
  std::string d = fs_.v2 ? dir() : dir(fs_.hierarchy_of("freezer"));
  if (!fs_.v2 && fs_.hierarchy_of("freezer").empty()) throw base::error("this machine's cgroups have no freezer");
  if (fs_.v2) write_knob_or_throw(d, "cgroup.freeze", frozen ? "1" : "0");
  else write_knob_or_throw(d, "freezer.state", frozen ? "FROZEN" : "THAWED");
  // The kernel freezes in the background: wait (bounded) until it says so.
  for (int i = 0; i < 500 && this->frozen() != frozen; ++i) ::usleep(2000);
  if (this->frozen() != frozen) throw base::error("cgroup {}: the kernel did not {} it", d, frozen ? "freeze" : "thaw");
}

bool Cgroup::frozen() const {
  if (fs_.v2) return knob_value(read_knob(dir(), "cgroup.events").value_or(""), "frozen") == 1;
  return trim(read_knob(dir(fs_.hierarchy_of("freezer")), "freezer.state").value_or("")) == "FROZEN";
}

std::vector<pid_t> Cgroup::pids() const {
  std::string d = fs_.v2 ? dir() : dir(fs_.hierarchies.empty() ? "" : fs_.hierarchies.front());
  std::vector<pid_t> out;
  for (const auto& w : words(read_knob(d, "cgroup.procs").value_or(""), '\n')) out.push_back(static_cast<pid_t>(std::stol(w)));
  return out;
}

bool Cgroup::oom_killed() const {
  if (fs_.v2) return knob_value(read_knob(dir(), "memory.events").value_or(""), "oom_kill") > 0;
  std::string h = fs_.hierarchy_of("memory");
  return !h.empty() && knob_value(read_knob(dir(h), "memory.oom_control").value_or(""), "oom_kill") > 0;
}

bool Cgroup::remove() const {
  // What outlived the container's first process (with --pid host there
  // is no PID namespace to end it) ends with the container.
  for (pid_t pid : pids()) {
    if (pid > 0) ::kill(pid, SIGKILL);
  }
  std::vector<std::string> dirs;
  if (fs_.v2) dirs.push_back(dir());
  for (const auto& h : fs_.hierarchies) dirs.push_back(dir(h));
  bool all = true;
  for (const auto& d : dirs) {
    // A PID namespace's last processes are reaped in the background.
    int i = 0;
    while (::rmdir(d.c_str()) < 0 && errno == EBUSY && i++ < 250) ::usleep(2000);
    if (::access(d.c_str(), F_OK) == 0) all = false;
  }
  return all;
}

std::vector<config::DeviceRule> default_device_rules() {
  std::vector<config::DeviceRule> out = {{'c', -1, -1, "m", true}, {'b', -1, -1, "m", true}};
  for (auto [major, minor] : {std::pair{1, 3}, {1, 8}, {1, 7}, {5, 0}, {1, 5}, {1, 9}, {5, 1}, {136, -1}, {5, 2}, {10, 200}}) {
    out.push_back({'c', major, minor, "rwm", true});
  }
  return out;
}

config::DeviceRule parse_device_rule(const std::string& text) {
  auto parts = words(text, ' ');
  config::DeviceRule r;
  if (parts.size() == 1 && parts[0] == "a") return r;
  auto fail = [&] { return base::error("invalid device cgroup rule requires type, major:Minor, and access rules: \"{}\"", text); };
  if (!parts.empty() && (parts[0].size() != 1 || std::string("abc").find(parts[0][0]) == std::string::npos)) {
    throw base::error("invalid device type in device-access-add: {}", parts[0]);
  }
  if (parts.size() != 3) throw fail();
  auto colon = parts[1].find(':');
  if (colon == std::string::npos) throw fail();
  r.type = parts[0][0];
  r.major = parse_number(parts[1].substr(0, colon), text);
  r.minor = parse_number(parts[1].substr(colon + 1), text);
  r.access = parts[2];
  if (r.access.empty() || r.access.find_first_not_of("rwm") != std::string::npos) throw fail();
  return r;
}

std::string device_rule_text(const config::DeviceRule& r) {
  return fmt::format("{} {}:{} {}", r.type, device_number(r.major), device_number(r.minor), r.access);
}

}  // namespace launch
