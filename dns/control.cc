// SPDX-License-Identifier: GPL-2.0-or-later
// dns/control.cc: the responder's lock, pid, generation and ack.
#include "dns/control.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/process_id.h"
#include "base/spawn.h"
#include "config/host.h"

namespace dns {

namespace {

long read_number(const std::string& path) {
  auto text = base::read_file(path);
  return text ? std::atol(text->c_str()) : 0;
}

// Starts warren-dns in a session of its own, not a child of the caller
// (a monitor that ends must not take it along).
void spawn_responder(const DnsPaths& paths) {
  std::string program = config::helper_path("warren-dns");
  std::vector<std::string> args = {program, "--root", paths.root, "--runroot", paths.runroot, "--network-config-dir",
                                   paths.network_config_dir};
  base::spawn_detached(args);
}

}  // namespace

namespace {

std::optional<base::ProcessId> responder(const DnsPaths& paths) {
  auto id = base::ProcessId::parse(base::read_file(paths.dir() + "/pid").value_or(""));
  if (!id || !id->alive()) return std::nullopt;
  return id;
}

}  // namespace

int dns_responder_pid(const DnsPaths& paths) {
  auto id = responder(paths);
  return id ? static_cast<int>(id->pid) : 0;
}

void refresh_dns(const DnsPaths& paths, bool start) {
  base::ensure_dir(paths.dir(), 0700);
  auto lock = base::FileLock::acquire(paths.dir() + "/lock");
  base::sweep_temp_files(paths.dir());  // a command killed mid-write left its generation
  long generation = read_number(paths.dir() + "/generation") + 1;
  base::write_file_atomic(paths.dir() + "/generation", std::to_string(generation) + "\n", 0600, false);
  auto running = responder(paths);
  if (running && running->signal(SIGHUP)) {
    // told; it acks below
  } else if (start) {
    spawn_responder(paths);
  } else {
    return;
  }
  // Bounded: the responder reads the state in a few milliseconds.
  for (int i = 0; i < 1500; ++i) {
    auto ack = base::read_file(paths.dir() + "/ack");
    if (ack && std::atol(ack->c_str()) >= generation) {
      auto nl = ack->find('\n');
      std::string error = nl == std::string::npos ? "" : ack->substr(nl + 1);
      while (!error.empty() && error.back() == '\n') error.pop_back();
      if (!error.empty()) throw base::error("DNS responder: {}", error);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  throw base::error("the DNS responder did not answer (see {})", paths.dir());
}

}  // namespace dns
