// SPDX-License-Identifier: GPL-2.0-or-later
// cli/top.cc: `top` (and `container top`), `pod top`: the processes of
// a running container (of each running member of a pod), found by its
// PID namespace in /proc, described by Podman's (psgo's) descriptors:
// user, pid, ppid, pcpu, etime, tty, time, args, comm and the rest. Names come from the container's own /etc/passwd and
// /etc/group, read inside its root.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/root_dir.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "runtime/containers.h"

namespace cli {

namespace {

struct Proc {
  pid_t host_pid = 0, pid = 0, ppid_host = 0, ppid = 0, pgid = 0;
  uint64_t euid = 0, ruid = 0, egid = 0, rgid = 0;
  std::string state, comm, args;
  int64_t nice = 0;
  uint64_t start_ticks = 0, cpu_ticks = 0, vsz_kb = 0, rss_kb = 0;
  int tty_nr = 0;
};

// The descriptors Podman takes, and the header each prints.
const std::map<std::string, std::string>& descriptors() {
  static const std::map<std::string, std::string> d = {
      {"args", "COMMAND"}, {"comm", "COMMAND"},  {"etime", "ELAPSED"}, {"group", "GROUP"}, {"hgroup", "HGROUP"},
      {"hpid", "HPID"},    {"huser", "HUSER"},   {"nice", "NI"},       {"pcpu", "%CPU"},   {"pgid", "PGID"},
      {"pid", "PID"},      {"ppid", "PPID"},     {"rgroup", "RGROUP"}, {"rss", "RSS"},     {"ruser", "RUSER"},
      {"state", "STATE"},  {"time", "TIME"},     {"tty", "TTY"},       {"user", "USER"},   {"vsz", "VSZ"}};
  return d;
}

std::string pid_ns(pid_t pid) {
  char buf[64];
  ssize_t n = ::readlink(fmt::format("/proc/{}/ns/pid", pid).c_str(), buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
}

std::optional<Proc> read_proc(pid_t pid) {
  auto stat = base::read_file(fmt::format("/proc/{}/stat", pid));
  auto status = base::read_file(fmt::format("/proc/{}/status", pid));
  if (!stat || !status) return std::nullopt;
  Proc p;
  p.host_pid = pid;
  // The fields after the command, which may hold spaces and parentheses.
  size_t close = stat->rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::vector<std::string> f;
  for (size_t at = close + 2; at < stat->size();) {
    size_t sp = stat->find(' ', at);
    f.push_back(stat->substr(at, sp == std::string::npos ? std::string::npos : sp - at));
    at = sp == std::string::npos ? stat->size() : sp + 1;
  }
  if (f.size() < 22) return std::nullopt;
  p.state = f[0];
  p.ppid_host = std::stoi(f[1]);
  p.tty_nr = std::stoi(f[4]);
  p.cpu_ticks = std::stoull(f[11]) + std::stoull(f[12]);
  p.nice = std::stoll(f[16]);
  p.start_ticks = std::stoull(f[19]);
  p.vsz_kb = std::stoull(f[20]) / 1024;
  p.rss_kb = std::stoull(f[21]) * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE)) / 1024;
  auto field = [&](const std::string& key) -> std::vector<std::string> {
    size_t at = status->find("\n" + key + ":");
    if (at == std::string::npos) return {};
    size_t end = status->find('\n', at + 1);
    std::vector<std::string> out;
    std::string line = status->substr(at + key.size() + 2, end - at - key.size() - 2);
    for (size_t i = 0; i < line.size();) {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      size_t j = i;
      while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
      if (j > i) out.push_back(line.substr(i, j - i));
      i = j;
    }
    return out;
  };
  auto uids = field("Uid"), gids = field("Gid"), nspid = field("NSpid"), nspgid = field("NSpgid");
  if (uids.size() < 2 || gids.size() < 2 || nspid.empty()) return std::nullopt;
  p.ruid = std::stoull(uids[0]);
  p.euid = std::stoull(uids[1]);
  p.rgid = std::stoull(gids[0]);
  p.egid = std::stoull(gids[1]);
  p.pid = std::stoi(nspid.back());
  p.pgid = nspgid.empty() ? 0 : std::stoi(nspgid.back());
  p.comm = base::read_file(fmt::format("/proc/{}/comm", pid)).value_or("");
  if (!p.comm.empty() && p.comm.back() == '\n') p.comm.pop_back();
  // NULs between the arguments (and after the last) print as spaces, as psgo's.
  p.args = base::read_file(fmt::format("/proc/{}/cmdline", pid)).value_or("");
  std::replace(p.args.begin(), p.args.end(), '\0', ' ');
  return p;
}

// /etc/passwd or /etc/group inside the container's root: id -> name.
std::map<uint64_t, std::string> names_in(const base::RootDir& root, const char* file) {
  std::map<uint64_t, std::string> out;
  std::optional<std::string> text;
  try {
    text = root.read_regular(file, 4 << 20);
  } catch (const base::Error&) {
    return out;  // not a regular file: numbers it is
  }
  if (!text) return out;
  for (size_t at = 0; at < text->size();) {
    size_t nl = text->find('\n', at);
    std::string line = text->substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    at = nl == std::string::npos ? text->size() : nl + 1;
    size_t c1 = line.find(':'), c2 = line.find(':', c1 + 1), c3 = line.find(':', c2 + 1);
    if (c3 == std::string::npos) continue;
    try {
      out.emplace(std::stoull(line.substr(c2 + 1, c3 - c2 - 1)), line.substr(0, c1));
    } catch (const std::exception&) {
    }
  }
  return out;
}

// A host id as the container sees it, through its user namespace's map.
uint64_t inside(uint64_t host_id, const std::string& map) {
  for (size_t at = 0; at < map.size();) {
    size_t nl = map.find('\n', at);
    unsigned long long in = 0, out = 0, count = 0;
    if (std::sscanf(map.c_str() + at, "%llu %llu %llu", &in, &out, &count) == 3 && host_id >= out && host_id < out + count) {
      return in + (host_id - out);
    }
    at = nl == std::string::npos ? map.size() : nl + 1;
  }
  return 65534;  // unmapped: the overflow id
}

// The rows of the processes in `pid`'s PID namespace, as `wanted` says.
std::vector<Row> top_rows(pid_t pid, const std::vector<std::string>& wanted) {
  std::string ns = pid_ns(pid);
  std::vector<Proc> procs;
  for (const auto& entry : base::list_dir("/proc")) {
    if (entry.empty() || !std::all_of(entry.begin(), entry.end(), [](unsigned char ch) { return std::isdigit(ch); })) continue;
    pid_t pid = std::stoi(entry);
    if (ns.empty() || pid_ns(pid) != ns) continue;
    if (auto p = read_proc(pid)) procs.push_back(std::move(*p));
  }
  std::sort(procs.begin(), procs.end(), [](const Proc& a, const Proc& b) { return a.pid < b.pid; });
  for (auto& p : procs) {
    auto parent = std::find_if(procs.begin(), procs.end(), [&](const Proc& q) { return q.host_pid == p.ppid_host; });
    p.ppid = parent == procs.end() ? 0 : parent->pid;
  }
  base::RootDir root(fmt::format("/proc/{}/root", pid));
  auto users = names_in(root, "etc/passwd"), groups = names_in(root, "etc/group");
  std::string uid_map = base::read_file(fmt::format("/proc/{}/uid_map", pid)).value_or("0 0 4294967295");
  std::string gid_map = base::read_file(fmt::format("/proc/{}/gid_map", pid)).value_or("0 0 4294967295");
  // Without an entry, a number; but 0 is root, as Podman's containers
  // (which get a passwd entry) always show it.
  auto name = [](const std::map<uint64_t, std::string>& names, uint64_t id) {
    auto it = names.find(id);
    return it != names.end() ? it->second : id == 0 ? std::string("root") : std::to_string(id);
  };
  double hz = static_cast<double>(::sysconf(_SC_CLK_TCK));
  struct timespec boot {};
  ::clock_gettime(CLOCK_BOOTTIME, &boot);
  int64_t now_ns = static_cast<int64_t>(boot.tv_sec) * 1000000000 + boot.tv_nsec;
  std::vector<Row> rows;
  for (const auto& p : procs) {
    int64_t elapsed = now_ns - static_cast<int64_t>(static_cast<double>(p.start_ticks) / hz * 1e9);
    double cpu_s = static_cast<double>(p.cpu_ticks) / hz;
    Row row;
    for (const auto& w : wanted) {
      if (w == "user") row.push_back(name(users, inside(p.euid, uid_map)));
      else if (w == "ruser") row.push_back(name(users, inside(p.ruid, uid_map)));
      else if (w == "group") row.push_back(name(groups, inside(p.egid, gid_map)));
      else if (w == "rgroup") row.push_back(name(groups, inside(p.rgid, gid_map)));
      else if (w == "huser") row.push_back(std::to_string(p.euid));
      else if (w == "hgroup") row.push_back(std::to_string(p.egid));
      else if (w == "pid") row.push_back(std::to_string(p.pid));
      else if (w == "hpid") row.push_back(std::to_string(p.host_pid));
      else if (w == "ppid") row.push_back(std::to_string(p.ppid));
      else if (w == "pgid") row.push_back(std::to_string(p.pgid));
      else if (w == "pcpu") row.push_back(fmt::format("{:.3f}", elapsed > 0 ? 100.0 * cpu_s / (static_cast<double>(elapsed) / 1e9) : 0.0));
      else if (w == "etime") row.push_back(go_duration(elapsed));
      else if (w == "time") row.push_back(go_duration(static_cast<int64_t>(cpu_s) * 1000000000));
      else if (w == "tty") row.push_back(p.tty_nr == 0 ? "?" : ((p.tty_nr >> 8) & 0xfff) == 136 ? fmt::format("pts/{}", (p.tty_nr & 0xff) | ((p.tty_nr >> 12) & 0xfff00)) : "?");
      else if (w == "nice") row.push_back(std::to_string(p.nice));
      else if (w == "state") row.push_back(p.state);
      else if (w == "vsz") row.push_back(std::to_string(p.vsz_kb));
      else if (w == "rss") row.push_back(std::to_string(p.rss_kb));
      else if (w == "comm") row.push_back(p.comm);
      else row.push_back(p.args);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The descriptors given after the container (Podman's "%cpu" is pcpu),
// checked; Podman's default set when none are.
std::vector<std::string> descriptors_of(const std::vector<std::string>& given) {
  std::vector<std::string> wanted;
  for (const auto& a : split_values(given)) wanted.push_back(a == "%cpu" ? "pcpu" : a);
  if (wanted.empty()) wanted = {"user", "pid", "ppid", "pcpu", "etime", "tty", "time", "args"};
  for (const auto& w : wanted) {
    if (!descriptors().count(w)) throw base::error("unknown descriptor: {}", w);
  }
  return wanted;
}

Row header_of(const std::vector<std::string>& wanted) {
  Row header;
  for (const auto& w : wanted) header.push_back(descriptors().at(w));
  return header;
}

}  // namespace

int top_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("top"), "Display the running processes of a container", "[options] CONTAINER [FORMAT-DESCRIPTORS]");
  opts.add()("l,latest", "Act on the latest container warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  std::vector<std::string> rest = r->unmatched();
  std::optional<store::Container> c;
  if (r->count("latest")) c = store.latest();
  else if (!rest.empty()) c = store.get(rest.front()), rest.erase(rest.begin());
  if (!c) throw base::error("you must provide the name or id of a running container");
  auto s = runtime::state_of(ctx.settings(), store, *c);
  if (s.status != "running") throw base::error("top can only be used on running containers: container state improper");
  auto wanted = descriptors_of(rest);
  fmt::print("{}", render_table(header_of(wanted), top_rows(s.pid, wanted)));
  return 0;
}

int pod_top_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod top"), "Display the running processes of containers in a pod", "[options] POD [FORMAT-DESCRIPTORS]");
  opts.add()("l,latest", "Act on the latest pod warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  std::vector<std::string> rest = r->unmatched();
  std::optional<store::PodConfig> pod;
  if (r->count("latest")) {
    auto all = pods(ctx).list();
    if (!all.empty()) pod = all.back();
  } else if (!rest.empty()) {
    pod = pods(ctx).get(rest.front());
    rest.erase(rest.begin());
  }
  if (!pod) throw base::error("you must provide the name or id of a running pod");
  auto wanted = descriptors_of(rest);
  auto store = containers(ctx);
  std::vector<Row> rows;
  // Each running member's processes, the infra's too, in the pod's order.
  for (const auto& c : store::pod_containers(store, pod->id)) {
    auto s = runtime::state_of(ctx.settings(), store, c);
    if (s.status != "running") continue;
    auto more = top_rows(s.pid, wanted);
    rows.insert(rows.end(), more.begin(), more.end());
  }
  if (rows.empty()) throw base::error("pod top can only be used on pods with at least one running container");
  fmt::print("{}", render_table(header_of(wanted), rows));
  return 0;
}

}  // namespace cli
