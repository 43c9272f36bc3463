// SPDX-License-Identifier: GPL-2.0-or-later
// store/events_test.cc: the event log's lines as Podman's file backend
// writes them, read back (bad lines skipped, a line still being written
// left for later), followed from an offset, and started anew past its size.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include "base/file.h"
#include "store/events.h"

namespace {

struct TempRun {
  std::string dir;
  config::Paths paths;
  TempRun() {
    char tmpl[] = "/tmp/warren-events-XXXXXX";
    dir = ::mkdtemp(tmpl);
    paths.runroot = dir;
    paths.events_log = dir + "/events/events.log";
  }
  ~TempRun() { base::remove_tree(dir); }
  void append(const std::string& text) const {
    base::ensure_dir(dir + "/events", 0700);
    int fd = ::open(paths.events_log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(fd);
  }
};

}  // namespace

TEST_CASE("an event is one JSON line in Podman's field order, read back whole", "[store]") {
  store::Event e;
  e.type = "container";
  e.status = "died";
  e.id = "abc";
  e.name = "web";
  e.image = "localhost/bb:latest";
  e.time = "2026-12-06T04:10:09.7910858Z";
  e.exit_code = 3;
  e.attributes = {{"a", "b"}};
  CHECK(store::event_json(e) ==
        R"({"ContainerExitCode":3,"ID":"abc","Image":"localhost/bb:latest","Name":"web","Status":"died",)"
        R"("Time":"2026-12-06T04:10:09.7910858Z","Type":"container","Attributes":{"a":"b"}})");
  auto back = store::parse_event(store::event_json(e));
  REQUIRE(back);
  CHECK(back->exit_code == 3);
  CHECK(back->attributes == e.attributes);
  store::Event v;
  v.type = "volume";
  v.status = "create";
  v.name = "data";
  v.time = "2026-12-06T04:10:09Z";
  CHECK(store::event_json(v) == R"({"Name":"data","Status":"create","Time":"2026-12-06T04:10:09Z","Type":"volume","Attributes":null})");
  CHECK_FALSE(store::parse_event("not json"));
  CHECK_FALSE(store::parse_event(R"({"Type":"container","Status":"x","Time":"yesterday"})"));
  CHECK_FALSE(store::parse_event(R"({"Type":"container","Status":"died","Time":"2026-12-06T04:10:09Z","ContainerExitCode":99999})"));
}

TEST_CASE("the log is read in order, followed from an offset, and starts anew past 1 MiB", "[store]") {
  TempRun run;
  store::Event e;
  e.type = "volume";
  e.status = "create";
  e.name = "one";
  store::record_event(run.paths, e);
  run.append("garbage\n");
  e.name = "two";
  store::record_event(run.paths, e);
  run.append(R"({"Type":"volume","Status":"create","Time":"2026-12-06T04:10:09Z","Na)");  // still being written
  uint64_t offset = 0;
  auto all = store::read_events(run.paths, 0, &offset);
  REQUIRE(all.size() == 2);
  CHECK(all[0].name == "one");
  CHECK(all[1].name == "two");
  CHECK_FALSE(all[1].time.empty());
  run.append("me\":\"three\"}\n");
  auto more = store::read_events(run.paths, offset, &offset);
  REQUIRE(more.size() == 1);
  CHECK(more[0].name == "three");
  CHECK(store::read_events(run.paths, offset, &offset).empty());
  // Past 1 MiB the next event starts a new log; readers read the old first.
  run.append(std::string(1 << 20, ' ') + "\n");
  e.name = "four";
  store::record_event(run.paths, e);
  auto after = store::read_events(run.paths);
  REQUIRE(after.size() == 4);
  CHECK(after.back().name == "four");
  // A follower whose offset is past the new log's end reads it from the start.
  auto followed = store::read_events(run.paths, offset, &offset);
  REQUIRE(followed.size() == 1);
  CHECK(followed[0].name == "four");
  // Events off: nothing written, nothing read.
  config::Paths off = run.paths;
  off.events_log.clear();
  store::record_event(off, e);
  CHECK(store::read_events(off).empty());
}
