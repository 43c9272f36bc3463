// SPDX-License-Identifier: GPL-2.0-or-later
// cli/image_filter.cc: the image filters of `images`, with Podman's
// messages for bad ones.
#include "cli/image_filter.h"

#include <fnmatch.h>

#include <algorithm>

#include "base/clock.h"
#include "base/error.h"

namespace cli {

namespace {

int64_t created_ns(const image::ImageRecord& img) { return base::parse_rfc3339(img.created).value_or(0); }

}  // namespace

ImageFilter::ImageFilter(const std::vector<std::string>& specs, image::ImageStore& store) : store_(store) {
  static const char* const keys[] = {"dangling", "label", "before", "since", "until", "reference", "id"};
  for (const auto& spec : specs) {
    auto eq = spec.find('=');
    if (eq == std::string::npos) throw base::error("invalid image filter \"{}\": must be in the format \"filter=value\"", spec);
    std::string key = spec.substr(0, eq), value = spec.substr(eq + 1);
    if (std::none_of(std::begin(keys), std::end(keys), [&](const char* k) { return key == k; })) {
      throw base::error("unsupported image filter \"{}\"", key);
    }
    if (key == "dangling" && value != "true" && value != "false") {
      throw base::error("invalid dangling filter value \"{}\"", value);
    }
    if (key == "before" || key == "since") {
      auto img = store_.find(value);
      if (!img) throw base::error("{}: image not known", value);
      value = std::to_string(created_ns(*img));
    } else if (key == "until") {
      auto t = base::parse_time_value(value, base::now_ns());
      if (!t) throw base::error("parsing time \"{}\": unable to interpret time value", value);
      value = std::to_string(*t);
    }
    by_key_[key].push_back(value);
  }
}

bool ImageFilter::one(const std::string& key, const std::string& value, const image::ImageRecord& img) const {
  if (key == "dangling") return img.names.empty() == (value == "true");
  if (key == "id") return img.id.starts_with(value);
  if (key == "before") return created_ns(img) < std::stoll(value);
  if (key == "since") return created_ns(img) > std::stoll(value);
  if (key == "until") return created_ns(img) < std::stoll(value);
  if (key == "reference") {
    // A glob over the name, with and without its tag, and without localhost/.
    return std::any_of(img.names.begin(), img.names.end(), [&](const std::string& n) {
      std::string repo = n.substr(0, n.rfind(':'));
      for (const std::string& form : {n, repo, n.starts_with("localhost/") ? n.substr(10) : n,
                                       repo.starts_with("localhost/") ? repo.substr(10) : repo}) {
        if (::fnmatch(value.c_str(), form.c_str(), 0) == 0) return true;
      }
      return false;
    });
  }
  // label: KEY matches any value; KEY=VALUE that value only.
  auto eq = value.find('=');
  auto labels = store_.config(img.id).labels;
  return std::any_of(labels.begin(), labels.end(), [&](const auto& kv) {
    return kv.first == value.substr(0, eq) && (eq == std::string::npos || kv.second == value.substr(eq + 1));
  });
}

bool ImageFilter::matches(const image::ImageRecord& img) const {
  for (const auto& [key, values] : by_key_) {
    bool any = false;
    for (const auto& v : values) any = any || one(key, v, img);
    if (!any) return false;
  }
  return true;
}

bool lists_name(const std::string& arg, const std::string& name) {
  // The name, or its repository, whole or by its last path components
  // ("busybox" lists docker.io/library/busybox).
  std::string repo = name.substr(0, name.rfind(':'));
  for (const std::string& n : {name, repo}) {
    if (n == arg || (n.size() > arg.size() && n.ends_with(arg) && n[n.size() - arg.size() - 1] == '/')) return true;
  }
  return false;
}

}  // namespace cli
