// SPDX-License-Identifier: GPL-2.0-or-later
// store/mounts_test.cc: -v, --mount and --tmpfs read as Podman 4.3 reads
// them (its HostConfig.Binds options, its errors).
#include <catch2/catch.hpp>

#include "base/error.h"
#include "store/mounts.h"

using store::Mount;
using Strings = std::vector<std::string>;

TEST_CASE("-v: named, anonymous and bind, with Podman's default options", "[store]") {
  Mount named = store::parse_volume_flag("data:/var/lib/db", "/cwd");
  CHECK(named.type == "volume");
  CHECK(named.source == "data");
  CHECK(named.options == Strings{"rw", "rprivate", "nosuid", "nodev", "rbind"});
  CHECK(store::bind_text(named) == "data:/var/lib/db:rw,rprivate,nosuid,nodev,rbind");
  Mount anon = store::parse_volume_flag("/data/", "/cwd");
  CHECK(anon.type == "volume");
  CHECK(anon.anonymous);
  CHECK(anon.destination == "/data");
  Mount bind = store::parse_volume_flag("./src/../host:/h:ro,z,U,rshared,nocopy", "/cwd");
  CHECK(bind.type == "bind");
  CHECK(bind.source == "/cwd/host");
  CHECK(bind.options == Strings{"ro", "rshared", "rbind"});
  CHECK(bind.chown);
  CHECK_FALSE(bind.copy_up);
  CHECK(store::read_only(bind));
  CHECK(store::propagation(bind) == "rshared");
  CHECK(store::inspect_options(bind) == Strings{"rbind"});
  CHECK(store::parse_volume_flag("/h:/x:O,bind", "/").overlay);
  CHECK(store::parse_volume_flag("/h:/x:O,bind", "/").options == Strings{"rw", "rprivate", "bind"});
}

TEST_CASE("-v: bad input in Podman's words", "[store]") {
  CHECK_THROWS_WITH(store::parse_volume_flag("a:b:c:d", "/"), "a:b:c:d: incorrect volume format, should be [host-dir:]ctr-dir[:option]");
  CHECK_THROWS_WITH(store::parse_volume_flag(":/x", "/"), "host directory cannot be empty");
  CHECK_THROWS_WITH(store::parse_volume_flag("/x:", "/"), "container directory cannot be empty");
  CHECK_THROWS_WITH(store::parse_volume_flag("v:data", "/"), "invalid container path \"data\", must be an absolute path");
  CHECK_THROWS_WITH(store::parse_volume_flag("/h:/x:ro,rw", "/"), "invalid options \"ro, rw\", can only specify 1 'rw' or 'ro' option");
  CHECK_THROWS_WITH(store::parse_volume_flag("/h:/x:shared,slave", "/"),
                    "invalid options \"shared, slave\", can only specify 1 '[r]shared', '[r]private', '[r]slave' or '[r]unbindable' option");
  CHECK_THROWS_WITH(store::parse_volume_flag("/h:/x:bogus", "/"), "invalid option type \"bogus\"");
  CHECK_THROWS_WITH(store::parse_volume_flag("a/b:/x", "/"),
                    "creating named volume \"a/b\": running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
}

TEST_CASE("--mount and --tmpfs", "[store]") {
  Mount b = store::parse_mount_flag("type=bind,source=/tmp,target=/x,readonly,bind-propagation=rshared", "/");
  CHECK(b.options == Strings{"ro", "rshared", "rbind"});
  Mount v = store::parse_mount_flag("type=volume,dst=/x", "/");
  CHECK(v.anonymous);
  Mount t = store::parse_mount_flag("type=tmpfs,dst=/t,tmpfs-size=2m,tmpfs-mode=1770", "/");
  CHECK(store::tmpfs_data(t) == "size=2m,mode=1770");
  Mount i = store::parse_mount_flag("type=image,src=alpine,dst=/i", "/");
  CHECK(i.options == Strings{"ro"});
  CHECK(store::parse_mount_flag("type=image,src=alpine,dst=/i,rw=true", "/").options == Strings{"rw"});
  CHECK_THROWS_WITH(store::parse_mount_flag("type=foo,dst=/x", "/"), "invalid filesystem type \"foo\"");
  CHECK_THROWS_WITH(store::parse_mount_flag("type=bind,src=/tmp", "/"), "must set volume destination");
  CHECK_THROWS_WITH(store::parse_mount_flag("type=bind,src=/tmp,dst=/x,bogus=1", "/"), "bogus: invalid mount option");
  // idmap, as Podman 4.3 takes it: a bind's or a volume's, not a tmpfs's.
  CHECK(store::parse_mount_flag("type=bind,src=/tmp,dst=/x,idmap", "/").options == Strings{"rw", "idmap", "rprivate", "rbind"});
  CHECK(store::parse_mount_flag("type=bind,src=/tmp,dst=/x,idmap=true", "/").options == Strings{"rw", "idmap", "rprivate", "rbind"});
  CHECK(store::parse_mount_flag("type=bind,src=/tmp,dst=/x,idmap=false", "/").options == Strings{"rw", "rprivate", "rbind"});
  CHECK_THROWS_WITH(store::parse_mount_flag("type=tmpfs,dst=/x,idmap", "/"), "idmap: invalid mount option");
  CHECK_THROWS_WITH(store::parse_mount_flag("dst=/x", "/"),
                    "incorrect mount format: should be --mount type=<bind|tmpfs|volume>,[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]");
  Mount tm = store::parse_tmpfs_flag("/t:size=1m,mode=700,noexec");
  CHECK(store::joined_options(tm) == "size=1m,mode=700,noexec,rw,rprivate,nosuid,nodev,tmpcopyup");
  CHECK(store::joined_options(store::parse_tmpfs_flag("/t")) == "rw,rprivate,nosuid,nodev,tmpcopyup");
  CHECK_THROWS_WITH(store::parse_tmpfs_flag("t"), "invalid container path \"t\", must be an absolute path");
  CHECK_THROWS_WITH(store::parse_tmpfs_flag("/t:bogus"), "unknown mount option \"bogus\": invalid mount option");
}

TEST_CASE("volume names are never paths", "[store]") {
  for (const char* bad : {"", "..", ".x", "-x", "a/b", "a b", "_x"}) CHECK_FALSE(store::valid_volume_name(bad));
  for (const char* good : {"a", "data.1", "my_vol-2", "0"}) CHECK(store::valid_volume_name(good));
}
