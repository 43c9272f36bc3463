// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_ref.cc: parsing and normalising image references.
#include "image/image_ref.h"

#include <algorithm>

#include "base/error.h"

namespace image {

namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// docker/distribution's path component: [a-z0-9]+([._-][a-z0-9]+)*, and __.
bool valid_component(const std::string& c) {
  if (c.empty() || !lower_alnum(c.front()) || !lower_alnum(c.back())) return false;
  for (size_t i = 0; i < c.size(); ++i) {
    char ch = c[i];
    if (lower_alnum(ch)) continue;
    if (ch != '.' && ch != '_' && ch != '-') return false;
    if (i + 1 < c.size() && !lower_alnum(c[i + 1]) && !(ch == '_' && c[i + 1] == '_')) return false;
  }
  return true;
}

bool valid_tag(const std::string& t) {
  if (t.empty() || t.size() > 128) return false;
  auto word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; };
  if (!word(t[0])) return false;
  return std::all_of(t.begin(), t.end(), [&](char c) { return word(c) || c == '.' || c == '-'; });
}

}  // namespace

ImageRef parse_pull_ref(const std::string& text, DefaultDomain domain) {
  auto at = text.find('@');
  if (at == std::string::npos) return parse_image_ref(text, domain);
  std::string digest = text.substr(at + 1);
  bool hex = digest.size() == 71 && digest.starts_with("sha256:") &&
             std::all_of(digest.begin() + 7, digest.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  if (!hex) throw base::error("invalid reference format: \"{}\"", text);
  std::string name = text.substr(0, at);
  auto slash = name.rfind('/'), colon = name.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    throw base::error("{}: Docker references with both a tag and digest are currently not supported", text);
  }
  ImageRef r = parse_image_ref(name, domain);
  r.digest = digest;
  r.tag.clear();
  return r;
}

bool looks_like_id(const std::string& text) {
  return !text.empty() && text.size() <= 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

ImageRef parse_image_ref(const std::string& text, DefaultDomain domain) {
  auto invalid = [&] { return base::error("invalid reference format: \"{}\"", text); };
  if (text.empty() || text.find('@') != std::string::npos) throw invalid();
  ImageRef r;
  std::string rest = text;
  // A tag follows the last ':' that comes after the last '/'.
  auto slash = rest.rfind('/');
  auto colon = rest.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    r.tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
    if (!valid_tag(r.tag)) throw invalid();
  }
  auto first = rest.find('/');
  std::string head = rest.substr(0, first);
  bool has_domain = first != std::string::npos &&
                    (head.find('.') != std::string::npos || head.find(':') != std::string::npos || head == "localhost");
  if (has_domain) {
    r.domain = head;
    r.repository = rest.substr(first + 1);
    r.qualified = true;
    // Docker Hub's official images live under library/.
    if (r.domain == "docker.io" && r.repository.find('/') == std::string::npos) r.repository = "library/" + r.repository;
  } else if (domain == DefaultDomain::localhost) {
    r.domain = "localhost";
    r.repository = rest;
  } else {
    r.domain = "docker.io";
    r.repository = first == std::string::npos ? "library/" + rest : rest;
  }
  size_t at = 0;
  while (at <= r.repository.size()) {
    size_t next = r.repository.find('/', at);
    if (next == std::string::npos) next = r.repository.size();
    if (!valid_component(r.repository.substr(at, next - at))) throw invalid();
    at = next + 1;
  }
  // docker/distribution's NameTotalLengthMax, on the name as normalised.
  if (r.domain.size() + 1 + r.repository.size() > 255) {
    throw base::error("repository name must not be more than 255 characters: \"{}\"", text);
  }
  return r;
}

}  // namespace image
