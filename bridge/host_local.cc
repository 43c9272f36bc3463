// SPDX-License-Identifier: GPL-2.0-or-later
// bridge/host_local.cc: range checks, the round-robin allocator and the
// store, as containernetworking/plugins' host-local writes them.
#include "bridge/host_local.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "base/file.h"
#include "base/log.h"
#include "base/scope.h"

namespace bridge {

using netns::Cidr;
using netns::IpAddress;

namespace {

constexpr const char* kLineBreak = "\r\n";

IpAddress last_ip(const Cidr& subnet) {
  std::vector<uint8_t> b(subnet.addr().data(), subnet.addr().data() + subnet.addr().size());
  for (size_t i = 0; i < b.size(); ++i) {
    int bits = subnet.prefix() - static_cast<int>(i) * 8;
    if (bits < 8) b[i] |= bits <= 0 ? 0xff : static_cast<uint8_t>(0xff >> bits);
  }
  if (subnet.addr().is_v4()) b[3]--;  // not the broadcast address
  return IpAddress::from_bytes(subnet.family(), b);
}

bool in_order(const IpAddress& a, const IpAddress& b) {  // a <= b, same family
  return std::lexicographical_compare(a.data(), a.data() + a.size(), b.data(), b.data() + b.size()) ||
         a == b;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  return s.substr(i);
}

// Every address file in the store with its content.
std::vector<std::pair<std::string, std::string>> entries(const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    if (errno == ENOENT) return out;
    throw base::sys_error(errno, "read IPAM directory {}", dir);
  }
  auto close = base::defer([&] { ::closedir(d); });
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (!IpAddress::parse(name)) continue;  // lock, last_reserved_ip.N, ...
    if (auto content = base::read_file(dir + "/" + name)) out.emplace_back(name, *content);
  }
  return out;
}

bool held_by(const std::string& content, const Attachment& who) {
  std::string c = trim(content);
  // Files written before ifnames were recorded hold the id alone.
  return c == trim(who.container_id) + kLineBreak + who.ifname || c == trim(who.container_id);
}

}  // namespace

IpAddress next_ip(const IpAddress& ip) {
  std::vector<uint8_t> b(ip.data(), ip.data() + ip.size());
  for (size_t i = b.size(); i-- > 0;) {
    if (++b[i] != 0) break;
  }
  return IpAddress::from_bytes(ip.family(), b);
}

bool Range::contains(const IpAddress& ip) const {
  if (!subnet.contains(ip)) return false;
  return (!start || in_order(*start, ip)) && (!end || in_order(ip, *end));
}

void canonicalize(Range& r, size_t set_index) {
  auto fail = [&](const std::string& what) {
    return ConfigError(fmt::format("invalid range set {}: {}", set_index, what));
  };
  int bits = static_cast<int>(r.subnet.addr().size() * 8);
  if (r.subnet.prefix() > bits - 2) throw fail(fmt::format("network {} too small to allocate from", r.subnet.str()));
  if (r.subnet.network() != r.subnet) {
    throw fail(fmt::format("network has host bits set. For a subnet mask of length {} the network address is {}",
                           r.subnet.prefix(), r.subnet.network().addr().str()));
  }
  IpAddress first = next_ip(r.subnet.addr());
  if (!r.gateway) r.gateway = first;
  if (r.gateway->family() != r.subnet.family()) throw fail(fmt::format("gateway {} is not in the family of {}", r.gateway->str(), r.subnet.str()));
  if (r.start) {
    if (!r.subnet.contains(*r.start)) throw fail(fmt::format("RangeStart {} not in network {}", r.start->str(), r.subnet.str()));
  } else {
    r.start = first;
  }
  if (r.end) {
    if (!r.subnet.contains(*r.end)) throw fail(fmt::format("RangeEnd {} not in network {}", r.end->str(), r.subnet.str()));
  } else {
    r.end = last_ip(r.subnet);
  }
  if (!in_order(*r.start, *r.end)) throw fail(fmt::format("RangeStart {} is after RangeEnd {}", r.start->str(), r.end->str()));
}

