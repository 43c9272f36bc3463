// SPDX-License-Identifier: GPL-2.0-or-later
// cli/logs.cc: `logs` and `wait`. Logs are k8s-file lines (TIME STREAM
// F|P TEXT), read a block at a time from where --tail says (or, with
// --log-driver journald, the journal's entries through journalctl), for one
// container or several (merged in time order, each line prefixed with the
// container's id or, with --names, its name), between --since and
// --until, and followed with -f while the containers run.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/fd.h"
#include "base/json.h"
#include "cli/commands.h"
#include "runtime/containers.h"

namespace cli {

namespace {

constexpr size_t kLogBlock = 64 * 1024;

// A log line's time as Go's RFC3339Nano prints it, which drops the
// fraction's trailing zeros: 2026-11-29T04:11:08.1234Z.
std::string go_rfc3339_nano(std::string t) {
  size_t dot = t.find('.'), zone = t.find_first_of("Z+-", dot == std::string::npos ? 0 : dot);
  if (dot == std::string::npos || zone == std::string::npos) return t;
  size_t end = t.find_last_not_of('0', zone - 1);
  return t.substr(0, end == dot ? dot : end + 1) + t.substr(zone);
}

// Where the last `tail` lines of the log start (all of it when `tail` < 0),
// read backwards a block at a time: memory stays at one block whatever the
// log's size.
uint64_t tail_offset(int fd, uint64_t size, int64_t tail) {
  if (tail < 0) return 0;
  if (tail == 0) return size;
  std::vector<char> buf(kLogBlock);
  int64_t seen = 0;  // newlines after the one looked at
  for (uint64_t end = size; end > 0;) {
    uint64_t begin = end > kLogBlock ? end - kLogBlock : 0;
    ssize_t n = ::pread(fd, buf.data(), end - begin, static_cast<off_t>(begin));
    if (n != static_cast<ssize_t>(end - begin)) throw base::sys_error(n < 0 ? errno : EIO, "read the container's log");
    for (size_t i = static_cast<size_t>(n); i-- > 0;) {
      if (buf[i] != '\n') continue;
      if (seen == tail) return begin + i + 1;
      ++seen;
    }
    end = begin;
  }
  return 0;
}

struct LogLine {
  int64_t when = 0;
  std::string stamp;
  bool err = false, partial = false;
  std::string text;
  bool exact_stamp = false;  // the journal's: printed with all nine digits, as Podman prints them
};

// The journal's lines of a container (--log-driver journald), read through
// journalctl as JSON: the first time its last `tail`, then what came after
// the last cursor. No journalctl, or one that fails: an error.
class JournalReader {
 public:
  JournalReader(std::string id, int64_t tail) : id_(std::move(id)), tail_(tail) {}

  // More JSON lines, or false when there are none now.
  bool read(std::string& out) {
    std::vector<std::string> args = {"journalctl", "--no-pager", "-o", "json", "CONTAINER_ID_FULL=" + id_};
    if (!cursor_.empty()) args.push_back("--after-cursor=" + cursor_);
    else if (tail_ >= 0) args.push_back(fmt::format("--lines={}", tail_));
    std::string text = capture(args);
    out.append(text);
    return !text.empty();
  }

  std::optional<LogLine> parse(const std::string& line) {
    auto doc = base::json::try_parse(line);
    if (!doc || !doc->IsObject()) return std::nullopt;
    const char* what = "a journal entry";
    cursor_ = base::json::string_or(*doc, "__CURSOR", what, cursor_);
    LogLine l;
    int64_t us = 0;
    std::string t = base::json::string_or(*doc, "__REALTIME_TIMESTAMP", what, "0");
    std::from_chars(t.data(), t.data() + t.size(), us);
    l.when = us * 1000;
    struct timespec ts {static_cast<time_t>(us / 1000000), static_cast<long>(us % 1000000) * 1000};
    l.stamp = base::rfc3339(ts);
    l.exact_stamp = true;
    l.err = base::json::string_or(*doc, "PRIORITY", what) == "3";
    l.partial = base::json::string_or(*doc, "CONTAINER_PARTIAL_MESSAGE", what) == "true";
    auto it = doc->FindMember("MESSAGE");
    if (it == doc->MemberEnd()) return std::nullopt;
    if (it->value.IsString()) {
      l.text.assign(it->value.GetString(), it->value.GetStringLength());
    } else if (it->value.IsArray()) {
      // Bytes that are not text: journalctl gives them as numbers.
      for (const auto& b : it->value.GetArray()) {
        if (b.IsUint() && b.GetUint() < 256) l.text.push_back(static_cast<char>(b.GetUint()));
      }
    }
    if (!l.partial && !l.text.empty() && l.text.back() == '\n') l.text.pop_back();
    return l;
  }

