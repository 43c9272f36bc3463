// SPDX-License-Identifier: GPL-2.0-or-later
// base/base64.h: RFC 4648 base64 (the standard alphabet, padded), as
// auth.json and HTTP Basic authentication carry credentials.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace base {

std::string base64_encode(std::string_view data);
// nullopt for text that is not base64 (a stray character, bad padding).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace base
