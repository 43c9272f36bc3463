// SPDX-License-Identifier: GPL-2.0-or-later
// image/http.h: HTTP(S) requests through libcurl, for the registry client.
// One Http per thread (a curl handle is not shared), kept across requests
// so that its connections are reused. A response body streams to a sink
// when the status is 2xx, and is kept (bounded) otherwise: what a registry
// sends is hostile until checked, and never grows a buffer without limit.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

typedef void CURL;

namespace image {

struct TlsConfig {
  bool verify = true;
  std::string ca_pem;       // extra CAs (certs.d's *.crt) added to the system's
  std::string client_cert;  // certs.d's *.cert and *.key, paths
  std::string client_key;
};

struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // sent as is when not empty
  int body_fd = -1;                  // or a file to send, from its offset
  uint64_t body_size = 0;
};

struct Response {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                            // kept when not streamed
  std::string header(const std::string& name) const;
};

// Receives a 2xx body as it arrives; may throw to end the transfer.
using Sink = std::function<void(std::string_view)>;

class Http {
 public:
  explicit Http(TlsConfig tls);
  ~Http();
  Http(const Http&) = delete;
  Http& operator=(const Http&) = delete;

  // Throws on a transport failure, in Go's words as Podman prints them
  // (`Get "URL": dial tcp HOST:PORT: connect: connection refused`).
  // Bodies not streamed are kept up to `max_body` bytes (more is an error).
  Response send(const Request& r, const Sink* sink = nullptr, size_t max_body = 4 << 20);

 private:
  CURL* curl_;
  TlsConfig tls_;
  std::string ca_blob_;  // the system's bundle plus tls_.ca_pem
};

// Go's method words: "Get", "Head", "Put", ...
std::string go_method(const std::string& method);

}  // namespace image
