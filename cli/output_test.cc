// SPDX-License-Identifier: GPL-2.0-or-later
// cli/output_test.cc: the JSON and YAML that `info` and `version` print.
#include <catch2/catch.hpp>

#include "cli/output.h"

using cli::Value;

TEST_CASE("JSON keeps key order and indents by four", "[cli]") {
  Value inner;
  inner.set("rootless", false);
  Value doc;
  doc.set("b", "x").set("a", inner).set("n", 3).set("l", Value::strings({"p", "q"}));
  CHECK(cli::to_json(doc) ==
        "{\n    \"b\": \"x\",\n    \"a\": {\n        \"rootless\": false\n    },\n"
        "    \"n\": 3,\n    \"l\": [\n        \"p\",\n        \"q\"\n    ]\n}");
}

TEST_CASE("YAML nests maps and lists and quotes what needs it", "[cli]") {
  Value sec;
  sec.set("rootless", true);
  Value host;
  host.set("kernel", "6.1.0").set("security", sec).set("reason", "a: b").set("empty", Value::Array{});
  Value doc;
  doc.set("host", host).set("dirs", Value::strings({"/usr/lib/cni"}));
  CHECK(cli::to_yaml(doc) ==
        "host:\n  kernel: 6.1.0\n  security:\n    rootless: true\n  reason: \"a: b\"\n  empty: []\n"
        "dirs:\n- /usr/lib/cni\n");
}

#include "cli/table.h"

TEST_CASE("tables lay out as Go's tabwriter with minimum width 12 and padding 2", "[cli]") {
  std::string t = cli::render_table({"REPOSITORY", "TAG", "IMAGE ID"}, {{"localhost/alpine_nginx", "latest", "da1441d0f6a3"}});
  CHECK(t == "REPOSITORY              TAG         IMAGE ID\nlocalhost/alpine_nginx  latest      da1441d0f6a3\n");
}

TEST_CASE("human sizes and durations as go-units writes them", "[cli]") {
  CHECK(cli::human_size(1982269) == "1.98 MB");
  CHECK(cli::human_size(999) == "999 B");
  CHECK(cli::human_size(5900000) == "5.9 MB");
  CHECK(cli::human_duration(0) == "Less than a second");
  CHECK(cli::human_duration(45) == "45 seconds");
  CHECK(cli::human_duration(70) == "About a minute");
  CHECK(cli::human_duration(600) == "10 minutes");
  CHECK(cli::human_duration(3600) == "About an hour");
  CHECK(cli::human_duration(5 * 3600) == "5 hours");
  CHECK(cli::human_duration(3 * 86400) == "3 days");
}

TEST_CASE("compact JSON keeps strings whole, a trailing backslash included", "[cli]") {
  Value doc;
  doc.set("a", "ends in \\").set("b", "has \"quotes\" and spaces").set("l", Value::strings({"x y"}));
  CHECK(cli::to_json_compact(doc) == R"({"a":"ends in \\","b":"has \"quotes\" and spaces","l":["x y"]})");
}