 private:
  static std::string capture(const std::vector<std::string>& args) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) throw base::sys_error(errno, "create a pipe");
    base::UniqueFd r{fds[0]}, w{fds[1]};
    pid_t pid = ::fork();
    if (pid < 0) throw base::sys_error(errno, "run journalctl");
    if (pid == 0) {
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::dup2(w.get(), STDOUT_FILENO);
      ::execvp(argv[0], argv.data());
      ::_exit(127);
    }
    w.reset();
    std::string out;
    char buf[65536];
    for (ssize_t n; (n = ::read(r.get(), buf, sizeof buf)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      throw base::error("read the journal: journalctl {}", WIFEXITED(status) && WEXITSTATUS(status) == 127 ? "was not found" : "failed");
    }
    return out;
  }

  std::string id_;
  int64_t tail_;
  std::string cursor_;
};

// One container's log, from its --tail offset on: next() gives each
// complete line once, reading more of the file as it is needed.
class LogFile {
 public:
  LogFile(std::string path, std::string prefix, int64_t tail, std::string color = {}, std::optional<JournalReader> journal = {})
      : path_(std::move(path)), prefix_(std::move(prefix)), color_(std::move(color)), journal_(std::move(journal)) {
    if (journal_) return;
    fd_.reset(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd_ && errno != ENOENT) throw base::sys_error(errno, "open the log {}", path_);
    struct stat st {};
    if (fd_ && ::fstat(fd_.get(), &st) < 0) throw base::sys_error(errno, "read the log {}", path_);
    if (fd_) offset_ = tail_offset(fd_.get(), static_cast<uint64_t>(st.st_size), tail);
  }

  const std::string& prefix() const { return prefix_; }
  const std::string& color() const { return color_; }  // an ANSI colour's start, or empty

  std::optional<LogLine> next() {
    for (;;) {
      size_t nl = carry_.find('\n', at_);
      if (nl != std::string::npos) {
        std::string line = carry_.substr(at_, nl - at_);
        at_ = nl + 1;
        if (auto parsed = journal_ ? journal_->parse(line) : parse(line)) return parsed;
        continue;
      }
      carry_.erase(0, at_);
      at_ = 0;
      if (!read_more()) return std::nullopt;
    }
  }

  // A last line without its newline (a container that ended mid-line).
  std::optional<LogLine> rest() {
    std::string line = carry_.substr(at_);
    carry_.clear();
    at_ = 0;
    return line.empty() ? std::nullopt : journal_ ? journal_->parse(line) : parse(line);
  }

 private:
  bool read_more() {
    if (journal_) return journal_->read(carry_);
    if (!fd_) fd_.reset(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));  // made since
    if (!fd_) return false;
    // A log emptied at its size limit (--log-opt max-size) starts over.
    struct stat st {};
    if (::fstat(fd_.get(), &st) == 0 && static_cast<uint64_t>(st.st_size) < offset_) offset_ = 0, carry_.clear();
    std::vector<char> buf(kLogBlock);
    ssize_t n;
    do n = ::pread(fd_.get(), buf.data(), buf.size(), static_cast<off_t>(offset_));
    while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    offset_ += static_cast<uint64_t>(n);
    carry_.append(buf.data(), static_cast<size_t>(n));
    return true;
  }

  static std::optional<LogLine> parse(const std::string& line) {
    size_t a = line.find(' '), b = line.find(' ', a + 1), d = line.find(' ', b + 1);
    if (a == std::string::npos || b == std::string::npos || d == std::string::npos) return std::nullopt;
    LogLine l;
    l.stamp = line.substr(0, a);
    l.when = base::parse_rfc3339(l.stamp).value_or(0);
    l.err = line.compare(a + 1, b - a - 1, "stderr") == 0;
    l.partial = line.compare(b + 1, d - b - 1, "P") == 0;
    l.text = line.substr(d + 1);
    return l;
  }

