// SPDX-License-Identifier: GPL-2.0-or-later
// launch/credentials.cc: --user against passwd and group files.
#include "launch/credentials.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "base/file.h"
#include "base/root_dir.h"
#include "launch/launcher.h"

namespace launch {

namespace {

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  size_t at = 0;
  for (size_t colon; (colon = line.find(':', at)) != std::string::npos; at = colon + 1) out.push_back(line.substr(at, colon - at));
  out.push_back(line.substr(at));
  return out;
}

// Each line of a colon-separated file with at least `min` fields.
std::vector<std::vector<std::string>> entries(const std::string& text, size_t min) {
  std::vector<std::vector<std::string>> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(at, nl - at);
    at = nl + 1;
    if (line.empty() || line[0] == '#') continue;
    auto f = fields(line);
    if (f.size() >= min) out.push_back(std::move(f));
  }
  return out;
}

std::optional<unsigned> number(const std::string& s) {
  unsigned v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// The passwd entry for a name or uid, if there is one.
std::optional<std::vector<std::string>> passwd_entry(const std::string& user, const std::string& passwd) {
  auto uid = number(user);
  for (auto& e : entries(passwd, 7)) {
    if (e[0] == user || (uid && number(e[2]) == uid)) return e;
  }
  return std::nullopt;
}

gid_t group_id(const std::string& group, const std::string& text) {
  if (auto gid = number(group)) return *gid;
  for (auto& e : entries(text, 3)) {
    if (e[0] == group) {
      if (auto gid = number(e[2])) return *gid;
    }
  }
  throw base::LaunchError(base::kExitCannotInvoke, 0,
                    fmt::format("unable to find group {}: no matching entries in group file", group));
}

// The groups whose member list names `name`.
std::vector<gid_t> member_of(const std::string& name, const std::string& text) {
  std::vector<gid_t> out;
  for (auto& e : entries(text, 4)) {
    std::string list = "," + e[3] + ",";
    if (list.find("," + name + ",") == std::string::npos) continue;
    if (auto gid = number(e[2])) out.push_back(*gid);
  }
  return out;
}

}  // namespace

Credentials resolve_user(const std::string& user, const std::string& passwd, const std::string& group) {
  Credentials c;
  std::string name = user.substr(0, user.find(':'));
  bool has_group = user.find(':') != std::string::npos;
  auto entry = passwd_entry(name.empty() ? "0" : name, passwd);
  if (entry) {
    c.uid = number((*entry)[2]).value_or(0);
    c.gid = number((*entry)[3]).value_or(0);
    if (!(*entry)[5].empty()) c.home = (*entry)[5];
  } else if (auto uid = number(name)) {
    c.uid = *uid;
  } else if (!name.empty()) {
    throw base::LaunchError(base::kExitCannotInvoke, 0, fmt::format("unable to find user {}: no matching entries in passwd file", name));
  }
  if (user.empty()) return c;
  if (has_group) {
    c.gid = group_id(user.substr(user.find(':') + 1), group);
    c.groups = {c.gid};
    return c;
  }
  if (entry) c.groups = member_of((*entry)[0], group);
  if (std::find(c.groups.begin(), c.groups.end(), c.gid) == c.groups.end()) c.groups.push_back(c.gid);
  std::sort(c.groups.begin(), c.groups.end());
  return c;
}

gid_t resolve_group(const std::string& name, const std::string& group) { return group_id(name, group); }

