// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/rules.h: the constant rules of warren's table, chain by chain.
#pragma once

#include <string>

#include "netns/nft.h"

namespace portmap {

// nat prerouting and output: published ports, one map lookup per family.
// The same rules serve packets from elsewhere and from the host itself.
void add_dnat_rules(netns::nft::Batch& b, const std::string& chain);
// nat postrouting: localhost and hairpin masquerade, container masquerade.
void add_snat_rules(netns::nft::Batch& b);
// filter forward: established back, isolation, internal networks.
void add_forward_rules(netns::nft::Batch& b);

}  // namespace portmap
