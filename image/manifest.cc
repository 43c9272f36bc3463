// SPDX-License-Identifier: GPL-2.0-or-later
// image/manifest.cc: the four manifest kinds, and a platform picked from
// a list as containers/image picks it.
#include "image/manifest.h"

#include "base/error.h"
#include "base/json.h"

namespace image {

namespace {

namespace json = base::json;

Descriptor descriptor(const json::Value& v, const std::string& what) {
  Descriptor d;
  d.media_type = json::string_or(v, "mediaType", what);
  d.digest = json::string(v, "digest", what);
  if (!valid_digest(d.digest)) throw base::error("{}: unsupported digest \"{}\"", what, d.digest);
  d.size = json::opt_int_in(v, "size", 0, INT64_MAX, what).value_or(0);
  if (const json::Value* p = json::opt_object(v, "platform", what)) {
    d.platform.os = json::string_or(*p, "os", what);
    d.platform.architecture = json::string_or(*p, "architecture", what);
    d.platform.variant = json::string_or(*p, "variant", what);
  }
  return d;
}

bool is_layer_type(const std::string& t) {
  static const char* known[] = {
      "application/vnd.docker.image.rootfs.diff.tar.gzip",
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
      "application/vnd.oci.image.layer.v1.tar",
      "application/vnd.oci.image.layer.v1.tar+gzip",
      "application/vnd.oci.image.layer.v1.tar+zstd",
      "application/vnd.oci.image.layer.nondistributable.v1.tar",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
  };
  for (const char* k : known) {
    if (t == k) return true;
  }
  return false;
}

}  // namespace

const std::vector<std::string>& manifest_types() {
  static const std::vector<std::string> types{kOciManifest, kDockerManifest, kOciIndex, kDockerList,
                                              "application/vnd.docker.distribution.manifest.v1+prettyjws",
                                              "application/vnd.docker.distribution.manifest.v1+json"};
  return types;
}

bool valid_digest(const std::string& d) {
  if (d.size() != 71 || !d.starts_with("sha256:")) return false;
  for (size_t i = 7; i < d.size(); ++i) {
    char c = d[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Manifest parse_manifest(const std::string& text, const std::string& content_type, const std::string& what) {
  auto doc = json::parse(text, what);
  json::object(doc, what);
  Manifest m;
  auto version = json::opt_int(doc, "schemaVersion", what);
  m.media_type = json::string_or(doc, "mediaType", what);
  std::string type = content_type;
  if (type.empty() || type == "application/json" || type == "text/plain") type = m.media_type;
  if (version == 1 || type.starts_with("application/vnd.docker.distribution.manifest.v1")) {
    throw base::error("{}: unsupported manifest schema 1 (Docker's deprecated format): push the image again with a current client",
                      what);
  }
  if (version != 2) throw base::error("{}: unsupported manifest schema version {}", what, version ? *version : 0);
  if (type.empty()) type = json::opt_array(doc, "manifests", what) ? kOciIndex : kOciManifest;
  m.media_type = type;
  if (type == kDockerList || type == kOciIndex) {
    m.is_index = true;
    for (const auto& e : json::array(doc, "manifests", what)) m.manifests.push_back(descriptor(e, what));
    return m;
  }
  if (type != kDockerManifest && type != kOciManifest) throw base::error("{}: unsupported manifest type \"{}\"", what, type);
  m.config = descriptor(json::member(doc, "config", what), what + " config");
  for (const auto& l : json::array(doc, "layers", what)) {
    Descriptor d = descriptor(l, what + " layer");
    if (!is_layer_type(d.media_type)) {
      throw base::error("{}: unsupported layer type \"{}\" ({})", what, d.media_type, d.digest);
    }
    m.layers.push_back(d);
  }
  return m;
}

const Descriptor& choose_platform(const Manifest& index, const Platform& want) {
  const Descriptor* loose = nullptr;
  for (const auto& d : index.manifests) {
    if (d.platform.os != want.os || d.platform.architecture != want.architecture) continue;
    if (d.platform.variant == want.variant) return d;
    if (!loose && (want.variant.empty() || d.platform.variant.empty())) loose = &d;
  }
  if (loose) return *loose;
  throw base::error("choosing an image from manifest list: no image found in manifest list for architecture {}, variant \"{}\", OS {}",
                    want.architecture, want.variant, want.os);
}

}  // namespace image