namespace {

// A line appended to a file's text, after a newline it may lack.
void append_line(std::string& text, const std::string& line) {
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += line + "\n";
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  return s;
}

// The line for a numeric --user the file lacks (Podman's
// generateUserPasswdEntry): from the template, else the host's name for
// that uid, else "container user".
void add_user_line(UserFiles& out, const std::string& group, const UserFileInput& in) {
  std::string name = in.user.substr(0, in.user.find(':'));
  auto uid = number(name);
  if (!uid || passwd_entry(name, out.passwd)) return;
  gid_t gid = 0;
  if (in.user.find(':') != std::string::npos) {
    std::string given = in.user.substr(in.user.find(':') + 1);
    gid = group_id(given, group);  // an unknown name fails here as resolve_user words it
  }
  std::string line;
  if (!in.entry_template.empty()) {
    line = in.entry_template;
    for (auto [key, value] : {std::pair{"$USERNAME", name}, {"$UID", name}, {"$GID", std::to_string(gid)}, {"$NAME", std::string("container user")},
                              {"$HOME", in.workdir}}) {
      line = replace_all(line, key, value);
    }
  } else if (auto host = passwd_entry(name, in.host_passwd)) {
    line = fmt::format("{}:*:{}:{}:{}:{}:/bin/sh", (*host)[0], *uid, gid, (*host)[4], in.workdir);
  } else {
    line = fmt::format("{}:*:{}:{}:container user:{}:/bin/sh", *uid, *uid, gid, in.workdir);
  }
  append_line(out.passwd, line);
  out.passwd_changed = true;
}

// keep-id's line for the user (Podman's generateCurrentUserPasswdEntry)
// and one for the user's group, from the host's files.
void add_current_user(UserFiles& out, const UserFileInput& in) {
  std::string uid = std::to_string(*in.current_user);
  auto host = passwd_entry(uid, in.host_passwd);
  if (!host || passwd_entry((*host)[0], out.passwd) || passwd_entry(uid, out.passwd)) return;
  append_line(out.passwd, fmt::format("{}:*:{}:{}:{}:{}:/bin/sh", (*host)[0], uid, (*host)[3], (*host)[4], in.workdir));
  out.passwd_changed = true;
  auto gid = number((*host)[3]);
  for (auto& e : entries(out.group, 3)) {
    if (number(e[2]) == gid) return;
  }
  for (auto& e : entries(in.host_group, 3)) {
    if (number(e[2]) != gid) continue;
    append_line(out.group, fmt::format("{}:x:{}:{}", e[0], e[2], (*host)[0]));
    out.group_changed = true;
    return;
  }
}

}  // namespace

UserFiles user_files(const std::string& passwd, const std::string& group, const UserFileInput& in) {
  UserFiles out{passwd, group, group};
  if (!in.passwd) return out;
  for (const auto& u : in.host_users) {
    if (passwd_entry(u, out.passwd)) continue;  // the image has it
    auto host = passwd_entry(u, in.host_passwd);
    if (!host) throw base::LaunchError(base::kExitCannotInvoke, 0, fmt::format("user: unknown user{} {}", number(u) ? "id" : "", u));
    append_line(out.passwd, fmt::format("{}:*:{}:{}:{}:{}:/bin/sh", (*host)[0], (*host)[2], (*host)[3], (*host)[4], in.workdir));
    out.passwd_changed = true;
  }
  if (in.current_user) add_current_user(out, in);
  if (in.user.empty()) return out;
  add_user_line(out, group, in);
  // A numeric group (or uid, without one) the group file lacks (Podman's
  // generateUserGroupEntry): named by its number, the user its member.
  std::string name = in.user.substr(0, in.user.find(':'));
  std::string given = in.user.find(':') == std::string::npos ? name : in.user.substr(in.user.find(':') + 1);
  auto gid = number(given);
  if (!gid) return out;
  for (auto& e : entries(out.group, 3)) {
    if (e[0] == given || number(e[2]) == gid) return out;
  }
  append_line(out.group, fmt::format("{}:x:{}:{}", *gid, *gid, name));
  out.group_changed = true;
  return out;
}

std::string container_file(const std::string& upper, const std::string& lower, const std::string& path) {
  // Generous for a passwd or group file; a container cannot make the
  // host read more than this.
  constexpr size_t kMax = 16 << 20;
  try {
    for (const std::string* dir : {&upper, &lower}) {
      struct stat st;
      if (::stat(dir->c_str(), &st) < 0) continue;  // an upper dir not made yet
      base::RootDir root(*dir);
      auto handle = root.open(path, O_PATH | O_NOFOLLOW);
      if (!handle) continue;
      // A whiteout (a 0:0 character device) in the upper dir: the
      // container removed the file.
      if (dir == &upper && ::fstat(handle->get(), &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == 0) return "";
      if (auto text = root.read_regular(path, kMax)) return *text;
    }
  } catch (const base::Error& e) {
    throw base::LaunchError(125, base::error("read {} of the container: {}", path, e.what()));
  }
  return "";
}

}  // namespace launch
