// SPDX-License-Identifier: GPL-2.0-or-later
// image/manifest_test.cc: the four manifest kinds, schema 1 refused,
// hostile digests and types refused, a platform chosen from a list.
#include <catch2/catch.hpp>

#include "base/error.h"
#include "image/manifest.h"

using image::parse_manifest;

namespace {

const std::string kA = "sha256:" + std::string(64, 'a');
const std::string kB = "sha256:" + std::string(64, 'b');

std::string oci_manifest(const std::string& layer_type, const std::string& layer_digest) {
  return R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":")" +
         kA + R"(","size":10},"layers":[{"mediaType":")" + layer_type + R"(","digest":")" + layer_digest + R"(","size":20}]})";
}

}  // namespace

TEST_CASE("image manifests: OCI and Docker schema 2, gzip, zstd and plain layers", "[image]") {
  for (const char* t : {"application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.oci.image.layer.v1.tar+zstd",
                        "application/vnd.oci.image.layer.v1.tar", "application/vnd.docker.image.rootfs.diff.tar.gzip"}) {
    auto m = parse_manifest(oci_manifest(t, kB), "", "m");
    CHECK_FALSE(m.is_index);
    CHECK(m.config.digest == kA);
    REQUIRE(m.layers.size() == 1);
    CHECK(m.layers[0].digest == kB);
    CHECK(m.layers[0].size == 20);
  }
  auto d = parse_manifest(oci_manifest("application/vnd.docker.image.rootfs.diff.tar.gzip", kB), image::kDockerManifest, "m");
  CHECK(d.media_type == image::kDockerManifest);
}

TEST_CASE("hostile manifests are refused, naming what is wrong", "[image]") {
  CHECK_THROWS_WITH(parse_manifest(R"({"schemaVersion":1,"name":"x","fsLayers":[]})", "", "m"), Catch::Contains("schema 1"));
  CHECK_THROWS_WITH(parse_manifest("{}", "application/vnd.docker.distribution.manifest.v1+prettyjws", "m"),
                    Catch::Contains("schema 1"));
  CHECK_THROWS_WITH(parse_manifest(oci_manifest("application/vnd.oci.image.layer.v1.tar+gzip", "sha256:../../etc"), "", "m"),
                    Catch::Contains("unsupported digest"));
  CHECK_THROWS_WITH(parse_manifest(oci_manifest("application/vnd.oci.image.layer.v1.tar+gzip", "sha512:" + std::string(128, 'a')), "", "m"),
                    Catch::Contains("unsupported digest"));
  CHECK_THROWS_WITH(parse_manifest(oci_manifest("application/vnd.oci.image.layer.v1.tar+gzip+encrypted", kB), "", "m"),
                    Catch::Contains("unsupported layer type"));
  CHECK_THROWS_WITH(parse_manifest(R"({"schemaVersion":2,"config":{"digest":5},"layers":[]})", "", "m"),
                    Catch::Contains("\"digest\" must be a string"));
  CHECK_THROWS_WITH(parse_manifest("[1]", "", "m"), Catch::Contains("not a JSON object"));
  CHECK_THROWS_WITH(parse_manifest("{", "", "m"), Catch::StartsWith("m:"));
  CHECK_THROWS_WITH(parse_manifest(R"({"schemaVersion":2})", "application/x-other", "m"), Catch::Contains("unsupported manifest type"));
}

TEST_CASE("a platform chosen from a list: exact variant first, then one without", "[image]") {
  std::string list = R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[
    {"digest":")" + kA + R"(","size":1,"platform":{"os":"linux","architecture":"arm","variant":"v6"}},
    {"digest":")" + kB + R"(","size":1,"platform":{"os":"linux","architecture":"arm","variant":"v7"}},
    {"digest":"sha256:)" + std::string(64, 'c') + R"(","size":1,"platform":{"os":"linux","architecture":"amd64"}}]})";
  auto m = parse_manifest(list, "", "list");
  REQUIRE(m.is_index);
  CHECK(image::choose_platform(m, {"linux", "arm", "v7"}).digest == kB);
  CHECK(image::choose_platform(m, {"linux", "amd64", ""}).digest.ends_with("ccc"));
  CHECK(image::choose_platform(m, {"linux", "amd64", "v2"}).digest.ends_with("ccc"));
  CHECK_THROWS_WITH(image::choose_platform(m, {"linux", "s390x", ""}),
                    Catch::Contains("no image found in manifest list for architecture s390x"));
}
