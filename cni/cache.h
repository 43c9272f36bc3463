// SPDX-License-Identifier: GPL-2.0-or-later
// cni/cache.h: ADD results cached on disk as libcni caches them
// (CACHEDIR/results/NETWORK-CONTAINERID-IFNAME, kind cniCacheV1), so DEL
// and CHECK work after a crash or from another process, and other tools
// that read libcni's cache read warren's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/file.h"
#include "cni/config.h"
#include "cni/result.h"

namespace cni {

class ResultCache {
 public:
  explicit ResultCache(std::string dir) : dir_(std::move(dir)) {}

  std::string path(const std::string& network, const std::string& container_id, const std::string& ifname) const;
  void store(const Conflist& list, const RuntimeConf& rt, const Result& r);
  std::optional<Result> load(const Conflist& list, const RuntimeConf& rt) const;
  // The capability args the attachment was added with, if cached.
  std::optional<base::json::Document> capability_args(const Conflist& list, const RuntimeConf& rt) const;
  void remove(const Conflist& list, const RuntimeConf& rt);

  struct Entry {
    std::string network, container_id, ifname, path;
  };
  // Every cached attachment of `network` (empty: of every network).
  std::vector<Entry> entries(const std::string& network) const;

  // The cache's lock: shared by an ADD or DEL (cache and nftables change
  // together), exclusive for a drift repair, which reads the whole cache
  // and rewrites the table from it: a DEL between its read and its write
  // would otherwise have its elements put back, for good.
  base::FileLock guard(base::FileLock::Mode mode) const;

 private:
  std::string dir_;
};

}  // namespace cni
