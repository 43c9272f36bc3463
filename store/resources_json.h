// SPDX-License-Identifier: GPL-2.0-or-later
// store/resources_json.h: a container's limits in its record, as one
// JSON object ("resources"), read back through checked accessors.
#pragma once

#include <string>

#include "base/json.h"
#include "config/resources.h"

namespace store {

std::string resources_json(const config::Resources& r);
config::Resources parse_resources(const base::json::Value& obj);

}  // namespace store
