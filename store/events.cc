// SPDX-License-Identifier: GPL-2.0-or-later
// store/events.cc: JSON lines appended and read back.
#include "store/events.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/file.h"
#include "base/json.h"
#include "base/log.h"

namespace store {

namespace {

constexpr off_t kRotateAt = 1 << 20;
constexpr size_t kMaxRead = 4 << 20;  // a log (two, with the old one) read at most this far

std::string old_log(const std::string& path) { return path + ".1"; }

// Go's RFC3339Nano: the fraction without its trailing zeros.
std::string now_rfc3339_nano() {
  std::string t = base::rfc3339_now();
  auto dot = t.find('.'), z = t.find('Z');
  if (dot == std::string::npos || z == std::string::npos) return t;
  size_t last = t.find_last_not_of('0', z - 1);
  size_t cut = last == dot ? dot : last + 1;
  return t.erase(cut, z - cut);
}

}  // namespace

std::string event_json(const Event& e) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto field = [&](const char* key, const std::string& v) {
    if (v.empty()) return;  // Podman's omitempty
    w.Key(key);
    w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  };
  w.StartObject();
  if (e.exit_code && *e.exit_code != 0) {  // omitempty
    w.Key("ContainerExitCode");
    w.Int(*e.exit_code);
  }
  field("ID", e.id);
  field("Image", e.image);
  field("Name", e.name);
  field("Network", e.network);
  field("Status", e.status);
  field("Time", e.time);
  field("Type", e.type);
  field("PodID", e.pod_id);
  w.Key("Attributes");
  if (e.type == "container") {
    w.StartObject();
    for (const auto& [k, v] : e.attributes) {
      w.Key(k.c_str(), static_cast<rapidjson::SizeType>(k.size()));
      w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
    }
    w.EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

std::optional<Event> parse_event(const std::string& line) {
  try {
    auto doc = base::json::parse(line, "event");
    const auto& o = base::json::object(doc, "event");
    Event e;
    e.type = base::json::string(o, "Type", "event");
    e.status = base::json::string(o, "Status", "event");
    e.time = base::json::string(o, "Time", "event");
    e.id = base::json::string_or(o, "ID", "event");
    e.name = base::json::string_or(o, "Name", "event");
    e.image = base::json::string_or(o, "Image", "event");
    e.network = base::json::string_or(o, "Network", "event");
    e.pod_id = base::json::string_or(o, "PodID", "event");
    if (auto code = base::json::opt_int_in(o, "ContainerExitCode", -1, 255, "event")) e.exit_code = static_cast<int>(*code);
    if (e.status == "died" && !e.exit_code) e.exit_code = 0;
    if (base::json::opt_object(o, "Attributes", "event")) e.attributes = base::json::string_pairs(o, "Attributes", "event");
    if (!base::parse_rfc3339(e.time)) return std::nullopt;
    return e;
  } catch (const base::Error&) {
    return std::nullopt;
  }
}

void record_events(const config::Paths& paths, std::vector<Event> events) {
  std::string path = events_log(paths);
  if (path.empty() || events.empty()) return;
  std::string lines;
  for (auto& e : events) {
    if (e.time.empty()) e.time = now_rfc3339_nano();
    lines += event_json(e) + "\n";
  }
  try {
    base::ensure_dir(path.substr(0, path.rfind('/')), 0700);
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && st.st_size > kRotateAt) ::rename(path.c_str(), old_log(path).c_str());
    base::UniqueFd fd{::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)};
    if (!fd) throw base::sys_error(errno, "open {}", path);
    if (::write(fd.get(), lines.data(), lines.size()) != static_cast<ssize_t>(lines.size())) {
      throw base::sys_error(errno, "write {}", path);
    }
  } catch (const base::Error& err) {
    LOG_DEBUG("events {} {} not recorded: {}", events.front().type, events.front().status, err.what());
  }
}

Event make_event(std::string type, std::string status, std::string name, std::string id) {
  Event e;
  e.type = std::move(type);
  e.status = std::move(status);
  e.name = std::move(name);
  e.id = std::move(id);
  return e;
}

Event container_event(const ContainerConfig& c, const std::string& status) {
  Event e = make_event("container", status, c.name, c.id);
  e.image = c.image_name;
  e.pod_id = c.pod;
  e.attributes = c.labels;
  return e;
}

void record_container_event(const config::Paths& paths, const ContainerConfig& c, const std::string& status) {
  record_event(paths, container_event(c, status));
}

std::vector<Event> read_events(const config::Paths& paths, uint64_t from, uint64_t* end) {
  std::vector<Event> out;
  std::string path = events_log(paths);
  if (path.empty()) return out;
  auto read_lines = [&](const std::string& file, uint64_t skip) -> uint64_t {
    base::UniqueFd fd{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
    if (!fd) return 0;
    std::string text;
    char buf[1 << 16];
    struct stat st;
    if (::fstat(fd.get(), &st) < 0) return skip;
    if (static_cast<uint64_t>(st.st_size) < skip) skip = 0;  // the log started anew
    if (skip && ::lseek(fd.get(), static_cast<off_t>(skip), SEEK_SET) < 0) return skip;
    for (ssize_t n; text.size() < kMaxRead && (n = ::read(fd.get(), buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
    // A line still being written (no newline yet) is read the next time.
    size_t complete = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
    for (size_t at = 0; at < complete;) {
      size_t nl = text.find('\n', at);
      if (auto e = parse_event(text.substr(at, nl - at))) out.push_back(std::move(*e));
      at = nl + 1;
    }
    return skip + complete;
  };
  if (from == 0) read_lines(old_log(path), 0);
  uint64_t stop = read_lines(path, from);
  if (end) *end = stop;
  return out;
}

}  // namespace store
