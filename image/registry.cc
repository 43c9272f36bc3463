// SPDX-License-Identifier: GPL-2.0-or-later
// image/registry.cc: the ping, the challenge and its answer, and the two
// reads a pull makes. As containers/image does: HTTPS first, plain HTTP
// only when TLS verification is off; a Bearer token per repository scope.
#include "image/registry.h"

#include <cctype>

#include "base/base64.h"
#include "base/error.h"
#include "base/json.h"
#include "base/log.h"

namespace image {

namespace {

constexpr size_t kManifestMax = 4 << 20;
constexpr size_t kTokenMax = 1 << 20;

// Percent-encoding for a query value.
std::string escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      static const char hex[] = "0123456789ABCDEF";
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// The parameters of a challenge: Bearer realm="...",service="...".
std::string param(const std::string& challenge, const std::string& key) {
  size_t at = 0;
  while ((at = challenge.find(key + "=", at)) != std::string::npos) {
    bool starts = at == 0 || challenge[at - 1] == ' ' || challenge[at - 1] == ',';
    at += key.size() + 1;
    if (!starts) continue;
    if (at < challenge.size() && challenge[at] == '"') {
      auto end = challenge.find('"', at + 1);
      return challenge.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
    }
    auto end = challenge.find(',', at);
    return challenge.substr(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return "";
}

std::string scheme_of(const std::string& challenge) {
  std::string s = challenge.substr(0, challenge.find(' '));
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string status_text(long status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

}  // namespace

std::string endpoint_of(const std::string& host) { return host == "docker.io" ? "registry-1.docker.io" : host; }

std::string registry_error(const Response& r) {
  try {
    auto d = base::json::parse(r.body, "registry error");
    for (const auto& e : base::json::list(base::json::member(d, "errors", "registry error"), "registry error")) {
      std::string code = base::json::string_or(e, "code", "registry error");
      for (auto& c : code) c = c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string message = base::json::string_or(e, "message", "registry error");
      if (!code.empty()) return code + ": " + message;
    }
  } catch (const base::Error&) {
  }
  if (r.status == 401) return "unauthorized: authentication required";
  std::string text = status_text(r.status);
  return fmt::format("invalid status code from registry {}{}", r.status, text.empty() ? "" : " (" + text + ")");
}

Registry::Registry(RegistryAccess access, std::string repository, std::string actions)
    : access_(std::move(access)), repository_(std::move(repository)), actions_(std::move(actions)) {}

std::vector<std::string> Registry::headers() const {
  if (authorization_.empty()) return {};
  return {"Authorization: " + authorization_};
}

void Registry::authenticate() {
  TlsConfig tls = access_.tls;
  tls.verify = access_.tls_verify;
  http_ = std::make_unique<Http>(tls);
  const std::string endpoint = endpoint_of(access_.host);
  Response pong;
  auto ping = [&](const std::string& scheme) {
    base_ = scheme + "://" + endpoint + "/v2/";
    pong = http_->send({.url = base_}, nullptr, 64 << 10);
    if (pong.status != 200 && pong.status != 401) throw base::error("{}", registry_error(pong));
  };
  try {
    try {
      ping("https");
    } catch (const base::Error& e) {
      if (access_.tls_verify) throw;
      LOG_DEBUG("registry {}: https: {}; trying http", access_.host, e.what());
      ping("http");
    }
  } catch (base::Error& e) {
    e.wrap("pinging container registry {}", access_.host);
    throw;
  }
  std::string challenge = pong.header("www-authenticate");
  if (pong.status == 200 || challenge.empty()) return;
  std::string scheme = scheme_of(challenge);
  if (scheme == "bearer") {
    token(challenge);
  } else if (scheme == "basic" && access_.creds) {
    authorization_ = "Basic " + base::base64_encode(access_.creds->username + ":" + access_.creds->password);
  }
}

void Registry::token(const std::string& challenge) {
  std::string realm = param(challenge, "realm");
  if (!realm.starts_with("https://") && !realm.starts_with("http://")) {
    throw base::error("registry {}: the token realm \"{}\" is not an HTTP URL", access_.host, realm);
  }
  std::string url = realm + (realm.find('?') == std::string::npos ? "?" : "&");
  std::string service = param(challenge, "service");
  if (!service.empty()) url += "service=" + escape(service) + "&";
  if (!repository_.empty()) url += "scope=" + escape("repository:" + repository_ + ":" + actions_) + "&";
  Request req{.url = url.substr(0, url.size() - 1)};
  if (access_.creds) {
    req.url += "&account=" + escape(access_.creds->username);
    req.headers.push_back("Authorization: Basic " +
                          base::base64_encode(access_.creds->username + ":" + access_.creds->password));
  }
  Response r = http_->send(req, nullptr, kTokenMax);
  if (r.status == 401) {
    throw base::error("unable to retrieve auth token: invalid username/password: {}", registry_error(r));
  }
  if (r.status != 200) throw base::error("unable to retrieve auth token: {}", registry_error(r));
  const std::string what = "token from " + realm;
  auto d = base::json::parse(r.body, what);
  std::string t = base::json::string_or(d, "token", what);
  if (t.empty()) t = base::json::string_or(d, "access_token", what);
  if (t.empty()) throw base::error("unable to retrieve auth token: {} has none", what);
  for (char c : t) {
    if (c < 0x21 || c > 0x7e) throw base::error("unable to retrieve auth token: {} is not a token", what);
  }
  authorization_ = "Bearer " + t;
}

void Registry::check_login() {
  Response r = http_->send({.url = base_, .headers = headers()}, nullptr, 64 << 10);
  if (r.status == 401) throw base::error("invalid username/password");
  if (r.status != 200) throw base::error("{}", registry_error(r));
}

Fetched Registry::manifest(const std::string& reference, const std::vector<std::string>& accept) {
  Request req{.url = url(repository_ + "/manifests/" + reference), .headers = headers()};
  std::string types;
  for (const auto& a : accept) types += (types.empty() ? "" : ", ") + a;
  req.headers.push_back("Accept: " + types);
  Response r = http_->send(req, nullptr, kManifestMax);
  if (r.status != 200) throw base::error("reading manifest {} in {}: {}", reference, where(), registry_error(r));
  std::string type = r.header("content-type");
  type = type.substr(0, type.find(';'));
  return {std::move(r.body), type, r.header("docker-content-digest")};
}

std::vector<std::string> Registry::tags() {
  Response r = http_->send({.url = url(repository_ + "/tags/list"), .headers = headers()}, nullptr, kManifestMax);
  if (r.status != 200) throw base::error("reading tags of {}: {}", where(), registry_error(r));
  const std::string what = "tags of " + where();
  auto d = base::json::parse(r.body, what);
  return base::json::strings(base::json::object(d, what), "tags", what);
}

bool Registry::has_blob(Http& http, const std::string& digest) const {
  Response r = http.send({.method = "HEAD", .url = url(repository_ + "/blobs/" + digest), .headers = headers()}, nullptr, 64 << 10);
  if (r.status == 200) return true;
  if (r.status == 404) return false;
  throw base::error("checking whether a blob {} exists in {}: {}", digest, where(), registry_error(r));
}

// Starts an upload; the URL to PUT the blob to, its digest in the query.
std::string Registry::upload_url(Http& http, const std::string& digest) const {
  Response r = http.send({.method = "POST", .url = url(repository_ + "/blobs/uploads/"), .headers = headers()}, nullptr, 64 << 10);
  if (r.status != 202) throw base::error("initiating layer upload to /v2/{}/blobs/uploads/ in {}: {}", repository_, access_.host, registry_error(r));
  std::string location = r.header("location");
  if (location.empty()) throw base::error("initiating layer upload in {}: no Location in the answer", access_.host);
  if (location.starts_with("/")) location = base_.substr(0, base_.size() - 4) + location;  // base_ ends in "/v2/"
  if (!location.starts_with("https://") && !location.starts_with("http://")) {
    throw base::error("initiating layer upload in {}: Location \"{}\" is not an HTTP URL", access_.host, location);
  }
  return location + (location.find('?') == std::string::npos ? "?" : "&") + "digest=" + digest;
}

void Registry::upload_blob(Http& http, const std::string& digest, int fd, uint64_t size) const {
  put_blob(http, digest, {.body_fd = fd, .body_size = size});
}

void Registry::upload_blob(Http& http, const std::string& digest, const std::string& body) const {
  put_blob(http, digest, {.body = body});
}

void Registry::put_blob(Http& http, const std::string& digest, Request req) const {
  req.method = "PUT";
  req.url = upload_url(http, digest);
  req.headers = headers();
  req.headers.push_back("Content-Type: application/octet-stream");
  Response r = http.send(req, nullptr, 64 << 10);
  if (r.status != 201) throw base::error("uploading blob {} to {}: {}", digest, where(), registry_error(r));
}

void Registry::put_manifest(const std::string& reference, const std::string& media_type, const std::string& body) {
  Request req{.method = "PUT", .url = url(repository_ + "/manifests/" + reference), .headers = headers(), .body = body};
  req.headers.push_back("Content-Type: " + media_type);
  Response r = http_->send(req, nullptr, 64 << 10);
  if (r.status != 201) throw base::error("writing manifest {} to {}: {}", reference, where(), registry_error(r));
}

void Registry::blob(Http& http, const std::string& digest, const Sink& sink) const {
  Response r = http.send({.url = url(repository_ + "/blobs/" + digest), .headers = headers()}, &sink, 64 << 10);
  if (r.status != 200) throw base::error("fetching blob {}: {}", digest, registry_error(r));
}

}  // namespace image