  std::string path_, prefix_, color_;
  std::optional<JournalReader> journal_;
  base::UniqueFd fd_;
  uint64_t offset_ = 0;
  std::string carry_;
  size_t at_ = 0;
};

struct Window {
  std::optional<int64_t> since, until;
  bool stamps = false;
  bool holds(const LogLine& l) const { return (!since || l.when >= *since) && (!until || l.when <= *until); }
};

void print_line(const LogFile& f, const LogLine& l, const Window& w) {
  if (!w.holds(l)) return;
  std::string when = w.stamps ? (l.exact_stamp ? l.stamp : go_rfc3339_nano(l.stamp)) + " " : "";
  fmt::print(l.err ? stderr : stdout, "{}{}{}{}{}{}", f.color(), f.prefix(), when, l.text, f.color().empty() ? "" : "\x1b[0m",
             l.partial ? "" : "\n");
}

// Every line now in the logs, the oldest first across them.
void print_merged(std::vector<LogFile>& files, const Window& w) {
  std::vector<std::optional<LogLine>> heads;
  for (auto& f : files) heads.push_back(f.next());
  for (;;) {
    size_t pick = files.size();
    for (size_t i = 0; i < files.size(); ++i) {
      if (heads[i] && (pick == files.size() || heads[i]->when < heads[pick]->when)) pick = i;
    }
    if (pick == files.size()) break;
    print_line(files[pick], *heads[pick], w);
    heads[pick] = files[pick].next();
  }
  std::fflush(stdout);
}

// What logs and pod logs print: `ctrs`' logs merged in time order, each
// line after its container's id (or name, -n) when `prefix`; with -f, on
// while any of them runs.
void show_logs(Context& ctx, const cxxopts::ParseResult& r, const store::ContainerStore& store,
               const std::vector<store::Container>& ctrs, bool prefix) {
  Window w{time_flag(r, "since"), time_flag(r, "until"), r.count("timestamps") > 0};
  std::vector<LogFile> files;
  for (const auto& c : ctrs) {
    if (c.config.log_driver != "k8s-file" && c.config.log_driver != "journald") {
      throw base::error("this container is using the '{}' log driver, cannot read logs: this container is not logging output", c.config.log_driver);
    }
    std::string p = !prefix ? "" : (r.count("names") ? c.config.name : c.config.id.substr(0, 12)) + " ";
    // --color: each container's lines in one of Podman's seven colours, in turn.
    static const int kColors[] = {37, 31, 33, 34, 35, 36, 32};
    std::string color = r.count("color") ? fmt::format("\x1b[{}m", kColors[files.size() % std::size(kColors)]) : "";
    std::optional<JournalReader> journal;
    if (c.config.log_driver == "journald") journal.emplace(c.config.id, int_flag(r, "tail"));
    files.emplace_back(store.log_path(c.config), p, int_flag(r, "tail"), color, std::move(journal));
  }
  print_merged(files, w);
  // -f: read on while a container runs; the last one's end ends the command.
  while (r.count("follow")) {
    bool any = false;
    for (const auto& c : ctrs) {
      auto now = store.find(c.config.id);
      any = any || (now && runtime::state_of(ctx.settings(), store, *now).status == "running");
    }
    print_merged(files, w);  // what they wrote, up to their end
    if (!any) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (auto& f : files) {
    if (auto l = f.rest()) print_line(f, *l, w);
  }
  std::fflush(stdout);
}

void add_log_options(Options& opts) {
  opts.add()("f,follow", "Follow log output")
      ("t,timestamps", "Output the timestamps in the log")
      ("tail", "Output the specified number of LINES at the end of the logs", cxxopts::value<std::string>()->default_value("-1"), "int")
      ("since", "Show logs since TIMESTAMP", cxxopts::value<std::string>(), "string")
      ("until", "Show logs until TIMESTAMP", cxxopts::value<std::string>(), "string");
}

}  // namespace

int logs_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("logs"), "Fetch the logs of one or more containers", "[options] CONTAINER [CONTAINER...]");
  add_log_options(opts);
  opts.add()("n,names", "Output the container name in the log")
      ("color", "Output the containers with different colors in the log.")
      ("l,latest", "Act on the latest container warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto store = containers(ctx);
  auto names = named_or_latest(*r, store, "specify at least one container name or ID to log");
  std::vector<store::Container> ctrs;
  for (const auto& n : names) ctrs.push_back(store.get(n));
  // Several containers: each line says whose it is, as Podman's.
  show_logs(ctx, *r, store, ctrs, ctrs.size() > 1);
  return 0;
}

