// SPDX-License-Identifier: GPL-2.0-or-later
// base/error_test.cc: error chains read as one line, outermost first.
#include <catch2/catch.hpp>

#include <cerrno>

#include "base/error.h"
#include "base/scope.h"

TEST_CASE("sys_error appends strerror", "[base]") {
  base::Error e = base::sys_error(EEXIST, "create veth {}", "veth3f2a");
  CHECK(std::string(e.what()) == "create veth veth3f2a: File exists");
  CHECK(e.err() == EEXIST);
  CHECK(e.message() == "create veth veth3f2a");
}

TEST_CASE("wrap prepends context in order", "[base]") {
  base::Error e = base::sys_error(EEXIST, "create veth {}", "veth3f2a");
  e.wrap("attach {} to network {}", "c1", "podman");
  CHECK(std::string(e.what()) == "attach c1 to network podman: create veth veth3f2a: File exists");
  e.wrap("run");
  CHECK(std::string(e.what()) == "run: attach c1 to network podman: create veth veth3f2a: File exists");
  CHECK(e.err() == EEXIST);
}

TEST_CASE("error without errno has no strerror", "[base]") {
  base::Error e = base::error("no such network \"{}\"", "nope");
  CHECK(std::string(e.what()) == "no such network \"nope\"");
  CHECK(e.err() == 0);
}

TEST_CASE("wrap survives rethrow", "[base]") {
  try {
    try {
      throw base::sys_error(ENOENT, "open {}", "/x");
    } catch (base::Error& e) {
      throw e.wrap("load config");
    }
  } catch (const base::Error& e) {
    CHECK(std::string(e.what()) == "load config: open /x: No such file or directory");
  }
}

TEST_CASE("Errors keeps going and joins every failure", "[base]") {
  base::Errors errs;
  int ran = 0;
  errs.collect([&] { ++ran; throw base::sys_error(EBUSY, "remove a"); });
  errs.collect([&] { ++ran; });
  errs.collect([&] { ++ran; throw base::error("remove c"); });
  CHECK(ran == 3);
  REQUIRE_FALSE(errs.empty());
  try {
    errs.throw_if_any("teardown c1");
    FAIL("expected a throw");
  } catch (const base::Error& e) {
    CHECK(std::string(e.what()) == "teardown c1: remove a: Device or resource busy; remove c");
  }
  base::Errors none;
  none.collect([] {});
  CHECK_NOTHROW(none.throw_if_any("nothing"));
}

TEST_CASE("on_failure runs unless dismissed; defer always runs", "[base]") {
  int undone = 0;
  {
    auto undo = base::on_failure([&] { ++undone; });
  }
  CHECK(undone == 1);
  {
    auto undo = base::on_failure([&] { ++undone; });
    undo.dismiss();
  }
  CHECK(undone == 1);
  try {
    auto undo = base::on_failure([&] { ++undone; });
    throw base::error("fail");
  } catch (const base::Error&) {
  }
  CHECK(undone == 2);
  // An undo that throws must not escape the destructor.
  CHECK_NOTHROW([&] { auto u = base::defer([] { throw base::error("undo failed"); }); }());
}

TEST_CASE("the exit code and the CNI code survive wrapping", "[base]") {
  try {
    try {
      throw base::LaunchError(127, 2, "executable file `x` not found");
    } catch (base::Error& e) {
      e.wrap("start container c1");
      throw;
    }
  } catch (const base::Error& e) {
    CHECK(e.exit_code() == 127);
    CHECK(std::string(e.what()) == "start container c1: executable file `x` not found: No such file or directory");
  }
  base::Error plain = base::error("x");
  CHECK(plain.exit_code() == 125);
  CHECK(plain.cni_code() == 0);
  plain.with_cni_code(7).wrap("attach network n1");
  base::Error copy = plain;
  CHECK(copy.cni_code() == 7);
}
