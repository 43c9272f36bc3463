// SPDX-License-Identifier: GPL-2.0-or-later
// bridge/host_local.h: host-local IPAM, as the reference plugin does it and
// on its on-disk format, so warren and the reference can share a network's
// state: under dataDir/NETWORK one file per allocated address (named by the
// address, holding "CONTAINERID\r\nIFNAME"), last_reserved_ip.N per range
// set, and a lock file that serialises allocators.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "netns/ip.h"

namespace bridge {

// An invalid IPAM config: the caller reports it as CNI error 7.
class ConfigError : public base::Error {
 public:
  explicit ConfigError(std::string msg) : base::Error(0, std::move(msg)) { with_cni_code(7); }
};

struct Range {
  netns::Cidr subnet;                     // network address, no host bits
  std::optional<netns::IpAddress> start;  // defaults: subnet + 1
  std::optional<netns::IpAddress> end;    // last address (v4: before broadcast)
  std::optional<netns::IpAddress> gateway;  // subnet + 1; never allocated
  bool contains(const netns::IpAddress& ip) const;  // within start..end
};
using RangeSet = std::vector<Range>;

struct Route {
  netns::Cidr dst;
  std::optional<netns::IpAddress> gw;
};

struct HostLocalConfig {
  std::string network;
  std::vector<RangeSet> ranges;
  std::vector<Route> routes;
  std::string data_dir = "/var/lib/cni/networks";
};

// Fill in defaults and check a range as the reference does; `set_index`
// names the range set in errors. Throws ConfigError.
void canonicalize(Range& r, size_t set_index);
// Canonicalize every range and check that no two ranges overlap.
void canonicalize(HostLocalConfig& c);

struct IpConfig {
  netns::Cidr address;  // the address with its subnet's prefix
  std::optional<netns::IpAddress> gateway;
};

struct Attachment {
  std::string container_id;
  std::string ifname;
  auto operator<=>(const Attachment&) const = default;
};

class HostLocal {
 public:
  explicit HostLocal(HostLocalConfig config);

  // One address per range set; `requested` addresses go to the set that
  // holds them. All or nothing: a failure releases what was taken.
  // `check_duplicates` refuses a second allocation for `who` in a range
  // set, as the spec asks; it reads every lease, so a caller that knows
  // the attachment is new (the bridge found no interface) may skip it.
  std::vector<IpConfig> allocate(const Attachment& who, const std::vector<netns::IpAddress>& requested,
                                 bool check_duplicates = true);
  // Release every address held by `who`; none is fine. `hints` (the
  // addresses the attachment's result names) are looked at first, and
  // only if one of them is not `who`'s is every lease read.
  void release(const Attachment& who, const std::vector<netns::IpAddress>& hints = {});
  // The addresses held by `who`.
  std::vector<netns::IpAddress> find(const Attachment& who);
  // Release every address whose holder is not in `valid`.
  void gc(const std::set<Attachment>& valid);

  const HostLocalConfig& config() const { return config_; }
  std::string dir() const { return config_.data_dir + "/" + config_.network; }

 private:
  std::optional<IpConfig> allocate_in(size_t set, const Attachment& who,
                                      const std::optional<netns::IpAddress>& requested);
  bool reserve(const netns::IpAddress& ip, const Attachment& who, size_t set);
  // With the store's lock held.
  void release_locked(const Attachment& who);
  std::vector<netns::IpAddress> find_locked(const Attachment& who);

  HostLocalConfig config_;
};

// Step an address by one, wrapping within its family.
netns::IpAddress next_ip(const netns::IpAddress& ip);

}  // namespace bridge
