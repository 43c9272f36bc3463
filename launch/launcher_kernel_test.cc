// SPDX-License-Identifier: GPL-2.0-or-later
// launch/launcher_kernel_test.cc: a busybox image imported into a temp
// store, launched on real namespaces: PID 1, its own hostname, network and
// /dev, an overlay whose writes stay in the container's upper dir, and
// Podman's exit codes for a command that is missing or not executable.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include "base/file.h"
#include "netns/link.h"
#include "netns/netlink.h"
#include "image/image_store.h"
#include "launch/capabilities.h"
#include "launch/launcher.h"
#include "tests/temp_netns.h"

using namespace launch;
using testing::sh;
using testing::TempDir;

namespace {

struct Busybox {
  TempDir dir;
  std::string id;
  Busybox() {
    std::string fs = dir.path() + "/fs";
    REQUIRE(sh("mkdir -p " + fs + "/bin " + fs + "/etc && cp \"$(command -v busybox)\" " + fs +
               "/bin/busybox && ln -s busybox " + fs + "/bin/sh && echo lower > " + fs + "/etc/marker && chmod 644 " +
               fs + "/etc/marker && tar -C " + fs + " -cf " + dir.path() + "/fs.tar .").status == 0);
    image::ImageStore store(dir.path() + "/root", ::geteuid() == 0);
    id = store.import(dir.path() + "/fs.tar", std::nullopt, {}, "");
  }
  std::string lower() const { return dir.path() + "/root/images/" + id + "/rootfs"; }
};

struct Run {
  int code;
  std::string out;
};

Run run(const Busybox& img, const std::string& ctr_dir, std::vector<std::string> argv, bool new_network = true) {
  int fds[2];
  REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
  base::UniqueFd r(fds[0]), w(fds[1]);
  LaunchSpec spec;
  spec.lower = img.lower();
  spec.dir = ctr_dir;
  spec.process.argv = std::move(argv);
  spec.process.env = {"PATH=/bin", "HOME=/"};
  spec.process.caps = launch::default_capabilities();
  spec.process.out = spec.process.err = w.get();
  spec.hostname = "box";
  spec.new_network = new_network;
  Launched l = launch::launch(spec);
  w.reset();
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(r.get(), buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  return {wait_exit(l.pid), out};
}

}  // namespace

TEST_CASE("a container starts as PID 1 on an overlay of its image", "[netns]") {
  Busybox img;
  TempDir ctr;
  Run r = run(img, ctr.path(), {"sh", "-c",
                                "echo pid=$$; busybox hostname; cat /etc/marker; echo upper > /etc/marker; "
                                "ls /dev | tr '\\n' ' '; echo; cat /proc/net/dev | grep -c ':'; "
                                "cut -d' ' -f5 /proc/self/mountinfo | grep -c warren-test; exit 3"});
  CHECK(r.code == 3);
  CHECK(r.out.find("pid=1\n") != std::string::npos);
  CHECK(r.out.find("box\n") != std::string::npos);
  CHECK(r.out.find("lower\n") != std::string::npos);
  for (const char* d : {"null", "zero", "full", "random", "urandom", "tty", "pts", "ptmx", "shm", "mqueue"}) {
    CHECK(r.out.find(std::string(d) + " ") != std::string::npos);
  }
  // Its own network namespace holds lo only; no mount point of the host's
  // shows (the overlay's options do name its layers, as Podman's do).
  INFO(r.out);
  CHECK(r.out.find("\n1\n0\n") != std::string::npos);
  // The write went to the container's upper dir; the image is untouched.
  CHECK(base::read_file(ctr.path() + "/upper/etc/marker") == std::optional<std::string>("upper\n"));
  CHECK(base::read_file(img.lower() + "/etc/marker") == std::optional<std::string>("lower\n"));
}

TEST_CASE("--network host shares the launcher's network namespace", "[netns]") {
  Busybox img;
  TempDir ctr;
  netns::Netlink nl = netns::Netlink::open();
  netns::create_veth(nl, {.name = "wlaunch0", .peer = "wlaunch1"});
  Run r = run(img, ctr.path(), {"sh", "-c", "grep -c wlaunch /proc/net/dev"}, false);
  CHECK(r.code == 0);
  CHECK(r.out == "2\n");
  netns::delete_link(nl, "wlaunch0");
}

TEST_CASE("a missing or non-executable command: 127 and 126, as Podman", "[netns]") {
  Busybox img;
  TempDir c1, c2;
  try {
    run(img, c1.path(), {"no-such-command"});
    FAIL("expected a base::LaunchError");
  } catch (const base::LaunchError& e) {
    CHECK(e.code() == base::kExitNotFound);
    CHECK(std::string(e.what()) == "executable file `no-such-command` not found in $PATH: No such file or directory");
  }
  try {
    run(img, c2.path(), {"/etc/marker"});
    FAIL("expected a base::LaunchError");
  } catch (const base::LaunchError& e) {
    CHECK(e.code() == base::kExitCannotInvoke);
    CHECK(std::string(e.what()) == "`/etc/marker`: Permission denied");
  }
}

TEST_CASE("Podman's default capabilities, masked and read-only paths", "[netns]") {
  Busybox img;
  TempDir ctr;
  Run r = run(img, ctr.path(), {"sh", "-c",
                                "grep -E 'CapBnd|CapEff|CapPrm|CapInh|NoNewPrivs' /proc/self/status; "
                                "echo keys=$(busybox wc -c < /proc/keys) firmware=$(ls /sys/firmware | busybox wc -l); "
                                "cat /proc/sys/kernel/hostname; "
                                "echo 1 > /proc/sys/kernel/hostname 2>/dev/null && echo wrote || echo refused"});
  INFO(r.out);
  CHECK(r.code == 0);
  // Podman 4's set: no NET_RAW, MKNOD or AUDIT_WRITE (Docker's has them).
  CHECK(r.out.find("CapBnd:\t00000000800405fb") != std::string::npos);
  CHECK(r.out.find("CapEff:\t00000000800405fb") != std::string::npos);
  CHECK(r.out.find("CapPrm:\t00000000800405fb") != std::string::npos);
  CHECK(r.out.find("CapInh:\t0000000000000000") != std::string::npos);  // Podman 4.3, after CVE-2022-27649
  CHECK(r.out.find("NoNewPrivs:\t0") != std::string::npos);            // Podman's no_new_privileges=false
  CHECK(r.out.find("keys=0 firmware=0") != std::string::npos);  // masked: /dev/null and an empty tmpfs
  CHECK(r.out.find("box\n") != std::string::npos);
  CHECK(r.out.find("refused") != std::string::npos);
}