int pod_logs_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pod logs"), "Fetch logs for pod with one or more containers", "[options] POD");
  add_log_options(opts);
  opts.add()("color", "Output the containers within a pod with different colors in the log")
      ("c,container", "Filter logs by container name or id which belongs to pod", cxxopts::value<std::string>(), "string")
      ("n,names", "Output container names instead of container IDs in the log")
      ("l,latest", "Act on the latest pod warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto pos = r->unmatched();
  if (pos.empty() && !r->count("latest")) throw base::error("specify at least one pod name or ID to log");
  if (pos.size() + r->count("latest") != 1) throw base::error("requires exactly 1 arg");
  auto all = pods(ctx).list();
  if (r->count("latest") && all.empty()) throw base::error("no pods to log: no such pod");
  store::PodConfig pod = r->count("latest") ? all.back() : pods(ctx).get(pos[0]);
  auto store = containers(ctx);
  std::vector<store::Container> ctrs;
  if (r->count("container")) {
    std::string name = (*r)["container"].as<std::string>();
    auto c = store.get(name);
    if (c.config.pod != pod.id) throw base::error("container {} is not in pod {}: no such container", name, pod.name);
    ctrs.push_back(c);
  } else {
    ctrs = store::pod_containers(store, pod.id);
  }
  // The infra writes no log, and still counts: a pod's lines say whose.
  show_logs(ctx, *r, store, ctrs, ctrs.size() > 1);
  return 0;
}

int wait_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("wait"), "Block on one or more containers", "[options] CONTAINER [CONTAINER...]");
  opts.add()("condition", "Condition to wait on", cxxopts::value<std::string>(), "strings")
      ("i,interval", "Time Interval to wait before polling for completion", cxxopts::value<std::string>()->default_value("250ms"), "string")
      ("l,latest", "Act on the latest container warren is aware of");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  // Podman's states, as warren's records name them; stopped is exited.
  std::vector<std::string> wanted;
  for (const auto& c : split_values(all_values(*r, "condition"))) {
    if (c == "configured" || c == "created") wanted.push_back("created");
    else if (c == "running") wanted.push_back("running");
    else if (c == "exited" || c == "stopped") wanted.push_back("exited");
    else if (c == "healthy" || c == "unhealthy") wanted.push_back(c);
    else if (c == "paused") wanted.push_back("paused");
    else throw base::error("unknown container state: {}: invalid argument", c);
  }
  std::string interval = (*r)["interval"].as<std::string>();
  auto step = base::parse_time_value(interval, 0);
  if (!step || *step > 0 || interval.find_first_not_of("0123456789") == std::string::npos) {
    throw base::error("invalid interval \"{}\": use a duration such as 250ms", interval);
  }
  auto pause = std::chrono::nanoseconds(std::max<int64_t>(-*step, 1000000));
  bool exit_only = wanted.empty() || (wanted.size() == 1 && wanted[0] == "exited");
  auto store = containers(ctx);
  for (const auto& name : named_or_latest(*r, store, "\"warren wait\" requires a name, id, or the \"--latest\" flag")) {
    auto c = store.get(name);
    if (exit_only) {
      // The monitor's end is waited on directly; no polling.
      if (runtime::state_of(ctx.settings(), store, c).status == "running") store::monitor_of(c.state).wait_exit(-1);
      auto now = store.find(c.config.id);
      fmt::print("{}\n", now ? runtime::state_of(ctx.settings(), store, *now).exit_code : c.state.exit_code);
      continue;
    }
    for (;;) {
      auto now = store.find(c.config.id);
      if (!now) throw base::error("no container with name or ID \"{}\" found: no such container", name);
      auto s = runtime::state_of(ctx.settings(), store, *now);
      bool health = s.status == "running" && std::find(wanted.begin(), wanted.end(), s.health.status) != wanted.end();
      if (health || std::find(wanted.begin(), wanted.end(), s.status) != wanted.end()) {
        // Podman prints the exit code once it has exited, -1 before.
        fmt::print("{}\n", s.status == "exited" ? s.exit_code : -1);
        break;
      }
      std::this_thread::sleep_for(pause);
    }
  }
  return 0;
}

}  // namespace cli
