// SPDX-License-Identifier: GPL-2.0-or-later
// store/events.h: the event log `events` reads: one JSON line per event,
// as Podman's file backend writes it (ID, Image, Name, Status, Time, Type,
// Attributes; ContainerExitCode, PodID, Network where they apply), in
// RUNROOT/events/events.log, which goes with the run dir at a reboot as
// Podman's does. Each event is one write(2) with O_APPEND, so writers
// never interleave. Past 1 MiB the log starts anew and the old one is
// kept as events.log.1, which readers read first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/paths.h"
#include "store/container_store.h"

namespace store {

struct Event {
  std::string type;    // container, image, network, pod, system, volume
  std::string status;  // create, init, start, died, remove, pull, ...
  std::string id, name, image, network, pod_id;
  std::string time;    // RFC 3339 with nanoseconds, UTC; now when left empty
  std::optional<int> exit_code;  // died
  std::vector<std::pair<std::string, std::string>> attributes;  // a container's labels
};

// The log's path; empty when events are off (--events-backend none).
inline std::string events_log(const config::Paths& paths) { return paths.events_log; }

// Appends them, in one write. An event that cannot be written is lost
// (with a debug line), never the command's failure.
void record_events(const config::Paths& paths, std::vector<Event> events);
inline void record_event(const config::Paths& paths, Event e) { record_events(paths, {std::move(e)}); }

// An event of `type` (an image's, a pod's, a volume's) naming its object.
Event make_event(std::string type, std::string status, std::string name, std::string id = "");

// A container's event: its id, image name, name, labels and pod.
Event container_event(const ContainerConfig& c, const std::string& status);
void record_container_event(const config::Paths& paths, const ContainerConfig& c, const std::string& status);

// Every event in the log, oldest first; lines that are not events skipped.
// `from` (a byte offset into events.log, for following it) skips what was
// read; `end` gets where reading stopped.
std::vector<Event> read_events(const config::Paths& paths, uint64_t from = 0, uint64_t* end = nullptr);

// One line of the log, and back; nullopt for a line that is not an event.
std::string event_json(const Event& e);
std::optional<Event> parse_event(const std::string& line);

}  // namespace store
