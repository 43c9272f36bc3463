// SPDX-License-Identifier: GPL-2.0-or-later
// base/process_id_test.cc: liveness by pid and start time, on real processes.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/process_id.h"

namespace {

pid_t sleeper() {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::pause();
    ::_exit(0);
  }
  return pid;
}

}  // namespace

TEST_CASE("a live process matches its own start time only", "[base]") {
  pid_t pid = sleeper();
  REQUIRE(pid > 0);
  auto id = base::ProcessId::of(pid);
  REQUIRE(id);
  CHECK(id->start > 0);
  CHECK(id->alive());
  // The same pid with another start time is another process: a reused pid.
  CHECK_FALSE((base::ProcessId{pid, id->start + 1}.alive()));
  CHECK_FALSE((base::ProcessId{pid, id->start + 1}.signal(SIGKILL)));
  CHECK(id->alive());
  // A record without a start time (an older warren's) checks the pid alone.
  CHECK((base::ProcessId{pid, 0}.alive()));
  CHECK_FALSE(id->wait_exit(10));
  REQUIRE(id->signal(SIGKILL));
  CHECK(id->wait_exit(5000));
  // Ended but not reaped: a zombie is not alive.
  CHECK_FALSE(id->alive());
  ::waitpid(pid, nullptr, 0);
  CHECK_FALSE(id->alive());
  CHECK(id->wait_exit(0));
}

TEST_CASE("the calling process is alive", "[base]") {
  auto me = base::ProcessId::self();
  CHECK(me.pid == ::getpid());
  CHECK(me.alive());
  CHECK_FALSE(base::ProcessId{}.alive());
}

TEST_CASE("process ids as text", "[base]") {
  auto id = base::ProcessId::parse("1234 5678\n");
  REQUIRE(id);
  CHECK(id->pid == 1234);
  CHECK(id->start == 5678);
  CHECK(base::ProcessId::parse(id->text())->start == 5678);
  CHECK(base::ProcessId::parse("42")->start == 0);
  for (const char* bad : {"", "x", "-1", "0", "12 x", "12 34 56", "12  34", "99999999999999999999"}) {
    CAPTURE(bad);
    CHECK_FALSE(base::ProcessId::parse(bad));
  }
}
