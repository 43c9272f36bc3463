// SPDX-License-Identifier: GPL-2.0-or-later
// image/pull.h: an image from a registry into the store. The reference
// is resolved as registries.conf says (aliases, search registries,
// blocked ones, mirrors), the manifest (or the platform's entry of a
// list) fetched, the config and every layer checked against their digests
// as they stream in (several at once), the layers applied in order inside
// the new image's root and checked against the config's diff ids. Nothing
// reaches the store unless all of it checks out.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/registries.h"
#include "image/image_store.h"
#include "image/manifest.h"
#include "image/registry.h"

namespace image {

// What a pull tells its caller as it goes (from more than one thread,
// one call at a time).
struct PullEvent {
  enum class Kind { trying, signatures, blob, progress, blob_done, config, manifest, warning };
  Kind kind;
  std::string text;  // the reference, the digest, or the warning
  uint64_t done = 0, total = 0;
};
using PullObserver = std::function<void(const PullEvent&)>;

struct PullOptions {
  const config::Registries* registries = nullptr;
  std::vector<std::string> certs_dirs;  // where certs.d/HOST lives
  std::string cert_dir;                 // --cert-dir: the files themselves, for every host
  std::string auth_file, docker_auth_file;
  std::optional<bool> tls_verify;       // --tls-verify, when given
  std::optional<Credentials> creds;     // --creds, when given
  Platform platform;
  bool interactive = false;             // a terminal to ask on (short names)
  int parallel = 3;
  PullObserver observe;
};

// `o.registries`, or none (no file read: every name as it is).
const config::Registries& registries_of(const PullOptions& o);

// The fully qualified references `text` may mean, in the order to try
// them. Throws for a short name with no candidates, or an ambiguous one
// where no terminal can ask (short-name-mode "enforcing").
std::vector<ImageRef> pull_candidates(const std::string& text, const config::Registries& regs, bool interactive);

// Every tag of the repository `text` names (pull --all-tags), as references.
std::vector<std::string> all_tags(const std::string& text, const PullOptions& o);

// Pulls `text`; returns the image id.
std::string pull(ImageStore& store, const std::string& text, const PullOptions& o);

// The access to the registry of `ref` (after registries.conf's rewrite):
// TLS as --tls-verify, registries.conf and certs.d say; credentials from
// --creds or the auth files.
RegistryAccess access_for(const std::string& host, const std::string& name, bool insecure, const PullOptions& o);

}  // namespace image
