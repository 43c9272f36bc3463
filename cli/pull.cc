// SPDX-License-Identifier: GPL-2.0-or-later
// cli/pull.cc: pull, login and logout, and the image lookup run and
// create share (--pull missing|always|never|newer). Progress goes to
// stderr as Podman prints it (one line per blob without a terminal, a
// bar per blob on one), the image id to stdout.
#include "cli/pull.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/text.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "config/host.h"
#include "config/registries.h"
#include "image/auth_file.h"
#include "image/pull.h"
#include "image/push.h"

namespace cli {

namespace {

image::ImageStore store_of(Context& ctx) { return image::ImageStore(ctx.paths().root, !ctx.paths().rootless); }

image::Platform platform_of(const cxxopts::ParseResult& r) {
  image::Platform p{"linux", config::go_arch(), ""};
  auto get = [&](const char* k) { return r.count(k) ? r[k].as<std::string>() : std::string(); };
  if (!get("platform").empty()) {
    if (r.count("arch") || r.count("os")) throw base::error("--platform option can not be specified with --arch or --os");
    auto parts = base::split(get("platform"), '/');
    if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty()) {
      throw base::error("invalid platform syntax for --platform=\"{}\": expected OS/ARCH[/VARIANT]", get("platform"));
    }
    p = image::Platform{parts[0], parts[1], parts.size() == 3 ? parts[2] : std::string()};
  }
  if (!get("os").empty()) p.os = get("os");
  if (!get("arch").empty()) p.architecture = get("arch");
  if (!get("variant").empty()) p.variant = get("variant");
  return p;
}

// Podman's lines without a terminal; a bar per blob with one.
class Progress {
 public:
  explicit Progress(bool quiet) : quiet_(quiet), tty_(::isatty(STDERR_FILENO)) {}
  void operator()(const image::PullEvent& e) {
    using K = image::PullEvent::Kind;
    if (e.kind == K::warning) {
      fmt::print(stderr, "WARNING: {}\n", e.text);
      return;
    }
    if (quiet_) return;
    switch (e.kind) {
      case K::trying: fmt::print(stderr, "Trying to pull {}...\n", e.text); break;
      case K::signatures: fmt::print(stderr, "Getting image source signatures\n"); break;
      case K::blob: blob(e); break;
      case K::progress: case K::blob_done: bar(e); break;
      case K::config: fmt::print(stderr, "Copying config {}\n", e.text); break;
      case K::manifest: fmt::print(stderr, "Writing manifest to image destination\nStoring signatures\n"); break;
      default: break;
    }
    std::fflush(stderr);
  }

 private:
  void blob(const image::PullEvent& e) {
    if (!tty_) {
      fmt::print(stderr, "Copying blob {}\n", e.text);
      return;
    }
    rows_[e.text] = rows_.size();
    fmt::print(stderr, "Copying blob {} {}\n", e.text.substr(7, 12), line(0, e.total));
  }
  void bar(const image::PullEvent& e) {
    if (!tty_ || !rows_.count(e.text)) return;
    size_t up = rows_.size() - rows_[e.text];
    bool done = e.kind == image::PullEvent::Kind::blob_done;
    // Up to the blob's line, rewrite it, and back down.
    fmt::print(stderr, "\x1b[{}A\r\x1b[2KCopying blob {} {}\x1b[{}B\r", up, e.text.substr(7, 12),
               done ? "done" : line(e.done, e.total), up);
  }
  static std::string line(uint64_t done, uint64_t total) {
    int filled = total ? static_cast<int>(30 * std::min(done, total) / total) : 0;
    return fmt::format("[{}{}] {} / {}", std::string(filled, '='), std::string(30 - filled, '-'), human_size(done),
                       human_size(total));
  }
  bool quiet_, tty_;
  std::map<std::string, size_t> rows_;
};

}  // namespace

void add_pull_flags(cxxopts::OptionAdder&& add, bool for_run) {
  if (for_run) {
    add("arch", "use ARCH instead of the architecture of the machine for choosing images", cxxopts::value<std::string>(), "ARCH")
       ("authfile", "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override", cxxopts::value<std::string>(), "string")
       ("creds", "Credentials (USERNAME:PASSWORD) to use for authenticating to a registry when pulling images", cxxopts::value<std::string>(), "Credentials")
       ("os", "use OS instead of the running OS for choosing images", cxxopts::value<std::string>(), "OS")
       ("platform", "Specify the platform for selecting the image.  (Conflicts with --arch and --os)", cxxopts::value<std::string>(), "string")
       ("pull", "Pull image policy (default \"missing\")", cxxopts::value<std::string>(), "string")
       ("q,quiet", "Suppress output information when pulling images")
       ("tls-verify", "Require HTTPS and verify certificates when contacting registries for pulling images",
        cxxopts::value<bool>()->implicit_value("true"))
       ("variant", "Use VARIANT instead of the running architecture variant for choosing images", cxxopts::value<std::string>(), "VARIANT");
    return;
  }
  add("a,all-tags", "All tagged images in the repository will be pulled")
     ("arch", "Use ARCH instead of the architecture of the machine for choosing images", cxxopts::value<std::string>(), "ARCH")
     ("authfile", "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override", cxxopts::value<std::string>(), "string")
     ("cert-dir", "Pathname of a directory containing TLS certificates and keys", cxxopts::value<std::string>(), "Pathname")
     ("creds", "Credentials (USERNAME:PASSWORD) to use for authenticating to a registry", cxxopts::value<std::string>(), "Credentials")
     ("disable-content-trust", "This is a Docker specific option and is a NOOP")
     ("os", "Use OS instead of the running OS for choosing images", cxxopts::value<std::string>(), "OS")
     ("platform", "Specify the platform for selecting the image.  (Conflicts with arch and os)", cxxopts::value<std::string>(), "string")
     ("q,quiet", "Suppress output information when pulling images")
     ("tls-verify", "Require HTTPS and verify certificates when contacting registries (default true)",
      cxxopts::value<bool>()->implicit_value("true"))
     ("variant", "Use VARIANT instead of the running architecture variant for choosing images", cxxopts::value<std::string>(), "string");
}

