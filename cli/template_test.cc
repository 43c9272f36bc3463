// SPDX-License-Identifier: GPL-2.0-or-later
// cli/template_test.cc: the Go template subset, as Podman users write it.
#include <catch2/catch.hpp>

#include "cli/template.h"

using cli::Template;
using cli::Value;

namespace {

Value sample() {
  Value ns;
  ns.set("IPAddress", "10.88.0.2").set("Ports", Value::strings({"80/tcp"}));
  Value labels = Value::map();
  labels.set("tier", "web").set("app", "nginx");
  Value v;
  v.set("Name", "nginx").set("Id", "34e3b5c686ba").set("Running", true).set("Pid", 42)
      .set("NetworkSettings", ns).set("Labels", labels).set("Names", Value::strings({"a", "b"}))
      .set("Empty", Value::Array{});
  return v;
}

std::string render(const std::string& t) { return Template(t).render(sample()); }

}  // namespace

TEST_CASE("field paths, literals and text", "[cli]") {
  CHECK(render("{{.NetworkSettings.IPAddress}}") == "10.88.0.2");
  CHECK(render("id={{.Id}} pid={{ .Pid }} running={{.Running}}") == "id=34e3b5c686ba pid=42 running=true");
  CHECK(render("{{.Names}}") == "[a b]");
  CHECK(render("{{.Labels}}") == "map[app:nginx tier:web]");
  CHECK(render("plain text") == "plain text");
}

TEST_CASE("functions and pipelines", "[cli]") {
  CHECK(render("{{json .Names}}") == "[\"a\",\"b\"]");
  CHECK(render("{{.Names | json}}") == "[\"a\",\"b\"]");
  CHECK(render("{{index .Labels \"tier\"}}") == "web");
  CHECK(render("{{index .Names 1}}") == "b");
  CHECK(render("{{len .Names}}") == "2");
  CHECK(render("{{join .Names \", \"}}") == "a, b");
  CHECK(render("{{upper .Name}}-{{.Name | upper | lower}}") == "NGINX-nginx");
  CHECK(render("{{println .Name}}") == "nginx\n");
  CHECK(render("{{json .NetworkSettings}}") == "{\"IPAddress\":\"10.88.0.2\",\"Ports\":[\"80/tcp\"]}");
}

TEST_CASE("if, else, range, and trim markers", "[cli]") {
  CHECK(render("{{if .Running}}up{{else}}down{{end}}") == "up");
  CHECK(render("{{if .Empty}}some{{else}}none{{end}}") == "none");
  CHECK(render("{{range .Names}}<{{.}}>{{end}}") == "<a><b>");
  CHECK(render("{{range .Empty}}x{{else}}empty{{end}}") == "empty");
  CHECK(render("a  {{- .Name -}}  b") == "anginxb");
  CHECK(render("{{if eq .Name \"nginx\"}}yes{{end}}") == "yes");
}

TEST_CASE("errors name the field or function", "[cli]") {
  CHECK_THROWS_WITH(render("{{.Nope}}"), "template: executing at <.Nope>: can't evaluate field Nope");
  CHECK_THROWS_WITH(render("{{.NetworkSettings.Gateway}}"),
                    "template: executing at <.NetworkSettings.Gateway>: can't evaluate field Gateway");
  CHECK_THROWS_WITH(render("{{frob .Name}}"), "template: function \"frob\" not defined");
  CHECK_THROWS_WITH(Template("{{if .Running}}x"), Catch::Contains("missing {{end}}"));
  CHECK_THROWS_WITH(Template("{{.Name"), Catch::Contains("unclosed action"));
  CHECK_THROWS_WITH(Template("{{end}}"), Catch::Contains("unexpected {{end}}"));
}

TEST_CASE("json formats as Podman tells them", "[cli]") {
  for (const char* yes : {"json", " json ", "{{json .}}", "{{ json . }}", "{{json.}}", " {{json .}} "}) {
    INFO(yes);
    CHECK(cli::is_json_format(yes));
  }
  for (const char* no : {"{{json .Id}}", "js on", "{{.}}", "JSON", "{{json}}", "jsonx", ""}) {
    INFO(no);
    CHECK_FALSE(cli::is_json_format(no));
  }
}
