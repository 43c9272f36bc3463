// SPDX-License-Identifier: GPL-2.0-or-later
// image/push.cc: blobs up (skipping those the registry has), then the manifest.
#include "image/push.h"

#include <fcntl.h>
#include <unistd.h>

#include "base/digest.h"
#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "image/blobs.h"

namespace image {

std::string push(const ImageStore& store, const ImageRecord& img, const ImageRef& dest, const PullOptions& o) {
  const config::Registries& regs = registries_of(o);
  const config::RegistryEntry* entry = regs.find(dest.name());
  if (entry && entry->blocked) throw base::error("registry {} is blocked in {} or registries.conf.d", entry->prefix, regs.main_file);
  bool insecure = entry && entry->endpoint.insecure;
  auto observe = [&](PullEvent::Kind k, const std::string& text) {
    if (o.observe) o.observe({k, text});
  };
  std::string manifest_json;
  Manifest m = stored_manifest(store, img, &manifest_json);
  std::string config = *base::read_file(store.image_dir(img.id) + "/config.json");
  Registry reg(access_for(dest.domain, dest.name(), insecure, o), dest.repository, "pull,push");
  {
    reg.authenticate();
    observe(PullEvent::Kind::signatures, "");
    for (const auto& l : m.layers) {
      observe(PullEvent::Kind::blob, l.digest);
      bool there;
      try {
        there = reg.has_blob(reg.http(), l.digest);
      } catch (base::Error& e) {
        e.wrap("trying to reuse blob {} at destination", l.digest);  // Podman's words
        throw;
      }
      if (there) continue;
      base::UniqueFd fd{::open((store.blob_dir() + "/" + l.digest.substr(7)).c_str(), O_RDONLY | O_CLOEXEC)};
      if (!fd) throw base::sys_error(errno, "open blob {}", l.digest);
      reg.upload_blob(reg.http(), l.digest, fd.get(), static_cast<uint64_t>(l.size));
    }
    observe(PullEvent::Kind::config, m.config.digest);
    if (!reg.has_blob(reg.http(), m.config.digest)) reg.upload_blob(reg.http(), m.config.digest, config);
    observe(PullEvent::Kind::manifest, "");
    reg.put_manifest(dest.reference(), m.media_type, manifest_json);
  }
  return "sha256:" + base::sha256_hex(manifest_json);
}

}  // namespace image
