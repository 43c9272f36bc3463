// SPDX-License-Identifier: GPL-2.0-or-later
// image/http.cc: one curl easy handle, its callbacks, and curl's errors
// put as Go's net/http puts them (Podman's users know those words).
#include "image/http.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <exception>

#include "base/error.h"
#include "base/file.h"
#include "image/curl_lib.h"

namespace image {

namespace {

struct Transfer {
  CURL* curl;
  const Sink* sink;
  size_t max_body;
  Response* out;
  bool streaming = false, decided = false, too_big = false;
  std::exception_ptr error;
  int body_fd = -1;
};

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) {
    t->out->headers.clear();  // a redirect's or a 100's headers are not the answer's
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
  if (t->out->headers.size() < 256) t->out->headers[name] = std::string(value.substr(0, 8192));
  return size * n;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  if (!t->decided) {
    long status = 0;
    curl_lib().easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
    t->streaming = t->sink && status >= 200 && status < 300;
    t->decided = true;
  }
  if (t->streaming) {
    try {
      (*t->sink)({data, len});
    } catch (...) {
      t->error = std::current_exception();
      return 0;
    }
    return len;
  }
  if (t->out->body.size() + len > t->max_body) {
    t->too_big = true;
    return 0;
  }
  t->out->body.append(data, len);
  return len;
}

size_t on_read(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  for (;;) {
    ssize_t got = ::read(t->body_fd, data, size * n);
    if (got >= 0) return static_cast<size_t>(got);
    if (errno != EINTR) return CURL_READFUNC_ABORT;
  }
}

std::string host_port(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find('/', start);
  std::string hp = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (hp.find(':') == std::string::npos) hp += url.starts_with("https") ? ":443" : ":80";
  return hp;
}

// Go's words for what curl says, where Podman's users would search for them.
std::string cause(CURL* curl, CURLcode code, const char* detail, const std::string& url) {
  long os_errno = 0;
  curl_lib().easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
  std::string d = *detail ? detail : curl_lib().easy_strerror(code);
  switch (code) {
    case CURLE_COULDNT_CONNECT:
      if (os_errno == ECONNREFUSED) return "dial tcp " + host_port(url) + ": connect: connection refused";
      if (os_errno) {
        std::string why = std::strerror(static_cast<int>(os_errno));
        why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));  // Go's errno text
        return "dial tcp " + host_port(url) + ": connect: " + why;
      }
      return "dial tcp " + host_port(url) + ": " + d;
    case CURLE_COULDNT_RESOLVE_HOST: {
      std::string hp = host_port(url);
      return "dial tcp: lookup " + hp.substr(0, hp.rfind(':')) + ": no such host";
    }
    case CURLE_SSL_CONNECT_ERROR:
      if (d.find("wrong version number") != std::string::npos || d.find("packet length too long") != std::string::npos) {
        return "http: server gave HTTP response to HTTPS client";
      }
      return d;
    case CURLE_PEER_FAILED_VERIFICATION:
      if (d.find("self-signed") != std::string::npos || d.find("self signed") != std::string::npos ||
          d.find("local issuer") != std::string::npos) {
        return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
      }
      return d;
    default:
      return d;
  }
}

}  // namespace

std::string Response::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::string go_method(const std::string& method) {
  std::string m = method;
  std::transform(m.begin() + 1, m.end(), m.begin() + 1, [](unsigned char c) { return std::tolower(c); });
  return m;
}

Http::Http(TlsConfig tls) : curl_(curl_lib().easy_init()), tls_(std::move(tls)) {
  if (!curl_) throw base::error("libcurl: cannot make a handle");
  if (!tls_.ca_pem.empty()) {
    ca_blob_ = base::read_file("/etc/ssl/certs/ca-certificates.crt").value_or("") + "\n" + tls_.ca_pem;
  }
}

Http::~Http() { curl_lib().easy_cleanup(curl_); }

Response Http::send(const Request& r, const Sink* sink, size_t max_body) {
  const CurlLib& c = curl_lib();
  c.easy_reset(curl_);
  Response out;
  Transfer t{curl_, sink, max_body, &out};
  t.body_fd = r.body_fd;
  char detail[CURL_ERROR_SIZE] = "";
  curl_slist* headers = nullptr;
  for (const auto& h : r.headers) headers = c.slist_append(headers, h.c_str());
  c.easy_setopt(curl_, CURLOPT_URL, r.url.c_str());
  c.easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
  c.easy_setopt(curl_, CURLOPT_ERRORBUFFER, detail);
  c.easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  c.easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https");
  c.easy_setopt(curl_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  c.easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 1L);
  c.easy_setopt(curl_, CURLOPT_MAXREDIRS, 10L);
  c.easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, 30L);
  // A stalled transfer ends (no bytes for a minute), a slow one does not.
  c.easy_setopt(curl_, CURLOPT_LOW_SPEED_LIMIT, 1L);
  c.easy_setopt(curl_, CURLOPT_LOW_SPEED_TIME, 60L);
  c.easy_setopt(curl_, CURLOPT_USERAGENT, "warren");
  c.easy_setopt(curl_, CURLOPT_HEADERFUNCTION, on_header);
  c.easy_setopt(curl_, CURLOPT_HEADERDATA, &t);
  c.easy_setopt(curl_, CURLOPT_WRITEFUNCTION, on_body);
  c.easy_setopt(curl_, CURLOPT_WRITEDATA, &t);
  c.easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, tls_.verify ? 1L : 0L);
  c.easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, tls_.verify ? 2L : 0L);
  if (!ca_blob_.empty()) {
    curl_blob blob{ca_blob_.data(), ca_blob_.size(), CURL_BLOB_NOCOPY};
    c.easy_setopt(curl_, CURLOPT_CAINFO_BLOB, &blob);
  }
  if (!tls_.client_cert.empty()) c.easy_setopt(curl_, CURLOPT_SSLCERT, tls_.client_cert.c_str());
  if (!tls_.client_key.empty()) c.easy_setopt(curl_, CURLOPT_SSLKEY, tls_.client_key.c_str());
  if (r.method == "HEAD") {
    c.easy_setopt(curl_, CURLOPT_NOBODY, 1L);
  } else if (r.method != "GET") {
    c.easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  }
  if (r.body_fd >= 0) {
    c.easy_setopt(curl_, CURLOPT_UPLOAD, 1L);
    c.easy_setopt(curl_, CURLOPT_READFUNCTION, on_read);
    c.easy_setopt(curl_, CURLOPT_READDATA, &t);
    c.easy_setopt(curl_, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(r.body_size));
    c.easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  } else if (!r.body.empty() || r.method == "POST" || r.method == "PUT" || r.method == "PATCH") {
    c.easy_setopt(curl_, CURLOPT_POSTFIELDS, r.body.data());
    c.easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
  }
  CURLcode code = c.easy_perform(curl_);
  c.slist_free_all(headers);
  c.easy_setopt(curl_, CURLOPT_ERRORBUFFER, nullptr);
  if (t.error) std::rethrow_exception(t.error);
  const std::string what = go_method(r.method) + " \"" + r.url + "\"";
  if (t.too_big) throw base::error("{}: the response is larger than {} bytes", what, max_body);
  if (code != CURLE_OK) throw base::error("{}: {}", what, cause(curl_, code, detail, r.url));
  c.easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &out.status);
  return out;
}

}  // namespace image
