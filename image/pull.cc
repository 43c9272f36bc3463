// SPDX-License-Identifier: GPL-2.0-or-later
// image/pull.cc: from a reference to candidates and endpoints, then one
// endpoint's pull: manifest, config, layers (image/blob_fetch.h), commit.
#include "image/pull.h"

#include <fcntl.h>
#include <unistd.h>

#include <mutex>

#include "base/clock.h"
#include "base/digest.h"
#include "base/error.h"
#include "base/file.h"
#include "base/log.h"
#include "base/scope.h"
#include "image/auth_file.h"
#include "image/blob_fetch.h"
#include "image/layer.h"

namespace image {

namespace {

// The name as typed, without its tag or digest (an alias's key).
std::string bare_name(const std::string& text) {
  std::string n = text.substr(0, text.find('@'));
  auto slash = n.rfind('/'), colon = n.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) n = n.substr(0, colon);
  return n;
}

ImageRef with_reference(ImageRef r, const ImageRef& from) {
  r.tag = from.tag;
  r.digest = from.digest;
  return r;
}

struct Endpoint {
  std::string host, repository;
  bool insecure = false;
};

// Mirrors first, then the registry itself, each with the prefix rewritten.
std::vector<Endpoint> endpoints(const ImageRef& ref, const config::RegistryEntry* entry) {
  std::string name = ref.name();
  auto split = [&](const std::string& location, bool insecure) {
    std::string rewritten = entry ? location + name.substr(entry->prefix.size()) : name;
    auto slash = rewritten.find('/');
    return Endpoint{rewritten.substr(0, slash), rewritten.substr(slash + 1), insecure};
  };
  std::vector<Endpoint> out;
  if (entry) {
    for (const auto& m : entry->mirrors) out.push_back(split(m.location, m.insecure));
    out.push_back(split(entry->endpoint.location, entry->endpoint.insecure));
  } else {
    out.push_back(split("", false));
  }
  return out;
}

// certs.d/HOST: *.crt are CAs, NAME.cert with NAME.key a client certificate.
TlsConfig tls_for(const std::string& host, const PullOptions& o) {
  TlsConfig tls;
  std::vector<std::string> dirs;
  if (!o.cert_dir.empty()) {
    dirs.push_back(o.cert_dir);
  } else {
    for (const auto& d : o.certs_dirs) dirs.push_back(d + "/" + host);
  }
  for (const auto& dir : dirs) {
    for (const auto& f : base::list_dir(dir)) {
      if (f.ends_with(".crt")) tls.ca_pem += base::read_file(dir + "/" + f).value_or("") + "\n";
      if (f.ends_with(".cert") && tls.client_cert.empty()) {
        std::string key = dir + "/" + f.substr(0, f.size() - 5) + ".key";
        if (!base::read_file(key)) throw base::error("missing key {} for client certificate {}/{}", key, dir, f);
        tls.client_cert = dir + "/" + f;
        tls.client_key = key;
      }
    }
  }
  return tls;
}

std::string sha256_of(const std::string& text) { return "sha256:" + base::sha256_hex(text); }

}  // namespace

const config::Registries& registries_of(const PullOptions& o) {
  static const config::Registries none;
  return o.registries ? *o.registries : none;
}

std::vector<ImageRef> pull_candidates(const std::string& text, const config::Registries& regs, bool interactive) {
  ImageRef ref = parse_pull_ref(text);
  if (ref.qualified) return {ref};
  std::string bare = bare_name(text);
  if (auto it = regs.aliases.find(bare); it != regs.aliases.end()) {
    return {with_reference(parse_pull_ref(it->second), ref)};
  }
  if (regs.search.empty()) {
    throw base::error("short-name \"{}\" did not resolve to an alias and no unqualified-search registries are defined in \"{}\"",
                      text, regs.main_file);
  }
  std::vector<ImageRef> out;
  for (const auto& r : regs.search) out.push_back(with_reference(parse_pull_ref(r + "/" + bare), ref));
  if (out.size() > 1 && regs.short_name_mode == "enforcing" && !interactive) {
    std::string list;
    for (const auto& c : out) list += (list.empty() ? "" : ", ") + c.str();
    throw base::error("short-name resolution enforced but cannot prompt without a TTY: \"{}\" could be any of {}", text, list);
  }
  return out;
}

RegistryAccess access_for(const std::string& host, const std::string& name, bool insecure, const PullOptions& o) {
  RegistryAccess a;
  a.host = host;
  a.tls_verify = o.tls_verify ? *o.tls_verify : !insecure;
  a.tls = tls_for(host, o);
  a.creds = o.creds ? o.creds : find_credentials(o.auth_file, o.docker_auth_file, name);
  return a;
}

