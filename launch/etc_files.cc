// SPDX-License-Identifier: GPL-2.0-or-later
// launch/etc_files.cc: generating a container's /etc files.
#include "launch/etc_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"

namespace launch {

namespace {

// The host's hosts file as entries (address, names), comments and blank
// lines dropped.
std::vector<std::pair<std::string, std::string>> host_entries(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    std::string line = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    at = nl == std::string::npos ? text.size() : nl + 1;
    line = line.substr(0, line.find('#'));
    std::vector<std::string> words;
    size_t i = 0;
    while (i < line.size()) {
      size_t start = line.find_first_not_of(" \t\r", i);
      if (start == std::string::npos) break;
      size_t end = line.find_first_of(" \t\r", start);
      words.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
      i = end == std::string::npos ? line.size() : end;
    }
    if (words.size() < 2) continue;
    std::string names;
    for (size_t w = 1; w < words.size(); ++w) names += (w > 1 ? " " : "") + words[w];
    out.emplace_back(words[0], names);
  }
  return out;
}

}  // namespace

// As Podman 4.3 (containers/common etchosts) writes it: --add-host entries,
// the host's own entries (localhost added when they lack it), then
// host.containers.internal, then the container's addresses with its
// hostname and name (127.0.0.1 without a network of its own; none on the
// host's network, whose names are the host's).
std::string hosts_file(const EtcInput& in) {
  std::string out;
  for (const auto& entry : in.add_hosts) {
    size_t colon = entry.find(':');
    std::string ip = entry.substr(colon + 1);
    // host-gateway: the host as the container reaches it (Docker's word).
    if (ip == "host-gateway") ip = in.host_gateway;
    if (!ip.empty()) out += fmt::format("{}\t{}\n", ip, entry.substr(0, colon));
  }
  auto base = host_entries(base::read_file(in.host_hosts).value_or(""));
  bool localhost = false;
  for (const auto& [ip, names] : base) localhost = localhost || (" " + names + " ").find(" localhost ") != std::string::npos;
  if (!localhost) out += "127.0.0.1\tlocalhost\n::1\tlocalhost\n";
  for (const auto& [ip, names] : base) out += fmt::format("{}\t{}\n", ip, names);
  if (!in.host_gateway.empty()) out += fmt::format("{}\thost.containers.internal\n", in.host_gateway);
  if (in.host_network) return out;
  std::string names = in.hostname;
  if (!in.name.empty() && in.name != in.hostname) names += " " + in.name;
  if (in.own_addresses.empty()) out += fmt::format("127.0.0.1\t{}\n", names);
  for (const auto& ip : in.own_addresses) out += fmt::format("{}\t{}\n", ip, names);
  return out;
}

namespace {

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

// Whether a line of the host's resolv.conf stays in the container's.
bool keep_line(const EtcInput& in, const std::string& line) {
  if (line.starts_with("nameserver")) {
    // A loopback resolver on the host is not reachable from the container.
    bool loopback = line.find(" 127.") != std::string::npos || line.find(" ::1") != std::string::npos;
    return in.dns.empty() && (in.host_network || !loopback);
  }
  if (line.starts_with("search") || line.starts_with("domain")) return in.dns_search.empty();
  if (line.starts_with("options")) return in.dns_options.empty();
  return true;
}

}  // namespace

std::string resolv_file(const EtcInput& in) {
  std::string host = base::read_file(in.host_resolv).value_or("");
  if (in.host_network && in.dns.empty() && in.dns_search.empty() && in.dns_options.empty()) return host;
  // warren's responder first, on each DNS-enabled network's gateway, and
  // its domain searched first.
  std::string out, search;
  for (const auto& gw : in.dns_responders) out += "nameserver " + gw + "\n";
  std::string ours = in.dns_responders.empty() ? "" : in.dns_domain;
  size_t at = 0;
  while (at < host.size()) {
    size_t nl = host.find('\n', at);
    std::string line = host.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    at = nl == std::string::npos ? host.size() : nl + 1;
    if (!keep_line(in, line)) continue;
    if (!ours.empty() && line.starts_with("search") && search.empty()) {
      search = "search " + ours + line.substr(6) + "\n";
    } else {
      out += line + "\n";
    }
  }
  // --dns-search=. means no search domains at all, as in Podman.
  if (!in.dns_search.empty() && in.dns_search != std::vector<std::string>{"."}) {
    search = "search " + (ours.empty() ? "" : ours + " ") + joined(in.dns_search) + "\n";
  } else if (search.empty() && !ours.empty()) {
    search = "search " + ours + "\n";
  }
  out += search;
  for (const auto& server : in.dns) out += "nameserver " + server + "\n";
  if (!in.dns_options.empty()) out += "options " + joined(in.dns_options) + "\n";
  return out;
}

namespace {

void rewrite_in_place(const std::string& path, const std::string& text) {
  base::UniqueFd fd{::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC)};
  if (!fd) throw base::sys_error(errno, "update {}", path);
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    throw base::sys_error(errno, "update {}", path);
  }
}

}  // namespace

void add_etc_line(const std::string& path, const std::string& line, bool first_nameserver) {
  auto text = base::read_file(path);
  if (!text || text->find(line + "\n") != std::string::npos) return;
  size_t at = first_nameserver ? text->find("nameserver") : std::string::npos;
  if (at != std::string::npos && at > 0 && (*text)[at - 1] != '\n') at = std::string::npos;
  if (at == std::string::npos) {
    if (!text->empty() && text->back() != '\n') *text += '\n';
    *text += line + "\n";
  } else {
    text->insert(at, line + "\n");
  }
  rewrite_in_place(path, *text);
}

void remove_etc_line(const std::string& path, const std::string& line) {
  auto text = base::read_file(path);
  if (!text) return;
  size_t at = text->starts_with(line + "\n") ? 0 : text->find("\n" + line + "\n");
  if (at == std::string::npos) return;
  if (at > 0) ++at;
  text->erase(at, line.size() + 1);
  rewrite_in_place(path, *text);
}

std::vector<std::pair<std::string, std::string>> write_etc_files(const std::string& dir, const EtcInput& in) {
  std::vector<std::pair<std::string, std::string>> files = {
      {dir + "/hostname", "/etc/hostname"}, {dir + "/hosts", "/etc/hosts"}, {dir + "/resolv.conf", "/etc/resolv.conf"}};
  base::write_file_atomic(files[0].first, in.hostname, 0644, false);  // made anew at each start; no newline, as Podman
  if (!in.no_hosts) base::write_file_atomic(files[1].first, hosts_file(in), 0644, false);  // made anew at each start
  bool no_resolv = in.dns.size() == 1 && in.dns.front() == "none";
  if (!no_resolv) base::write_file_atomic(files[2].first, resolv_file(in), 0644, false);  // made anew at each start
  if (no_resolv) files.erase(files.begin() + 2);
  if (in.no_hosts) files.erase(files.begin() + 1);
  return files;
}

}  // namespace launch
