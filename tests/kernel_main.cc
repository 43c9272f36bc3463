// SPDX-License-Identifier: GPL-2.0-or-later
// tests/kernel_main.cc: main for the [netns] tests. Before any test runs,
// the process moves into a throwaway host (tests/throwaway.h), so even a
// crashing test leaves nothing on the machine.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/throwaway.h"

int main(int argc, char** argv) {
  // Plugins we exec may close their stdin early (as warren itself does).
  ::signal(SIGPIPE, SIG_IGN);
  std::string why = testing::enter_throwaway_host();
  if (!why.empty()) {
    std::fprintf(stderr, "cannot make a throwaway host namespace (%s)\n", why.c_str());
    // In CI nothing may skip: a missing capability there is a failure.
    return std::getenv("CI") ? 1 : 77;
  }
  return Catch::Session().run(argc, argv);
}
