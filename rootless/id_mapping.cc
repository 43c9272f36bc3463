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

std::vector<IdRange> subordinate_ranges(const std::string& file_text, const std::string& name) {
  std::vector<IdRange> out;
  uint32_t next = 0;
  size_t at = 0;
  while (at < file_text.size()) {
    size_t end = std::min(file_text.find('\n', at), file_text.size());
    std::string_view line(file_text.data() + at, end - at);
    at = end + 1;
    auto a = line.find(':'), b = line.find(':', a == std::string_view::npos ? 0 : a + 1);
    if (a == std::string_view::npos || b == std::string_view::npos || line.substr(0, a) != name) continue;
    uint32_t start = 0, count = 0;
    auto s1 = std::from_chars(line.data() + a + 1, line.data() + b, start);
    auto s2 = std::from_chars(line.data() + b + 1, line.data() + line.size(), count);
    if (s1.ec != std::errc() || s2.ec != std::errc() || count == 0 || uint64_t{next} + count > UINT32_MAX) continue;
    out.push_back({next, start, count});
    next += count;
  }
  return out;
}

std::vector<IdRange> allocate_ids(const std::vector<IdRange>& available, std::vector<IdRange> used, uint32_t size) {
  std::sort(used.begin(), used.end(), [](const IdRange& a, const IdRange& b) { return a.outside < b.outside; });
  std::vector<IdRange> out;
  uint32_t need = size;
  for (const auto& range : available) {
    uint64_t lo = range.outside, hi = uint64_t{range.outside} + range.count;
    for (size_t i = 0; lo < hi && need > 0;) {
      // The next used range that ends after lo.
      while (i < used.size() && uint64_t{used[i].outside} + used[i].count <= lo) ++i;
      uint64_t free_end = i < used.size() ? std::min<uint64_t>(hi, used[i].outside) : hi;
      if (free_end > lo) {
        uint32_t take = static_cast<uint32_t>(std::min<uint64_t>(free_end - lo, need));
        out.push_back({size - need, static_cast<uint32_t>(lo), take});
        need -= take;
        lo += take;
      }
      if (i < used.size()) lo = std::max<uint64_t>(lo, uint64_t{used[i].outside} + used[i].count);
      else break;
    }
    if (need == 0) return out;
  }
  return {};
}

IdMaps direct_maps(const std::vector<std::string>& uid_map, const std::vector<std::string>& gid_map) {
  IdMaps m;
  m.uids = parse_id_map(uid_map, "UID");
  m.gids = parse_id_map(gid_map, "GID");
  m.ranges = m.direct = true;
  return m;
}

std::optional<uint32_t> mapped_id(const std::vector<IdRange>& ranges, uint32_t id) {
  for (const auto& r : ranges) {
    if (id >= r.inside && id - r.inside < r.count) return r.outside + (id - r.inside);
  }
  return std::nullopt;
}

std::optional<uint32_t> inside_id(const std::vector<IdRange>& ranges, uint32_t id) {
  for (const auto& r : ranges) {
    if (id >= r.outside && id - r.outside < r.count) return r.inside + (id - r.outside);
  }
  return std::nullopt;
}

bool leaves_out_user(const std::vector<IdRange>& uids, const std::vector<IdRange>& gids) {
  auto holds = [](const std::vector<IdRange>& ranges) {
    return std::any_of(ranges.begin(), ranges.end(), [](const IdRange& r) { return r.outside == 0; });
  };
  return !holds(uids) || !holds(gids);
}

}  // namespace rootless
