// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_ref.h: image names as Podman normalises them. A name with
// no registry gets one: `localhost/` for images made here (import, tag),
// `docker.io/` (and `library/` for single names) for archives from
// elsewhere (load); a missing tag is `latest`.
#pragma once

#include <optional>
#include <string>

namespace image {

struct ImageRef {
  std::string domain;      // localhost, docker.io, quay.io:443, ...
  std::string repository;  // alpine_nginx, library/busybox, ...
  std::string tag = "latest";

  std::string digest;      // sha256:..., when named by digest (parse_pull_ref)
  bool qualified = false;  // the text named its registry

  std::string name() const { return domain + "/" + repository; }  // REPOSITORY column
  std::string str() const { return digest.empty() ? name() + ":" + tag : name() + "@" + digest; }
  std::string reference() const { return digest.empty() ? tag : digest; }  // what a registry is asked for
};

enum class DefaultDomain { localhost, docker_io };

// Throws a base::Error naming the reference when it is not a valid one.
ImageRef parse_image_ref(const std::string& text, DefaultDomain domain = DefaultDomain::localhost);

// As parse_image_ref, with NAME@sha256:HEX too (a tag and a digest
// together are refused, as Podman refuses them).
ImageRef parse_pull_ref(const std::string& text, DefaultDomain domain = DefaultDomain::docker_io);

// Whether `text` may be (a prefix of) a 64-hex image id.
bool looks_like_id(const std::string& text);

}  // namespace image