void canonicalize(HostLocalConfig& c) {
  if (c.ranges.empty()) throw ConfigError("no IP ranges specified");
  std::vector<const Range*> all;
  for (size_t i = 0; i < c.ranges.size(); ++i) {
    if (c.ranges[i].empty()) throw ConfigError(fmt::format("invalid range set {}: no IP ranges specified", i));
    for (auto& r : c.ranges[i]) {
      canonicalize(r, i);
      for (const Range* o : all) {
        if (o->subnet.family() == r.subnet.family() && o->contains(*r.start) + o->contains(*r.end) + r.contains(*o->start) > 0) {
          throw ConfigError(fmt::format("range set {} overlaps with range {}-{}", i, o->start->str(), o->end->str()));
        }
      }
      all.push_back(&r);
    }
  }
}

HostLocal::HostLocal(HostLocalConfig config) : config_(std::move(config)) {
  if (config_.network.empty() || config_.network.find('/') != std::string::npos || config_.network[0] == '.') {
    throw ConfigError(fmt::format("invalid network name \"{}\"", config_.network));
  }
  canonicalize(config_);
}

bool HostLocal::reserve(const IpAddress& ip, const Attachment& who, size_t set) {
  std::string path = dir() + "/" + ip.str();
  base::UniqueFd fd{::open(path.c_str(), O_RDWR | O_EXCL | O_CREAT | O_CLOEXEC, 0644)};
  if (!fd) {
    if (errno == EEXIST) return false;
    throw base::sys_error(errno, "reserve {}", path);
  }
  std::string content = who.container_id + kLineBreak + who.ifname;
  auto undo = base::on_failure([&] { ::unlink(path.c_str()); });
  if (::write(fd.get(), content.data(), content.size()) != static_cast<ssize_t>(content.size())) {
    throw base::sys_error(errno, "write {}", path);
  }
  // Like the reference, no fsync: the leases die with the machine's
  // namespaces. Rewritten in place, under the store's lock like its readers.
  base::overwrite_file(fmt::format("{}/last_reserved_ip.{}", dir(), set), ip.str());
  undo.dismiss();
  return true;
}

std::optional<IpConfig> HostLocal::allocate_in(size_t set, const Attachment& who,
                                               const std::optional<IpAddress>& requested) {
  const RangeSet& rs = config_.ranges[set];
  if (requested) {
    for (const Range& r : rs) {
      if (!r.contains(*requested)) continue;
      if (*requested == *r.gateway) throw base::error("requested ip {} is subnet's gateway", requested->str());
      if (!reserve(*requested, who, set)) {
        throw base::error("requested IP address {} is not available in range set {}", requested->str(), set);
      }
      return IpConfig{Cidr(*requested, r.subnet.prefix()), r.gateway};
    }
    throw base::error("requested IP address {} is not in range set {}", requested->str(), set);
  }
  // Round robin: start after the last address reserved in this set.
  size_t idx = 0;
  std::optional<IpAddress> cur, start_ip;
  auto last = base::read_file(fmt::format("{}/last_reserved_ip.{}", dir(), set));
  auto last_ip = last ? IpAddress::parse(trim(*last)) : std::nullopt;
  for (size_t i = 0; last_ip && i < rs.size(); ++i) {
    if (rs[i].contains(*last_ip)) {
      idx = i;
      cur = last_ip;
      break;
    }
  }
  if (!cur) start_ip = rs[0].start;
  for (;;) {
    const Range* r = &rs[idx];
    if (!cur) {
      cur = r->start;
    } else if (*cur == *r->end) {
      idx = (idx + 1) % rs.size();
      r = &rs[idx];
      cur = r->start;
      if (start_ip && *cur == *start_ip) return std::nullopt;
    } else {
      cur = next_ip(*cur);
      if (start_ip && *cur == *start_ip) return std::nullopt;
    }
    if (!start_ip) start_ip = cur;
    if (*cur == *r->gateway) continue;
    if (reserve(*cur, who, set)) return IpConfig{Cidr(*cur, r->subnet.prefix()), r->gateway};
  }
}