namespace {

// One endpoint's pull of `ref`, stored under `ref`'s name.
std::string pull_from(ImageStore& store, const ImageRef& ref, const Endpoint& ep, const PullOptions& o) {
  Registry reg(access_for(ep.host, ep.host + "/" + ep.repository, ep.insecure, o), ep.repository);
  Fetched top;
  try {
    reg.authenticate();
    top = reg.manifest(ref.reference(), manifest_types());
  } catch (base::Error& e) {
    e.wrap("initializing source docker://{}", ref.str());
    throw;
  }
  const std::string digest = sha256_of(top.body);
  if (!ref.digest.empty() && digest != ref.digest) {
    throw base::error("reading manifest {} in {}: manifest digest {} does not match", ref.digest, reg.where(), digest);
  }
  std::vector<std::string> repo_digests{ref.name() + "@" + digest};
  Manifest m = parse_manifest(top.body, top.content_type, "manifest of " + ref.str());
  std::string manifest_json = top.body;
  if (m.is_index) {
    const Descriptor d = choose_platform(m, o.platform);  // a copy: m is replaced below
    Fetched one = reg.manifest(d.digest, manifest_types());
    if (sha256_of(one.body) != d.digest) {
      throw base::error("reading manifest {} in {}: manifest digest {} does not match", d.digest, reg.where(), sha256_of(one.body));
    }
    m = parse_manifest(one.body, one.content_type, "manifest " + d.digest + " of " + ref.str());
    if (m.is_index) throw base::error("{}: a manifest list inside a manifest list", ref.str());
    manifest_json = one.body;
    repo_digests.push_back(ref.name() + "@" + d.digest);
  }
  NewImage img{.names = ref.digest.empty() ? std::vector<std::string>{ref.str()} : std::vector<std::string>{},
               .manifest_json = manifest_json,
               .digest = digest,
               .repo_digests = repo_digests};
  // Pulled before, unchanged: the names move here, nothing is fetched.
  if (auto id = store.add_names(repo_digests.back(), img)) {
    if (o.observe) {
      o.observe({PullEvent::Kind::signatures, ""});
      for (const auto& l : m.layers) o.observe({PullEvent::Kind::blob, l.digest, 0, static_cast<uint64_t>(l.size)});
      for (const auto& l : m.layers) o.observe({PullEvent::Kind::blob_done, l.digest, 0, static_cast<uint64_t>(l.size)});
      o.observe({PullEvent::Kind::config, m.config.digest});
      o.observe({PullEvent::Kind::manifest, ""});
    }
    return *id;
  }
  try {
    return fetch_image(store, reg, m, std::move(img), o);
  } catch (base::Error& e) {
    e.wrap("pulling {}", ref.str());
    throw;
  }
}

}  // namespace

std::vector<std::string> all_tags(const std::string& text, const PullOptions& o) {
  const config::Registries& regs = registries_of(o);
  if (bare_name(text) != text) throw base::error("tag can't be used with --all-tags/-a");
  ImageRef ref = pull_candidates(text, regs, o.interactive).front();
  const config::RegistryEntry* entry = regs.find(ref.name());
  Endpoint ep = endpoints(ref, entry).back();
  Registry reg(access_for(ep.host, ep.host + "/" + ep.repository, ep.insecure, o), ep.repository);
  try {
    reg.authenticate();
    std::vector<std::string> out;
    for (const auto& t : reg.tags()) {
      ImageRef one = ref;
      one.tag = t;
      out.push_back(parse_pull_ref(one.str()).str());  // a hostile tag is refused here
    }
    return out;
  } catch (base::Error& e) {
    e.wrap("initializing source docker://{}", ref.name());
    throw;
  }
}

std::string pull(ImageStore& store, const std::string& text, const PullOptions& o) {
  const config::Registries& regs = registries_of(o);
  std::vector<ImageRef> candidates = pull_candidates(text, regs, o.interactive);
  std::optional<base::Error> last;
  for (const auto& ref : candidates) {
    const config::RegistryEntry* entry = regs.find(ref.name());
    if (o.observe) o.observe({PullEvent::Kind::trying, ref.str()});
    if (entry && entry->blocked) {
      last = base::error("initializing source docker://{}: registry {} is blocked in {} or registries.conf.d", ref.str(),
                         entry->prefix, regs.main_file);
      continue;
    }
    for (const auto& ep : endpoints(ref, entry)) {
      try {
        return pull_from(store, ref, ep, o);
      } catch (const base::Error& e) {
        LOG_DEBUG("pull {} from {}: {}", ref.str(), ep.host, e.what());
        last = e;
      }
    }
  }
  throw *last;
}

}  // namespace image
