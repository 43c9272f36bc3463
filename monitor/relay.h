// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/relay.h: moving a container process's bytes. Its output goes to
// the log (k8s-file format, as conmon writes it) and to an attached
// terminal; an attached terminal's input goes to its stdin or pty; a
// terminal's size follows the attached one's on SIGWINCH. Clients of
// `attach` get the output too, and type into it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/fd.h"
#include "monitor/detach_keys.h"

namespace monitor {

struct RelayOutput {
  base::UniqueFd fd;   // read until it ends
  const char* stream;  // "stdout" or "stderr" in the log
  int terminal = -1;   // where an attached CLI sees it, or -1
  std::string partial = {};
};

struct Relay {
  std::vector<RelayOutput> outputs;
  int input = -1, input_to = -1;         // copied while the outputs last
  base::UniqueFd input_pipe;             // or into this, closed at the input's end
  // A pidfd: once its process has ended, what the outputs hold now is
  // read and the relay ends, whoever else still holds their other ends
  // (a process the command left in the background).
  int until = -1;
  int log = -1;                          // or -1: no log
  int journal = -1;                      // --log-driver journald: its socket (monitor/journal.h)
  std::string journal_fields;            // and the fields of the container's entries
  // The log's limit in bytes (-1: none): a line that would take it past
  // is written to an emptied log, as conmon's --log-size-max does.
  int64_t log_max = -1;
  int64_t log_size = 0;                  // what the log holds; run_relay reads it
  int size_from = -1, size_to = -1;      // the terminal whose size the pty follows
  // `attach` (monitor/attach_socket.h): clients accepted on `listener`
  // get the output; what they type goes to `attach_input` and their
  // terminal's size to `attach_pty` (-1: neither).
  base::UniqueFd listener;
  int attach_input = -1, attach_pty = -1;
  std::vector<base::UniqueFd> clients;
  // --sdnotify container: what the container sends on `notify` goes on
  // through `on_notify` (-1: none).
  int notify = -1;
  std::function<void()> on_notify;
  // The detach keys, watched for in the attached input: once typed,
  // on_detach hands the container over to `attach` (the relay goes on).
  std::optional<DetachMatcher> detach;
  std::function<void(Relay&)> on_detach;
  // --timeout: after this many seconds (0: never) `timeout_pid` is
  // killed, and timed_out set.
  int64_t timeout = 0;
  pid_t timeout_pid = 0;
  bool timed_out = false;
};

// Copies until every output has ended. Installs a SIGWINCH handler when
// the size is to follow; ignores SIGPIPE (a vanished terminal is no
// reason to stop logging).
void run_relay(Relay& r);

// Copies the window size of one terminal to another; false if either is not one.
bool copy_size(int from, int to);

// One line of the log: "2026-11-29T03:55:00.123456789Z stdout F text".
std::string log_line(const std::string& stream, const std::string& text, bool partial);

}  // namespace monitor
