// SPDX-License-Identifier: GPL-2.0-or-later
// cli/pull.h: what run and create take from pull: its flags, and an
// image found locally or pulled as --pull says.
#pragma once

#include <string>

#include "cli/command.h"
#include "image/image_store.h"
#include "image/pull.h"

namespace cli {

// --arch, --authfile, --cert-dir, --creds, --os, --platform, --tls-verify,
// --variant (and -q for pull itself: run's -q is its own).
void add_pull_flags(cxxopts::OptionAdder&& add, bool for_run);
image::PullOptions pull_options(Context& ctx, const cxxopts::ParseResult& r);

// The image `name` means under `policy` (missing, always, never, newer),
// pulled when the policy says so.
image::ImageRecord find_or_pull(Context& ctx, const std::string& name, const std::string& policy, const cxxopts::ParseResult& r,
                                bool quiet);

}  // namespace cli
