// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/detach_keys.h: the key sequence that leaves a container
// running and its terminal free (--detach-keys, "ctrl-p,ctrl-q" by
// default), for `attach` and for `run -it`.
#pragma once

#include <cstddef>
#include <string>

namespace monitor {

inline constexpr const char* kDefaultDetachKeys = "ctrl-p,ctrl-q";

// --detach-keys: one character, or ctrl-X values separated by commas
// (X: a-z, @, [, \, ], ^, _); empty turns detaching off. Anything else is
// an error worded as Podman's.
std::string parse_detach_keys(const std::string& spec);

// Typed bytes, watched for the keys across reads.
class DetachMatcher {
 public:
  explicit DetachMatcher(std::string keys) : keys_(std::move(keys)) {}
  // Appends to `out` what goes on to the container; true once the keys
  // were typed (what followed them in `data` is dropped).
  bool feed(const char* data, size_t size, std::string& out);

 private:
  std::string keys_;
  size_t matched_ = 0;
};

}  // namespace monitor
