// SPDX-License-Identifier: GPL-2.0-or-later
// tests/unit_main.cc: Catch2's main for the unit tests (no privileges).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
