// SPDX-License-Identifier: GPL-2.0-or-later
// image/image_config_test.cc: --change instructions and config JSON.
#include <catch2/catch.hpp>

#include "base/clock.h"
#include "base/error.h"
#include "image/image_config.h"

using namespace image;

TEST_CASE("CMD and ENTRYPOINT: exec form and shell form", "[runtime]") {
  ImageConfig c;
  apply_change(c, R"(CMD ["httpd", "-f", "-p", "80"])");
  CHECK(c.cmd == std::vector<std::string>{"httpd", "-f", "-p", "80"});
  apply_change(c, "cmd echo hi there");
  CHECK(c.cmd == std::vector<std::string>{"/bin/sh", "-c", "echo hi there"});
  apply_change(c, R"(ENTRYPOINT ["/bin/tini", "--"])");
  CHECK(c.entrypoint == std::vector<std::string>{"/bin/tini", "--"});
  CHECK_THROWS_WITH(apply_change(c, R"(CMD ["a", 1])"), Catch::Contains("not a JSON list of strings"));
}

TEST_CASE("ENV, LABEL, EXPOSE, WORKDIR, USER", "[runtime]") {
  ImageConfig c;
  // One KEY=VALUE a change, the value all after '=' (Podman 4.3's).
  apply_change(c, R"(ENV A="x y" B=2)");
  apply_change(c, "ENV B 3");
  CHECK(c.env == std::vector<std::string>{R"(A="x y" B=2)", "B=3"});
  apply_change(c, "ENV A=\"1\"");
  CHECK(c.env == std::vector<std::string>{"B=3", "A=1"});
  apply_change(c, R"(LABEL app="nginx like" tier=web)");
  apply_change(c, R"(LABEL io.containers.seccomp.profile={"defaultAction":"SCMP_ACT_ALLOW"})");
  REQUIRE(c.labels.size() == 2);
  CHECK(c.labels[0].second == R"("nginx like" tier=web)");
  CHECK(c.labels[1].second == R"({"defaultAction":"SCMP_ACT_ALLOW"})");
  CHECK_THROWS_WITH(apply_change(c, "LABEL a b"), "invalid change \"LABEL a b\" - LABEL must be formatted key=value");
  CHECK_THROWS_WITH(apply_change(c, "LABEL =b"), "invalid change \"LABEL =b\" - LABEL must have a non-empty key");
  // One port a change, as Podman's import takes them.
  apply_change(c, "EXPOSE 80");
  apply_change(c, "EXPOSE 53/UDP");
  apply_change(c, "expose=80/tcp");
  CHECK(c.exposed_ports == std::vector<std::string>{"80/tcp", "53/udp"});
  apply_change(c, "WORKDIR /www");
  apply_change(c, "USER nobody");
  CHECK(c.working_dir == "/www");
  CHECK(c.user == "nobody");
  CHECK_THROWS_WITH(apply_change(c, "EXPOSE 0"), "invalid change \"EXPOSE 0\" - EXPOSE port must be a valid port number");
  CHECK_THROWS_WITH(apply_change(c, "EXPOSE 80/icmp"), "invalid change \"EXPOSE 80/icmp\" - EXPOSE protocol must be TCP or UDP");
  CHECK_THROWS_WITH(apply_change(c, "EXPOSE 80/tcp/udp"),
                    "invalid change \"EXPOSE 80/tcp/udp\" - EXPOSE port must be formatted as PORT[/PROTO]");
  CHECK_THROWS_WITH(apply_change(c, "EXPOSE 80 53"),
                    "invalid change \"EXPOSE 80 53\" - EXPOSE port must be an integer: strconv.Atoi: parsing \"80 53\": invalid syntax");
  CHECK_THROWS_WITH(apply_change(c, "USER"), "invalid change \"USER\" - must be formatted as KEY VALUE");
  CHECK_THROWS_WITH(apply_change(c, "ENV =x"), Catch::Contains("ENV must have a non-empty key"));
  CHECK_THROWS_WITH(apply_change(c, "RUN x"), "invalid change \"RUN x\" - invalid instruction RUN");
}

TEST_CASE("the config round-trips through its JSON", "[runtime]") {
  ImageConfig c;
  c.created = "2026-01-02T03:04:05Z";
  c.architecture = "amd64";
  apply_change(c, R"(CMD ["sh"])");
  apply_change(c, "EXPOSE 80");
  c.diff_ids = {"sha256:abc"};
  c.history = {{"2026-01-02T03:04:05Z", "/bin/sh -c #(nop) ADD", "hi", false}};
  std::string j = image::config_json(c);
  CHECK(j.find(R"("ExposedPorts":{"80/tcp":{}})") != std::string::npos);
  ImageConfig back = parse_config_json(j);
  CHECK(back.cmd == c.cmd);
  CHECK(back.exposed_ports == c.exposed_ports);
  CHECK(back.diff_ids == c.diff_ids);
  CHECK(back.history[0].comment == "hi");
  CHECK(image::config_json(back) == j);
  CHECK_THROWS(parse_config_json("[]"));
}

TEST_CASE("an image config with a field of the wrong type is refused, naming it", "[runtime]") {
  // Image builders write these; Podman's reader (Go's json) refuses them too.
  CHECK_THROWS_WITH(parse_config_json(R"({"config":{"Env":"PATH=/bin"}})"), "image config's config: \"Env\" must be a list");
  CHECK_THROWS_WITH(parse_config_json(R"({"config":{"Cmd":["sh",1]}})"), "image config's config: \"Cmd\" must be a list of strings");
  CHECK_THROWS_WITH(parse_config_json(R"({"config":{"Labels":{"a":1}}})"), "image config's config: \"Labels\" must be an object of strings");
  CHECK_THROWS_WITH(parse_config_json(R"({"rootfs":{"diff_ids":"sha256:x"}})"), "image config's rootfs: \"diff_ids\" must be a list");
  CHECK_THROWS_WITH(parse_config_json(R"({"history":[1]})"), "image config's history is not a JSON object");
  CHECK_THROWS_WITH(parse_config_json(R"({"os":5})"), "image config: \"os\" must be a string");
  CHECK_THROWS_WITH(parse_config_json(R"({"config":)"), "image config: Invalid value. at offset 10");
  // Null and absent fields are empty, as Go reads them.
  ImageConfig c = parse_config_json(R"({"config":{"Env":null,"Cmd":null,"Labels":null},"history":null})");
  CHECK(c.env.empty());
  CHECK(c.cmd.empty());
  CHECK(base::rfc3339_now().size() == 30);
}
