// SPDX-License-Identifier: GPL-2.0-or-later
// cli/image_filter.h: `images --filter key=value` and `images REPO`, as
// Podman reads them: values of one key are alternatives, different keys
// must all match.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "image/image_store.h"

namespace cli {

class ImageFilter {
 public:
  // Keys: dangling (true|false), label (KEY or KEY=VALUE), before and
  // since (an image, by its creation), until (a time), reference (a
  // glob over REPOSITORY[:TAG]), id (a prefix). Images named by before=
  // and since= are looked up in `store`.
  ImageFilter(const std::vector<std::string>& specs, image::ImageStore& store);
  bool matches(const image::ImageRecord& img) const;

 private:
  bool one(const std::string& key, const std::string& value, const image::ImageRecord& img) const;
  std::map<std::string, std::vector<std::string>> by_key_;
  image::ImageStore& store_;
};

// `images REPO`: whether `name` (REPOSITORY:TAG) is one `arg` lists: the
// same name, or any tag of that repository, whole or by its last path
// components (busybox, library/busybox).
bool lists_name(const std::string& arg, const std::string& name);

}  // namespace cli
