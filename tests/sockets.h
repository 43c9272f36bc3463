// SPDX-License-Identifier: GPL-2.0-or-later
// tests/sockets.h: tiny servers and clients bound to network namespaces,
// for traffic tests. Servers answer "peer=ADDRESS" so a test can see the
// source address a connection arrived with; everything is bounded in time.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <thread>

#include "base/fd.h"
#include "netns/namespace.h"

namespace testing {

class Server {
 public:
  // A TCP (stream) or UDP (datagram) server on [::]:port inside `ns`.
  Server(const netns::Namespace& ns, uint16_t port, bool udp = false);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

 private:
  void serve();
  base::UniqueFd fd_;
  bool udp_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// A TCP server that reads each connection to its end and answers with the
// number of bytes it read: the far end of a throughput measurement.
class Sink {
 public:
  Sink(const netns::Namespace& ns, uint16_t port);
  ~Sink();
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

 private:
  base::UniqueFd fd_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Send `bytes` to a Sink from `ns` and return MB/s, the clock stopping
// when the sink has confirmed every byte; 0 on failure.
double stream_to(const netns::Namespace* ns, const std::string& ip, uint16_t port, size_t bytes);

// Connect from `ns` (nullptr: the test's own host namespace) and return
// the server's answer, or nullopt after `timeout_ms`.
std::optional<std::string> tcp_request(const netns::Namespace* ns, const std::string& ip, uint16_t port,
                                       int timeout_ms = 2000, const std::string& bind_ip = {});
// One datagram and its answer; `src_port` fixes the client's port.
std::optional<std::string> udp_request(const netns::Namespace* ns, const std::string& ip, uint16_t port,
                                       uint16_t src_port = 0, int timeout_ms = 2000);

}  // namespace testing
