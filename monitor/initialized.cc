// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/initialized.cc: init's hold on a container's process, through a
// fifo in its run dir.
#include "monitor/initialized.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/process_id.h"

namespace monitor {

namespace {

std::string start_fifo(const store::ContainerStore& store, const std::string& id) { return store.run_dir(id) + "/start"; }

}  // namespace

// The record says "initialized" (with the held process and its networks),
// the CLI is told, and the process waits here until a start writes 'g' to
// the container's start fifo; anything else ends it.
void hold_initialized(const store::ContainerStore& store, const store::Container& c, const netconf::ContainerNetwork& net,
                      pid_t pid, const std::function<void()>& ready) {
  std::string fifo = start_fifo(store, c.config.id);
  ::unlink(fifo.c_str());
  if (::mkfifo(fifo.c_str(), 0600) < 0) throw base::LaunchError(125, errno, "make the container's start fifo");
  store::ContainerState s = c.state;
  s.status = "initialized";
  s.pid = pid;
  s.pid_start = base::ProcessId::of(pid).value_or(base::ProcessId{}).start;
  const base::ProcessId me = base::ProcessId::self();
  s.monitor = me.pid;
  s.monitor_start = me.start;
  s.networks = net.networks;
  store.save_state(c.config.id, s);
  ready();
  base::UniqueFd f{::open(fifo.c_str(), O_RDONLY | O_CLOEXEC)};
  char go = 0;
  ssize_t n = f ? ::read(f.get(), &go, 1) : -1;
  ::unlink(fifo.c_str());
  if (n != 1 || go != 'g') throw base::LaunchError(125, 0, "the initialized container was not started");
}

void release_initialized(const store::ContainerStore& store, const std::string& id, bool go) {
  // Nonblocking: no reader is no monitor holding it.
  base::UniqueFd f{::open(start_fifo(store, id).c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)};
  if (!f) throw base::sys_error(errno, "container {}: no monitor holds it initialized", id);
  char word = go ? 'g' : 'x';
  if (::write(f.get(), &word, 1) != 1) throw base::sys_error(errno, "container {}: tell its monitor", id);
}

}  // namespace monitor
