// SPDX-License-Identifier: GPL-2.0-or-later
// base/go_number.h: integers as Go's strconv reads them, so that a bad
// number gets the words Podman users know ("strconv.Atoi: parsing \"abc\":
// invalid syntax"), and what Go takes is taken.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace base {

// strconv.ParseUint(text, base, bits) for base 10 or 0. Base 0 (cobra's
// int and uint flags) takes the prefixes 0x, 0o, 0b and a leading 0 for
// octal, and underscores between digits. nullopt and Go's reason ("invalid
// syntax", "value out of range": past `bits` bits) in `why` when it is not
// a number.
std::optional<uint64_t> go_parse_uint(std::string_view text, int base, std::string& why, int bits = 64);
// strconv.ParseInt(text, base, bits): an optional sign, then as above.
// strconv.Atoi is go_parse_int(text, 10, why).
std::optional<int64_t> go_parse_int(std::string_view text, int base, std::string& why, int bits = 64);

// go-units' FromHumanSize, as Podman reads --log-opt max-size: a decimal
// number with an optional fraction, then an optional space and k, m, g,
// t or p (powers of 1000, any case), an optional i and an optional b
// ("10mb", "1.5 GB", "512"). nullopt when it is not one.
std::optional<int64_t> go_from_human_size(std::string_view text);
// go-units' RAMInBytes, as Podman reads --memory and --shm-size: the same
// syntax, in powers of 1024 ("64m" is 67108864).
std::optional<int64_t> go_ram_in_bytes(std::string_view text);

}  // namespace base
