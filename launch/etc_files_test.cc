// SPDX-License-Identifier: GPL-2.0-or-later
// launch/etc_files_test.cc: a container's generated /etc files.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include "base/file.h"
#include "launch/etc_files.h"

using namespace launch;

TEST_CASE("resolv.conf drops loopback resolvers unless the host's network is shared", "[runtime]") {
  char t[] = "/tmp/warren-unit-XXXXXX";
  REQUIRE(::mkdtemp(t));
  std::string dir = t;
  base::write_file_atomic(dir + "/resolv.conf", "search example.org\nnameserver 127.0.0.53\nnameserver 192.0.2.1\nnameserver ::1\n");
  base::write_file_atomic(dir + "/hosts", "10.1.2.3 buildhost\n");
  EtcInput in{"box", "web", false, dir + "/resolv.conf", dir + "/hosts"};
  CHECK(resolv_file(in) == "search example.org\nnameserver 192.0.2.1\n");
  // Podman 4.3's layout: the host's entries (localhost added when they
  // lack it), host.containers.internal, the container's own line.
  in.host_gateway = "10.88.0.1";
  CHECK(hosts_file(in) == "127.0.0.1\tlocalhost\n::1\tlocalhost\n10.1.2.3\tbuildhost\n10.88.0.1\thost.containers.internal\n"
                          "127.0.0.1\tbox web\n");
  in.own_addresses = {"10.88.0.5"};
  CHECK(hosts_file(in).ends_with("10.88.0.1\thost.containers.internal\n10.88.0.5\tbox web\n"));
  in.own_addresses.clear();
  in.host_network = true;
  CHECK(resolv_file(in).find("127.0.0.53") != std::string::npos);
  CHECK(hosts_file(in).ends_with("10.1.2.3\tbuildhost\n10.88.0.1\thost.containers.internal\n"));
  in.add_hosts = {"db:192.0.2.7", "v6:2001:db8::1"};
  in.dns = {"192.0.2.53"};
  CHECK(resolv_file(in) == "search example.org\nnameserver 192.0.2.53\n");
  in.dns_search = {"a.test", "b.test"};
  in.dns_options = {"ndots:2", "edns0"};
  CHECK(resolv_file(in) == "search a.test b.test\nnameserver 192.0.2.53\noptions ndots:2 edns0\n");
  in.dns_search = {"."};
  CHECK(resolv_file(in) == "nameserver 192.0.2.53\noptions ndots:2 edns0\n");
  CHECK(hosts_file(in).starts_with("192.0.2.7\tdb\n2001:db8::1\tv6\n127.0.0.1\tlocalhost\n"));
  auto files = write_etc_files(dir, in);
  CHECK(files.size() == 3);
  CHECK(base::read_file(dir + "/hostname") == std::optional<std::string>("box"));  // no newline, as Podman
  std::system(("rm -rf '" + dir + "'").c_str());
}
