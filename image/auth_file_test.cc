// SPDX-License-Identifier: GPL-2.0-or-later
// image/auth_file_test.cc: auth.json read by the most specific key, with
// Docker's config.json behind it; edits keep the rest of the file.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "base/file.h"
#include "image/auth_file.h"
#include "tests/temp_netns.h"

TEST_CASE("credentials by the most specific key, then Docker's file", "[image]") {
  testing::TempDir dir;
  std::string auth = dir.path() + "/auth.json", docker = dir.path() + "/config.json";
  base::write_file_atomic(auth, R"({"auths":{"r.example":{"auth":"dTE6cDE="},"r.example/team":{"auth":"dTI6cDI6eA=="}},"credHelpers":{"x":"y"}})");
  base::write_file_atomic(docker, R"({"auths":{"https://index.docker.io/v1/":{"auth":"ZDpw"}}})");
  auto c = image::find_credentials(auth, docker, "r.example/other/app");
  REQUIRE(c);
  CHECK((c->username == "u1" && c->password == "p1"));
  c = image::find_credentials(auth, docker, "r.example/team/app");
  REQUIRE(c);
  CHECK((c->username == "u2" && c->password == "p2:x"));
  CHECK_FALSE(image::find_credentials(auth, docker, "r.example.evil/app"));
  c = image::find_credentials(auth, docker, "docker.io/library/alpine");
  REQUIRE(c);
  CHECK(c->username == "d");
  CHECK_FALSE(image::find_credentials(dir.path() + "/none.json", dir.path() + "/none2.json", "x.io/y"));
}

TEST_CASE("saving and removing keep the rest, and the file private", "[image]") {
  testing::TempDir dir;
  std::string auth = dir.path() + "/sub/auth.json";
  image::save_credentials(auth, "localhost:5000", {"user", "secret"});
  struct stat st;
  REQUIRE(::stat(auth.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  base::write_file_atomic(auth, R"({"auths":{"localhost:5000":{"auth":"dXNlcjpzZWNyZXQ="}},"other":1})");
  image::save_credentials(auth, "r.example", {"a", "b"});
  CHECK(image::find_credentials(auth, "", "localhost:5000/x")->password == "secret");
  CHECK(base::read_file(auth)->find("\"other\"") != std::string::npos);
  CHECK(image::remove_credentials(auth, "localhost:5000"));
  CHECK_FALSE(image::remove_credentials(auth, "localhost:5000"));
  CHECK_FALSE(image::find_credentials(auth, "", "localhost:5000/x"));
  image::remove_all_credentials(auth);
  CHECK_FALSE(image::find_credentials(auth, "", "r.example/x"));
  CHECK(base::read_file(auth)->find("\"other\"") != std::string::npos);
}

TEST_CASE("a damaged auth file is one error naming it", "[image]") {
  testing::TempDir dir;
  std::string auth = dir.path() + "/auth.json";
  base::write_file_atomic(auth, R"({"auths":{"r.example":{"auth":"not base64!"}}})");
  CHECK_THROWS_WITH(image::find_credentials(auth, "", "r.example/x"), Catch::Contains(auth));
  base::write_file_atomic(auth, R"({"auths":[]})");
  CHECK_THROWS_WITH(image::find_credentials(auth, "", "r.example/x"), Catch::Contains("\"auths\""));
  CHECK_THROWS_WITH(image::save_credentials(auth, "r.example", {"a", "b"}), Catch::Contains("\"auths\""));
  CHECK(image::parse_creds("u:p:q").password == "p:q");
  CHECK_THROWS(image::parse_creds(":p"));
}
