// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_config.h: an image's configuration as the OCI image spec
// writes it (the JSON whose digest is the image id), and Dockerfile
// instructions applied to it, as `import --change` takes them.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace image {

struct ImageHistory {
  std::string created;
  std::string created_by;
  std::string comment;
  bool empty_layer = false;
};

struct ImageConfig {
  std::string created;  // RFC 3339, UTC
  std::string author;
  std::string architecture;
  std::string os = "linux";
  std::string user;
  std::vector<std::string> exposed_ports;  // "80/tcp"
  std::vector<std::string> volumes;        // VOLUME: paths that become anonymous volumes
  std::vector<std::string> env;            // "K=V"
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::string working_dir;
  std::vector<std::pair<std::string, std::string>> labels;
  // HEALTHCHECK: Test (["CMD-SHELL", cmd], ["CMD", ...], ["NONE"]; empty:
  // none), and its times in nanoseconds (0: the default).
  std::vector<std::string> health_test;
  int64_t health_interval = 0, health_timeout = 0, health_start_period = 0;
  int health_retries = 0;
  std::vector<std::string> diff_ids;       // "sha256:..."
  std::vector<ImageHistory> history;
};

// Apply one instruction (CMD, ENTRYPOINT, ENV, EXPOSE, VOLUME, WORKDIR,
// USER, LABEL), in Dockerfile syntax: `CMD ["a", "b"]` or `CMD a b` (run by
// /bin/sh -c). Throws a base::Error naming the change when it is not one.
void apply_change(ImageConfig& c, const std::string& change);

std::string config_json(const ImageConfig& c);
// Throws a base::Error for anything that is not an image config.
ImageConfig parse_config_json(const std::string& text);

}  // namespace image