std::vector<IpConfig> HostLocal::allocate(const Attachment& who, const std::vector<IpAddress>& requested,
                                          bool check_duplicates) {
  base::ensure_dir(dir(), 0755);
  base::FileLock lock = base::FileLock::acquire(dir() + "/lock");
  std::vector<IpAddress> wanted = requested;
  std::vector<IpConfig> out;
  auto undo = base::on_failure([&] { release_locked(who); });
  for (size_t set = 0; set < config_.ranges.size(); ++set) {
    std::optional<IpAddress> req;
    for (auto it = wanted.begin(); it != wanted.end(); ++it) {
      bool in_set = false;
      for (const Range& r : config_.ranges[set]) in_set = in_set || r.contains(*it);
      if (in_set) {
        req = *it;
        wanted.erase(it);
        break;
      }
    }
    if (!req && check_duplicates) {
      // The spec forbids two allocations for one attachment in one range set.
      for (const auto& held : find_locked(who)) {
        for (const Range& r : config_.ranges[set]) {
          if (r.contains(held)) {
            throw base::error("{} has been allocated to {}, duplicate allocation is not allowed", held.str(), who.container_id);
          }
        }
      }
    }
    try {
      auto ip = allocate_in(set, who, req);
      if (!ip) throw base::error("no IP addresses available in range set {}", set);
      out.push_back(*ip);
    } catch (base::Error& e) {
      e.wrap("failed to allocate for range {}", set);
      throw;
    }
  }
  if (!wanted.empty()) {
    std::string list;
    for (const auto& ip : wanted) list += " " + ip.str();
    throw base::error("failed to allocate all requested IPs:{}", list);
  }
  undo.dismiss();
  LOG_DEBUG("host-local: {} {} got {} address(es) on {}", who.container_id, who.ifname, out.size(), config_.network);
  return out;
}

void HostLocal::release_locked(const Attachment& who) {
  for (const auto& [name, content] : entries(dir())) {
    if (held_by(content, who)) base::remove_file(dir() + "/" + name);
  }
}

std::vector<IpAddress> HostLocal::find_locked(const Attachment& who) {
  std::vector<IpAddress> out;
  for (const auto& [name, content] : entries(dir())) {
    if (held_by(content, who)) out.push_back(*IpAddress::parse(name));
  }
  return out;
}

void HostLocal::release(const Attachment& who, const std::vector<IpAddress>& hints) {
  if (!base::read_file(dir() + "/lock")) return;  // never used
  base::FileLock lock = base::FileLock::acquire(dir() + "/lock");
  bool all_found = !hints.empty();
  for (const auto& ip : hints) {
    std::string path = dir() + "/" + ip.str();
    auto content = base::read_file(path);
    if (content && held_by(*content, who)) {
      base::remove_file(path);
    } else {
      all_found = false;
    }
  }
  if (!all_found) release_locked(who);
}

std::vector<IpAddress> HostLocal::find(const Attachment& who) {
  if (entries(dir()).empty()) return {};
  base::FileLock lock = base::FileLock::acquire(dir() + "/lock");
  return find_locked(who);
}

void HostLocal::gc(const std::set<Attachment>& valid) {
  if (entries(dir()).empty()) return;
  base::FileLock lock = base::FileLock::acquire(dir() + "/lock");
  for (const auto& [name, content] : entries(dir())) {
    std::string c = trim(content);
    auto br = c.find(kLineBreak);
    Attachment who{br == std::string::npos ? c : c.substr(0, br),
                   br == std::string::npos ? std::string() : c.substr(br + 2)};
    bool keep = valid.count(who) > 0;
    // An id-only legacy file is kept if the id has any valid attachment.
    for (const auto& v : valid) keep = keep || (who.ifname.empty() && v.container_id == who.container_id);
    if (!keep) base::remove_file(dir() + "/" + name);
  }
}

}  // namespace bridge
