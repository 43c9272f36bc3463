// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/id_mapping.h: --userns keep-id, --uidmap and
// --gidmap for a regular user's container. Podman gives these maps in the
// ids of the user's own namespace (0: the user; 1..N: the subordinate
// range, as rootless/userns.h maps them), and so does warren; they are
// turned into host ids for newuidmap. A map that does not send the
// container's root to the user needs the image's files given to the id
// it does send it to (monitor/container_spec.cc copies the root file
// system once per container for that).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rootless/userns.h"

namespace rootless {

// Podman's keep-id: `id` as itself, 0..id-1 to 1..id, the rest of the
// `total` ids (the user's and the range's) after it.
std::vector<IdRange> keep_id_ranges(uint32_t id, uint32_t total);
// --uidmap CONTAINER:INTERMEDIATE:COUNT, each; Podman's words for a bad
// one (`kind`: "UID" or "GID").
std::vector<IdRange> parse_id_map(const std::vector<std::string>& specs, const char* kind);
// "0:1:1001", as inspect's IDMappings show them, and back.
std::string id_range_text(const IdRange& r);
// `ranges` (inside: the container's ids; outside: the user's
// namespace's) in host ids through `defaults` (inside: that namespace's
// ids; outside: the host's). Throws naming the first id the user does not have.
std::vector<IdRange> to_host_ranges(const std::vector<IdRange>& ranges, const std::vector<IdRange>& defaults);
// Root's --subuidname/--subgidname: every range `name` has in a
// subordinate id file's text, mapped from 0 on one after another, as
// Podman maps them. Empty when it has none.
std::vector<IdRange> subordinate_ranges(const std::string& file_text, const std::string& name);

// Root's --userns auto: `size` ids from `available` (outside: host ids)
// that no range in `used` holds, first fit, as one map from 0 (in pieces
// when no one piece is big enough). Empty when there are not enough.
std::vector<IdRange> allocate_ids(const std::vector<IdRange>& available, std::vector<IdRange> used, uint32_t size);

// Root's container's recorded maps ("0:100000:65536", ...), host ids
// that warren writes itself (IdMaps.direct).
IdMaps direct_maps(const std::vector<std::string>& uid_map, const std::vector<std::string>& gid_map);

// A regular user's maps (in the ids of the user's own namespace) that
// leave the user's own id (0 there) out of the uids or the gids.
bool leaves_out_user(const std::vector<IdRange>& uids, const std::vector<IdRange>& gids);

// What `id` inside maps to, if anything; and the other way, what maps to
// `id` outside.
std::optional<uint32_t> mapped_id(const std::vector<IdRange>& ranges, uint32_t id);
std::optional<uint32_t> inside_id(const std::vector<IdRange>& ranges, uint32_t id);

}  // namespace rootless
