// SPDX-License-Identifier: GPL-2.0-or-later
// launch/capabilities_test.cc: --cap-add and --cap-drop as Podman merges them.
#include <catch2/catch.hpp>

#include "base/error.h"
#include "launch/capabilities.h"

using namespace launch;

TEST_CASE("capabilities merge as Podman merges them", "[runtime]") {
  auto names = [](uint64_t caps) { return capability_names(caps); };
  // What `podman inspect -f '{{.EffectiveCaps}}'` shows for the same flags.
  CHECK(names(merge_capabilities({"net_admin", "SYS_TIME"}, {"cap_chown"})) ==
        std::vector<std::string>{"CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_ADMIN",
                                 "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID",
                                 "CAP_SYS_CHROOT", "CAP_SYS_TIME"});
  CHECK(names(merge_capabilities({"chown"}, {"all"})) == std::vector<std::string>{"CAP_CHOWN"});
  CHECK(merge_capabilities({}, {}) == default_capabilities());
  CHECK(names(merge_capabilities({"ALL"}, {})).size() == 41);
  CHECK_THROWS_WITH(merge_capabilities({"foo"}, {}), "\"CAP_FOO\": unknown capability");
  CHECK_THROWS_WITH(merge_capabilities({}, {"cap_bar"}), "\"CAP_BAR\": unknown capability");
}
