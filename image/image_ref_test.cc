// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_ref_test.cc: names normalised as Podman does.
#include <catch2/catch.hpp>

#include "base/error.h"
#include "image/image_ref.h"

using image::DefaultDomain;
using image::parse_image_ref;

TEST_CASE("short names get localhost or docker.io, and latest", "[runtime]") {
  CHECK(parse_image_ref("alpine_nginx").str() == "localhost/alpine_nginx:latest");
  CHECK(parse_image_ref("alpine_nginx:v2").str() == "localhost/alpine_nginx:v2");
  CHECK(parse_image_ref("team/web").str() == "localhost/team/web:latest");
  CHECK(parse_image_ref("busybox", DefaultDomain::docker_io).str() == "docker.io/library/busybox:latest");
  CHECK(parse_image_ref("team/web:1", DefaultDomain::docker_io).str() == "docker.io/team/web:1");
}

TEST_CASE("a domain is kept, a port is not a tag", "[runtime]") {
  CHECK(parse_image_ref("quay.io/x/y:2").str() == "quay.io/x/y:2");
  CHECK(parse_image_ref("localhost/web").str() == "localhost/web:latest");
  auto r = parse_image_ref("registry:5000/web");
  CHECK(r.domain == "registry:5000");
  CHECK(r.tag == "latest");
  CHECK(r.name() == "registry:5000/web");
}

TEST_CASE("invalid references are refused with Podman's words", "[runtime]") {
  for (const char* bad : {"", "UPPER", "a//b", "-lead", "x:", "x:bad tag", "x@sha256:00", "a..b", "trail-"}) {
    CHECK_THROWS_WITH(parse_image_ref(bad), Catch::StartsWith("invalid reference format"));
  }
}

TEST_CASE("ids and prefixes", "[runtime]") {
  CHECK(image::looks_like_id("da1441d0f6a3"));
  CHECK_FALSE(image::looks_like_id("alpine"));
  CHECK_FALSE(image::looks_like_id(""));
}

TEST_CASE("a repository name is at most 255 characters once normalised, a tag 128", "[image]") {
  CHECK(image::parse_image_ref(std::string(245, 't'), image::DefaultDomain::localhost).str().size() == 255 + 7);
  CHECK_THROWS_WITH(image::parse_image_ref(std::string(246, 't'), image::DefaultDomain::localhost),
                    Catch::Contains("repository name must not be more than 255 characters"));
  CHECK_NOTHROW(image::parse_image_ref("x:" + std::string(128, 't'), image::DefaultDomain::localhost));
  CHECK_THROWS_WITH(image::parse_image_ref("x:" + std::string(129, 't'), image::DefaultDomain::localhost),
                    Catch::Contains("invalid reference format"));
}

TEST_CASE("pull references: digests, docker.io's library/, qualified or not", "[image]") {
  const std::string d = "sha256:" + std::string(64, 'a');
  auto r = image::parse_pull_ref("localhost:5000/x/y@" + d);
  CHECK(r.digest == d);
  CHECK(r.str() == "localhost:5000/x/y@" + d);
  CHECK(r.reference() == d);
  CHECK(r.qualified);
  CHECK(image::parse_pull_ref("docker.io/nginx").str() == "docker.io/library/nginx:latest");
  CHECK_FALSE(image::parse_pull_ref("nginx").qualified);
  CHECK(image::parse_pull_ref("quay.io/a/b:3").reference() == "3");
  CHECK_THROWS_WITH(image::parse_pull_ref("x:1@" + d), Catch::Contains("both a tag and digest"));
  for (const std::string& bad : std::vector<std::string>{"x@sha256:00", "x@" + d + "0", "x@md5:" + std::string(64, 'a'), "x@SHA256:" + std::string(64, 'a')}) {
    CHECK_THROWS_WITH(image::parse_pull_ref(bad), Catch::StartsWith("invalid reference format"));
  }
}
