// SPDX-License-Identifier: GPL-2.0-or-later
// store/container_store_test.cc: a record a create killed midway (its
// dir, a temp file, its name; no config, no state) goes with the next
// listing once no create holds its lock, and not while one does; the
// running index (what ps without -a reads) names every running record.
#include "store/container_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include <catch2/catch.hpp>

#include "base/file.h"
#include "store/container_json.h"
#include "tests/temp_netns.h"

namespace store {
namespace {

TEST_CASE("container store: a half-made record is swept, unless its create still runs", "[store]") {
  testing::TempDir t;
  ContainerStore store(t.path() + "/root", t.path() + "/run");
  ContainerConfig c;
  c.name = "whole";
  Container whole = store.create(c);
  // What a create killed after its dir and name leaves.
  std::string id(64, 'a');
  std::string dir = store.dir(id);
  base::ensure_dir(dir, 0700);
  base::write_file_atomic(dir + "/config.json.tmp-1-x", "{", 0600, false);
  REQUIRE(::symlink(id.c_str(), (store.dir("names") + "/half").c_str()) == 0);
  {
    // Its create still runs (holds the lock): left alone.
    base::FileLock making = base::FileLock::acquire(store.lock_path(id));
    CHECK(store.list().size() == 1);
    CHECK(::access(dir.c_str(), F_OK) == 0);
  }
  auto all = store.list();
  REQUIRE(all.size() == 1);
  CHECK(all.front().config.id == whole.config.id);
  CHECK(::access(dir.c_str(), F_OK) != 0);
  struct stat st;
  CHECK(::lstat((store.dir("names") + "/half").c_str(), &st) != 0);
  // The name is free again.
  ContainerConfig again;
  again.name = "half";
  CHECK(store.create(again).config.name == "half");
}

std::vector<std::string> running_listed(const ContainerStore& store) {
  ListPrefilter running;
  running.state = [](const ContainerState& s) { return s.status == "running"; };
  running.running = true;
  std::vector<std::string> out;
  for (const auto& c : store.list(running)) out.push_back(c.config.name);
  return out;
}

TEST_CASE("container store: the running index names every running record", "[store]") {
  testing::TempDir t;
  ContainerStore store(t.path() + "/root", t.path() + "/run");
  auto make = [&](const char* name) {
    ContainerConfig c;
    c.name = name;
    return store.create(c).config.id;
  };
  std::string a = make("a"), b = make("b"), old = make("old");
  make("never");
  std::string index = t.path() + "/run/containers/.running";
  // None running yet: the first scan finds none, and the index is complete.
  CHECK(running_listed(store).empty());
  CHECK(::access((index + "/.complete").c_str(), F_OK) == 0);
  ::unlink((index + "/.complete").c_str());
  ContainerState running{"running"};
  // A state an older warren wrote: running, and in no index.
  base::write_file_atomic(store.run_dir(old) + "/state.json", state_json(running), 0600, false);
  store.save_state(a, running);
  CHECK(::access((index + "/" + a).c_str(), F_OK) == 0);
  // Not yet complete: the listing scans every record, and completes it.
  CHECK(running_listed(store) == std::vector<std::string>{"a", "old"});
  CHECK(::access((index + "/" + old).c_str(), F_OK) == 0);
  CHECK(::access((index + "/.complete").c_str(), F_OK) == 0);
  store.save_state(b, running);
  store.save_state(a, ContainerState{"exited"});
  CHECK(::access((index + "/" + a).c_str(), F_OK) != 0);
  CHECK(running_listed(store) == std::vector<std::string>{"b", "old"});
  // The index is what is read now: a running state it does not name is
  // not listed (only an older warren writes one).
  std::string d = make("unindexed");
  base::write_file_atomic(store.run_dir(d) + "/state.json", state_json(running), 0600, false);
  CHECK(running_listed(store) == std::vector<std::string>{"b", "old"});
  // An entry whose record ended without a word (a monitor killed) is
  // read and left out by its state; removing a record removes its entry.
  base::write_file_atomic(store.run_dir(old) + "/state.json", state_json(ContainerState{"exited"}), 0600, false);
  CHECK(running_listed(store) == std::vector<std::string>{"b"});
  store.remove(old);
  store.retire(store.get("b"));
  CHECK(::access((index + "/" + old).c_str(), F_OK) != 0);
  CHECK(::access((index + "/" + b).c_str(), F_OK) != 0);
  CHECK(running_listed(store).empty());
}

}  // namespace
}  // namespace store
