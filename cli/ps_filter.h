// SPDX-License-Identifier: GPL-2.0-or-later
// cli/ps_filter.h: `ps --filter key=value`, as Podman reads it: values of
// one key are alternatives, different keys must all match.
#pragma once

#include <map>
#include <regex>
#include <string>
#include <vector>

#include "store/container_store.h"

namespace cli {

class PsFilter {
 public:
  // Keys: id (prefix), name (regular expression), status, exited (code),
  // ancestor (image name, name without tag, or id prefix), label (KEY or
  // KEY=VALUE), network (a network's name), pod (the pod's id: the
  // CLI turns a pod's name into it), volume (a volume's name or a bind's
  // source, [:DEST]), since and before (a container, by its creation),
  // until (a time: created before it), health (no container has a health
  // check yet, so none matches), restart-policy (every container's is
  // "no"). `store` resolves since= and before=.
  explicit PsFilter(const std::vector<std::string>& specs, const store::ContainerStore* store = nullptr);

  // A status filter lists stopped containers without --all, as Podman.
  bool implies_all() const { return by_key_.count("status") > 0; }
  bool matches(const store::Container& c, const store::ContainerState& s) const;

 private:
  std::map<std::string, std::vector<std::string>> by_key_;
  std::vector<std::regex> names_;  // name=, compiled once
};

// What --filter picks for stop, rm and start: the containers ps
// --filter would list (a pod's infra never).
std::vector<store::Container> filtered_containers(const std::vector<std::string>& specs, const store::ContainerStore& store);

}  // namespace cli
