// SPDX-License-Identifier: GPL-2.0-or-later
// cli/output_test.cc: the JSON and YAML that `info` and `version` print,
// tables, times and --format's reports.
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

TEST_CASE("tabwriter: columns by block, the last cell unpadded, rune widths", "[cli]") {
  CHECK(cli::tabwrite("a\tb\nlonger cell here\tx\n") == "a                 b\nlonger cell here  x\n");
  // A line with fewer cells ends the block of the column it lacks.
  CHECK(cli::tabwrite("aa\tb\tc\nnone\nd\te\tf\n") == "aa          b           c\nnone\nd           e           f\n");
  CHECK(cli::tabwrite("\xC3\xA9\tx\n") == "\xC3\xA9           x\n");
  CHECK(cli::tabwrite("no tabs") == "no tabs");
}

TEST_CASE("Go's time.Duration String", "[cli]") {
  CHECK(cli::go_duration(0) == "0s");
  CHECK(cli::go_duration(2093091837) == "2.093091837s");
  CHECK(cli::go_duration(120000000000) == "2m0s");
  CHECK(cli::go_duration(3723500000000) == "1h2m3.5s");
  CHECK(cli::go_duration(1500000) == "1.5ms");
  CHECK(cli::go_duration(2000) == "2\xC2\xB5s");
  CHECK(cli::go_duration(999) == "999ns");
  CHECK(cli::go_duration(-1500000000) == "-1.5s");
}

TEST_CASE("Go's time.Time String", "[cli]") {
  CHECK(cli::go_time("2026-12-06T00:17:45.693987025Z") == "2026-12-06 00:17:45.693987025 +0000 UTC");
  CHECK(cli::go_time("2026-12-06T00:17:45.500Z") == "2026-12-06 00:17:45.5 +0000 UTC");
  CHECK(cli::go_time("2026-12-06T00:17:45Z") == "2026-12-06 00:17:45 +0000 UTC");
  CHECK(cli::go_time("0001-01-01T00:00:00Z") == "0001-01-01 00:00:00 +0000 UTC");
  CHECK(cli::go_time("2026-12-06T01:17:45+01:00") == "2026-12-06 01:17:45 +0100 +0100");
  Value t = Value::time("");
  CHECK(cli::to_json_compact(t) == "\"0001-01-01T00:00:00Z\"");
}

#include "cli/report.h"

TEST_CASE("--format as Podman's report: table headers, escapes, layout", "[cli]") {
  CHECK(cli::header_of("CreatedAt") == "CREATED AT");
  CHECK(cli::header_of("ID") == "ID");
  CHECK(cli::header_of("IPAddress") == "IP ADDRESS");
  CHECK(cli::header_of("NumberOfContainers") == "NUMBER OF CONTAINERS");
  CHECK(cli::header_of("InfraID") == "INFRA ID");
  Value a, b;
  a.set("ID", "1234").set("Names", "web").set("CreatedAt", "x");
  b.set("ID", "5678").set("Names", "a-longer-name").set("CreatedAt", "y");
  cli::Report t("table {{.ID}} {{.Names}}", {{"ID", "CONTAINER ID"}});
  t.add(a);
  t.add(b);
  CHECK(t.text() == "CONTAINER ID  NAMES\n1234          web\n5678          a-longer-name\n");
  CHECK(t.text(true) == "1234        web\n5678        a-longer-name\n");  // widths from the rows alone
  cli::Report plain("{{.ID}}\\t{{.Names}}\\n--");
  plain.add(a);
  CHECK(plain.text() == "1234\tweb\n--\n");  // a plain template is not laid out
  cli::Report tabs("table {{.Names}}\\t{{.CreatedAt}}");
  tabs.add(b);
  CHECK(tabs.text() == "NAMES          CREATED AT\na-longer-name  y\n");
  CHECK(cli::Report::is_default(""));
  CHECK_FALSE(cli::Report::is_default("table"));
  CHECK_THROWS(cli::Report("table {{.ID"));
}
