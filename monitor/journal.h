// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/journal.h: --log-driver journald. The container's output goes to
// the systemd journal's native socket, one entry a line, with the fields
// conmon gives Podman's: MESSAGE (the line with its newline; a partial
// one without, and CONTAINER_PARTIAL_MESSAGE=true), PRIORITY (6 for
// stdout, 3 for stderr), CONTAINER_ID_FULL, CONTAINER_ID, CONTAINER_NAME,
// SYSLOG_IDENTIFIER (--log-opt tag, or the name) and CONTAINER_TAG (the
// tag, when given). No libsystemd: the protocol is a datagram of
// NAME=value lines, a value with a newline in it sent by its length.
#pragma once

#include <string>
#include <string_view>

#include "base/fd.h"
#include "store/container_store.h"

namespace monitor {

inline constexpr const char* kJournalSocket = "/run/systemd/journal/socket";

// Whether a journal listens at kJournalSocket.
bool journal_available();
// A datagram socket connected to it; throws.
base::UniqueFd connect_journal();
// The fields every entry of `cfg`'s carries, encoded.
std::string journal_fields(const store::ContainerConfig& cfg);
// One entry; false when the journal took none.
bool send_journal_entry(int fd, const std::string& fields, bool err, std::string_view text, bool partial);

}  // namespace monitor
