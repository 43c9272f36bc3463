// SPDX-License-Identifier: GPL-2.0-or-later
// cli/run_attach.cc: what run takes for the session it holds: -a (which
// outputs the terminal shows; create's too), --sig-proxy, --detach-keys,
// --preserve-fds (the caller's fds 3 .. 3+N-1 handed to the container),
// --rmi (its image removed after it, unless another uses it) and --passwd
// (which podman create lacks).
#include <fcntl.h>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "base/error.h"
#include "cli/commands.h"
#include "image/image_store.h"
#include "monitor/detach_keys.h"

namespace cli {

void add_run_attach_options(Options& opts, bool run) {
  opts.add()("a,attach", "Attach to STDIN, STDOUT or STDERR", cxxopts::value<std::string>(), "strings");
  if (!run) return;
  opts.add()
      ("passwd", "add entries to /etc/passwd and /etc/group", cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("sig-proxy", "Proxy received signals to the process", cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("detach-keys",
       "Override the key sequence for detaching a container. Format is a single character [a-Z] or a comma separated "
       "sequence of `ctrl-<value>`, where `<value>` is one of: `a-cf`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`",
       cxxopts::value<std::string>()->default_value(monitor::kDefaultDetachKeys), "[a-Z]")
      ("preserve-fds", "Pass a number of additional file descriptors into the container", cxxopts::value<std::string>()->default_value("0"), "uint")
      ("rmi", "Remove container image unless used by other containers");
}

int preserved_fds(const cxxopts::ParseResult& r) {
  int n = seconds_flag(r, "preserve-fds");
  for (int fd = 3; fd < 3 + n; ++fd) {
    if (::fcntl(fd, F_GETFD) < 0) {
      throw base::error("file descriptor {} is not available - the preserve-fds option requires that file descriptors must be passed", fd);
    }
  }
  return n;
}

RunSession run_session_options(const cxxopts::ParseResult& r, bool run) {
  RunSession s;
  std::vector<std::string> streams;
  for (auto stream : split_values(all_values(r, "attach"))) {
    std::transform(stream.begin(), stream.end(), stream.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (stream != "stdin" && stream != "stdout" && stream != "stderr") {
      throw base::error("invalid stream \"{}\" for --attach - must be one of stdin, stdout, or stderr: invalid argument", stream);
    }
    streams.push_back(stream);
  }
  if (!streams.empty()) {
    // The terminal's outputs: those named (none when only stdin is).
    s.streams = "none";
    for (const auto& name : streams) {
      if (name != "stdin") s.streams += "," + name;
    }
  }
  if (!run) return s;  // create's: -a only
  s.sig_proxy = r["sig-proxy"].as<bool>();
  s.detach_keys = r["detach-keys"].as<std::string>();
  if (!r.count("detach")) {
    // Checked before anything is made; detached, they are not used.
    try {
      monitor::parse_detach_keys(s.detach_keys);
    } catch (const base::Error& e) {
      throw ExitError(base::kExitCannotInvoke, e.what());
    }
  }
  s.preserve_fds = preserved_fds(r);
  s.rmi = r.count("rmi") > 0;
  return s;
}

void remove_run_image(Context& ctx, const std::string& image) {
  auto paths = ctx.paths();
  image::ImageStore images(paths.root, !paths.rootless);
  auto img = images.find(image);
  if (!img) return;
  // As rmi without -f removes what run was given: a name of several is
  // untagged; the image itself goes only when no container uses it.
  auto name = image::matching_name(*img, image);
  if (!(name && !name->empty() && img->names.size() > 1)) {
    for (const auto& c : containers(ctx).list()) {
      if (c.config.image_id != img->id) continue;
      fmt::print(stderr, "ERRO[0000] image used by {}: image is in use by a container: consider listing external containers "
                         "and force-removing image\n", c.config.id);
      return;
    }
  }
  try {
    auto removal = images.remove(image, false);
    for (const auto& u : removal.untagged) record_event(ctx, "image", "untag", u, img->id);
    if (removal.deleted) record_event(ctx, "image", "remove", image, img->id);
  } catch (const base::Error& e) {
    fmt::print(stderr, "ERRO[0000] {}\n", e.what());
  }
}

}  // namespace cli
