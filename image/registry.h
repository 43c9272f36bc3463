// SPDX-License-Identifier: GPL-2.0-or-later
// image/registry.h: a client of one repository on one registry, by the
// OCI distribution spec (v2): the ping that finds the scheme and the
// authentication challenge, Basic credentials or a Bearer token from the
// challenge's realm, manifests and blobs. Every body read from the
// registry is bounded or streamed; checking digests is the caller's.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "image/http.h"

namespace image {

struct Credentials {
  std::string username, password;
};

struct RegistryAccess {
  std::string host;                  // as in the reference: docker.io, localhost:5000
  bool tls_verify = true;            // false: HTTPS unverified, then plain HTTP
  TlsConfig tls;                     // certs.d's CAs and client certificate
  std::optional<Credentials> creds;  // none: anonymous
};

struct Fetched {
  std::string body;
  std::string content_type;
  std::string digest;  // Docker-Content-Digest, when the registry sent one
};

class Registry {
 public:
  // `actions`: the token scope's ("pull", or "pull,push"); `repository`
  // empty: only the registry (login).
  Registry(RegistryAccess access, std::string repository, std::string actions = "pull");

  // GET /v2/: the scheme, then a token or Basic credentials as the
  // registry's challenge asks. Errors as Podman words them.
  void authenticate();

  // After authenticate(): throws "invalid username/password" unless the
  // registry takes the credentials (login checks before it saves them).
  void check_login();

  // A manifest or index by tag or digest (at most 4 MiB, as Podman).
  Fetched manifest(const std::string& reference, const std::vector<std::string>& accept);
  // The repository's tags (GET /v2/NAME/tags/list).
  std::vector<std::string> tags();
  // A blob streamed to `sink`, with an Http of the caller's thread.
  void blob(Http& http, const std::string& digest, const Sink& sink) const;

  // Push: whether the registry has the blob; an upload (POST, then PUT
  // with the digest) from `fd`; a manifest under a tag or digest.
  bool has_blob(Http& http, const std::string& digest) const;
  void upload_blob(Http& http, const std::string& digest, int fd, uint64_t size) const;
  void upload_blob(Http& http, const std::string& digest, const std::string& body) const;
  void put_manifest(const std::string& reference, const std::string& media_type, const std::string& body);

  // "host/repository", as errors name it.
  std::string where() const { return access_.host + "/" + repository_; }
  const RegistryAccess& access() const { return access_; }
  // Headers every request carries (the authorization, once known).
  std::vector<std::string> headers() const;
  std::string url(const std::string& path) const { return base_ + path; }
  Http& http() { return *http_; }

 private:
  void token(const std::string& challenge);
  std::string upload_url(Http& http, const std::string& digest) const;
  // The upload's PUT, `body` carrying the blob (bytes or a file).
  void put_blob(Http& http, const std::string& digest, Request body) const;

  RegistryAccess access_;
  std::string repository_, actions_;
  std::string base_;  // scheme://endpoint/v2/
  std::string authorization_;
  std::unique_ptr<Http> http_;
};

// "manifest unknown: manifest unknown" from a registry's error body, as
// Go's errcode prints it; else "invalid status code from registry N".
std::string registry_error(const Response& r);

// The registry a host name means: docker.io is served at registry-1.docker.io.
std::string endpoint_of(const std::string& host);

}  // namespace image