image::PullOptions pull_options(Context& ctx, const cxxopts::ParseResult& r) {
  static std::optional<config::Registries> regs;
  if (!regs) regs = config::load_registries(ctx.env);
  image::PullOptions o;
  o.registries = &*regs;
  o.certs_dirs = config::certs_dirs(ctx.env);
  if (r.count("cert-dir")) o.cert_dir = r["cert-dir"].as<std::string>();
  o.auth_file = r.count("authfile") ? r["authfile"].as<std::string>() : config::auth_file(ctx.env);
  if (r.count("authfile") && ::access(o.auth_file.c_str(), F_OK) < 0) {
    throw base::error("checking authfile: stat {}: no such file or directory", o.auth_file);
  }
  o.docker_auth_file = config::docker_auth_file(ctx.env);
  if (r.count("tls-verify")) o.tls_verify = r["tls-verify"].as<bool>();
  if (r.count("creds")) o.creds = image::parse_creds(r["creds"].as<std::string>());
  o.platform = platform_of(r);
  o.interactive = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
  return o;
}

std::string pull_image(Context& ctx, const std::string& name, image::PullOptions o, bool quiet) {
  auto store = store_of(ctx);
  Progress progress(quiet);
  o.observe = [&](const image::PullEvent& e) { progress(e); };
  std::string id = image::pull(store, name, o);
  record_event(ctx, "image", "pull", name);  // Podman's: the name as asked for, no id
  return id;
}

image::ImageRecord find_or_pull(Context& ctx, const std::string& name, const std::string& policy, const cxxopts::ParseResult& r,
                                bool quiet) {
  if (policy != "missing" && policy != "always" && policy != "never" && policy != "newer") {
    throw base::error("unsupported pull policy \"{}\"", policy);
  }
  auto store = store_of(ctx);
  if (policy == "missing" || policy == "never") {
    if (auto img = store.find(name)) return *img;
    if (policy == "never") throw base::error("{}: image not known", name);
  }
  std::string id;
  try {
    id = pull_image(ctx, name, pull_options(ctx, r), quiet);
  } catch (const base::Error&) {
    // newer: a registry that cannot be reached leaves the local image in use.
    if (policy == "newer") {
      if (auto img = store.find(name)) return *img;
    }
    throw;
  }
  return store.get(id);
}

int pull_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("pull"), "Pull an image from a registry", "[options] IMAGE [IMAGE...]");
  add_pull_flags(opts.add(), false);
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto names = r->unmatched();
  if (names.empty()) throw base::error("requires at least 1 arg(s), only received 0");
  image::PullOptions o = pull_options(ctx, *r);
  bool quiet = r->count("quiet") > 0;
  for (const auto& n : names) {
    if (!r->count("all-tags")) {
      fmt::print("{}\n", pull_image(ctx, n, o, quiet));
      continue;
    }
    for (const auto& tagged : image::all_tags(n, o)) fmt::print("{}\n", pull_image(ctx, tagged, o, quiet));
  }
  return 0;
}

int push_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("push"), "Push an image to a specified destination", "[options] IMAGE [DESTINATION]");
  opts.add()("authfile", "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override", cxxopts::value<std::string>(), "string")
      ("cert-dir", "Path to a directory containing TLS certificates and keys", cxxopts::value<std::string>(), "string")
      ("creds", "Credentials (USERNAME:PASSWORD) to use for authenticating to a registry", cxxopts::value<std::string>(), "Credentials")
      ("digestfile", "Write the digest of the pushed image to the specified file", cxxopts::value<std::string>(), "string")
      ("disable-content-trust", "This is a Docker specific option and is a NOOP")
      ("q,quiet", "Suppress output information when pushing images")
      ("tls-verify", "Require HTTPS and verify certificates when contacting registries (default true)",
       cxxopts::value<bool>()->implicit_value("true"));
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto pos = r->unmatched();
  if (pos.empty() || pos.size() > 2) throw base::error("accepts between 1 and 2 arg(s), received {}", pos.size());
  auto store = store_of(ctx);
  image::ImageRecord img = store.get(pos[0]);
  std::string dest = pos.size() == 2 ? pos[1] : pos[0];
  if (dest.starts_with("docker://")) dest = dest.substr(9);
  image::ImageRef ref = image::parse_pull_ref(dest);
  // Given by a short name (or id): the image's own name is where it goes.
  if (!ref.qualified && pos.size() == 1 && !img.names.empty()) ref = image::parse_pull_ref(img.names.front());
  if (!ref.qualified) throw base::error("{}: push needs a registry in the destination (REGISTRY/NAME[:TAG])", dest);
  image::PullOptions o = pull_options(ctx, *r);
  Progress progress(r->count("quiet") > 0);
  o.observe = [&](const image::PullEvent& e) { progress(e); };
  std::string digest = image::push(store, img, ref, o);
  if (r->count("digestfile")) base::write_file_atomic((*r)["digestfile"].as<std::string>(), digest, 0644);
  return 0;
}

}  // namespace cli
