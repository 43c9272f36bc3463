// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/detach_keys.cc: --detach-keys read, and watched for in what is typed.
#include "monitor/detach_keys.h"

#include "base/error.h"

namespace monitor {

std::string parse_detach_keys(const std::string& spec) {
  std::string keys;
  if (spec.empty()) return keys;
  if (spec.size() == 1) return spec;
  size_t at = 0;
  while (at <= spec.size()) {
    size_t end = std::min(spec.find(',', at), spec.size());
    std::string key = spec.substr(at, end - at);
    at = end + 1;
    static const std::string specials = "@[\\]^_";
    if (key.size() == 6 && key.starts_with("ctrl-") && key[5] >= 'a' && key[5] <= 'z') {
      keys += static_cast<char>(key[5] - 'a' + 1);
    } else if (key.size() == 6 && key.starts_with("ctrl-") && specials.find(key[5]) != std::string::npos) {
      keys += static_cast<char>(key[5] == '@' ? 0 : key[5] - '[' + 27);
    } else if (key.size() == 1) {
      keys += key;
    } else {
      throw base::error("invalid detach keys: Unknown character: '{}'", key);
    }
  }
  return keys;
}

bool DetachMatcher::feed(const char* data, size_t size, std::string& out) {
  for (size_t i = 0; i < size; ++i) {
    if (!keys_.empty() && data[i] == keys_[matched_]) {
      if (++matched_ == keys_.size()) return true;
      continue;
    }
    out.append(keys_, 0, matched_);  // a partial match was typing after all
    matched_ = 0;
    if (!keys_.empty() && data[i] == keys_[0]) {
      matched_ = 1;
      if (keys_.size() == 1) return true;
      continue;
    }
    out += data[i];
  }
  return false;
}

}  // namespace monitor
