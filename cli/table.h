// SPDX-License-Identifier: GPL-2.0-or-later
// cli/table.h: tables and human-readable values as Podman prints them:
// columns laid out as Go's tabwriter (minimum width 12, padding 2), sizes
// and ages as docker/go-units writes them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cli {

using Row = std::vector<std::string>;

// `header` may be empty (--noheading).
std::string render_table(const Row& header, const std::vector<Row>& rows);
// Go's text/tabwriter as Podman sets it up (minimum width 12, padding 2,
// spaces): tab-terminated cells line up in columns, block by block.
std::string tabwrite(const std::string& text);

// go-units' sizes in decimal units: HumanSizeWithPrecision(3) as images
// shows them ("1.98 MB"); with digits 4 and no space, HumanSize ("2kB").
std::string human_size(uint64_t bytes, int digits = 3, bool space = true);
// go-units' BytesSize, in powers of 1024: "392KiB", "23.54GiB".
std::string binary_size(uint64_t bytes);
// Seconds -> "2 minutes", "About an hour", "3 days"...
std::string human_duration(int64_t seconds);
// An RFC 3339 time as Go's time.Time String() prints it:
// "2026-12-06 00:17:45.693987025 +0000 UTC".
std::string go_time(const std::string& rfc3339);
// Nanoseconds as Go's time.Duration prints them: "2.093091837s", "1h2m0s",
// "1.5ms", "0s".
std::string go_duration(int64_t ns);
// An RFC 3339 time -> "2 minutes ago".
std::string human_age(const std::string& rfc3339);

}  // namespace cli
