// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/id_mapping.cc: keep-id, nomap and --uidmap ranges, in the
// user's namespace's ids and in the host's.
#include "rootless/id_mapping.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "base/error.h"

namespace rootless {

std::vector<IdRange> keep_id_ranges(uint32_t id, uint32_t total) {
  std::vector<IdRange> out;
  if (id > 0) out.push_back({0, 1, id});
  out.push_back({id, 0, 1});
  if (total > id + 1) out.push_back({id + 1, id + 1, total - id - 1});
  return out;
}

std::vector<IdRange> parse_id_map(const std::vector<std::string>& specs, const char* kind) {
  std::vector<IdRange> out;
  for (const auto& spec : specs) {
    auto malformed = [&] {
      return base::error("initializing ID mappings: {} setting is malformed expected [\"uint32:uint32:uint32\"]: [\"{}\"]", kind, spec);
    };
    uint32_t v[3] = {0, 0, 0};
    size_t at = 0;
    int fields = 0;
    for (; fields < 3 && at <= spec.size(); ++fields) {
      size_t end = std::min(spec.find(':', at), spec.size());
      auto [ptr, ec] = std::from_chars(spec.data() + at, spec.data() + end, v[fields]);
      if (ec != std::errc() || ptr != spec.data() + end || end == at) throw malformed();
      at = end + 1;
    }
    if (fields != 3 || at <= spec.size() || v[2] == 0) throw malformed();
    out.push_back({v[0], v[1], v[2]});
  }
  return out;
}

std::string id_range_text(const IdRange& r) { return fmt::format("{}:{}:{}", r.inside, r.outside, r.count); }

std::vector<IdRange> to_host_ranges(const std::vector<IdRange>& ranges, const std::vector<IdRange>& defaults) {
  std::vector<IdRange> out;
  for (const auto& r : ranges) {
    uint64_t covered = 0;
    for (const auto& d : defaults) {
      uint64_t lo = std::max<uint64_t>(r.outside, d.inside);
      uint64_t hi = std::min<uint64_t>(uint64_t{r.outside} + r.count, uint64_t{d.inside} + d.count);
      if (lo >= hi) continue;
      out.push_back({static_cast<uint32_t>(r.inside + (lo - r.outside)), static_cast<uint32_t>(d.outside + (lo - d.inside)),
                     static_cast<uint32_t>(hi - lo)});
      covered += hi - lo;
    }
    if (covered != r.count) {
      throw base::error("the mapping {} uses ids the user does not have: see /etc/subuid and /etc/subgid", id_range_text(r));
    }
  }
  std::sort(out.begin(), out.end(), [](const IdRange& a, const IdRange& b) { return a.inside < b.inside; });
  return out;
}

std::optional<uint32_t> mapped_id(const std::vector<IdRange>& ranges, uint32_t id) {
  for (const auto& r : ranges) {
    if (id >= r.inside && id - r.inside < r.count) return r.outside + (id - r.inside);
  }
  return std::nullopt;
}

}  // namespace rootless
