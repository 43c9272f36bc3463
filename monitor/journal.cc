// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/journal.cc: entries for the journal's native socket.
#include "monitor/journal.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/error.h"

namespace monitor {

namespace {

// NAME=value, or NAME, a newline, the value's length (64 bits, little
// endian) and the value, when it holds a newline.
void field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  if (value.find('\n') == std::string_view::npos) {
    out.append("=").append(value).append("\n");
    return;
  }
  out.append("\n");
  uint64_t n = value.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  out.append(value).append("\n");
}

sockaddr_un journal_address() {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, kJournalSocket, sizeof a.sun_path - 1);
  return a;
}

}  // namespace

bool journal_available() {
  try {
    connect_journal();
    return true;
  } catch (const base::Error&) {
    return false;
  }
}

base::UniqueFd connect_journal() {
  base::UniqueFd fd{::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)};
  if (!fd) throw base::sys_error(errno, "create a socket for the journal");
  sockaddr_un a = journal_address();
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) throw base::sys_error(errno, "connect to the journal at {}", kJournalSocket);
  return fd;
}

std::string journal_fields(const store::ContainerConfig& cfg) {
  std::string out;
  field(out, "CONTAINER_ID_FULL", cfg.id);
  field(out, "CONTAINER_ID", cfg.id.substr(0, 12));
  field(out, "CONTAINER_NAME", cfg.name);
  field(out, "SYSLOG_IDENTIFIER", cfg.log_tag.empty() ? cfg.name : cfg.log_tag);
  if (!cfg.log_tag.empty()) field(out, "CONTAINER_TAG", cfg.log_tag);
  return out;
}

bool send_journal_entry(int fd, const std::string& fields, bool err, std::string_view text, bool partial) {
  std::string entry = fields;
  field(entry, "PRIORITY", err ? "3" : "6");
  if (partial) {
    field(entry, "MESSAGE", text);
    field(entry, "CONTAINER_PARTIAL_MESSAGE", "true");
  } else {
    field(entry, "MESSAGE", std::string(text) + "\n");
  }
  ssize_t n;
  while ((n = ::send(fd, entry.data(), entry.size(), MSG_NOSIGNAL)) < 0 && errno == EINTR) {
  }
  return n == static_cast<ssize_t>(entry.size());
}

}  // namespace monitor
