// SPDX-License-Identifier: GPL-2.0-or-later
// store/network_mode.cc: --network modes, text both ways.
#include "store/network_mode.h"

#include "base/error.h"

namespace store {

NetworkMode NetworkMode::parse(const std::string& text) {
  using K = Kind;
  if (text == "bridge") return {K::bridge};
  if (text == "none" || text.empty()) return {K::none};
  if (text == "host") return {K::host};
  if (text == "slirp4netns") return {K::slirp4netns};
  auto colon = text.find(':');
  std::string head = text.substr(0, colon), arg = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (colon != std::string::npos) {
    if (head == "container" && !arg.empty()) return {K::container, arg};
    if (head == "ns" && !arg.empty()) return {K::ns, arg};
    if (head == "slirp4netns") return {K::slirp4netns, arg};
  }
  throw base::error("network mode \"{}\" is not one warren knows", text);
}

std::string NetworkMode::str() const {
  switch (kind) {
    case Kind::bridge: return "bridge";
    case Kind::none: return "none";
    case Kind::host: return "host";
    case Kind::container: return "container:" + arg;
    case Kind::ns: return "ns:" + arg;
    case Kind::slirp4netns: return arg.empty() ? "slirp4netns" : "slirp4netns:" + arg;
  }
  return "none";
}

}  // namespace store
