// SPDX-License-Identifier: GPL-2.0-or-later
// store/record_json_test.cc: container and pod records round-trip; a
// record damaged on disk is one error naming the field, never an assert
// and never a record that silently reads as something else.
#include <rapidjson/document.h>

#include <set>

#include <catch2/catch.hpp>

#include "base/error.h"
#include "store/container_json.h"
#include "store/pod_store.h"

using store::parse_config;
using store::parse_pod;
using store::parse_state;

TEST_CASE("a container record round-trips through its JSON", "[store]") {
  store::ContainerConfig c;
  c.id = std::string(64, 'a');
  c.name = "web";
  c.networks = {{"podman", "10.88.0.2", "", "0a:58:0a:58:00:02", {"w"}}};
  c.ports = {{"127.0.0.1", 8080, 80, "tcp", 1}};
  c.labels = {{"k", "v"}};
  c.log_size_max = 4096;
  c.tty = true;
  store::ContainerConfig back = parse_config(store::config_json(c));
  CHECK(back.name == "web");
  CHECK(back.networks[0].aliases == std::vector<std::string>{"w"});
  CHECK(back.ports[0].host_port == 8080);
  CHECK(back.log_size_max == 4096);
  CHECK(store::config_json(back) == store::config_json(c));
  store::ContainerState s;
  s.status = "running";
  s.pid = 42;
  s.pid_start = 123456789012ULL;
  CHECK(store::state_json(parse_state(store::state_json(s))) == store::state_json(s));
}

TEST_CASE("a listing reads a record's first fields alone, an older record's wherever they are", "[store]") {
  store::ContainerConfig c;
  c.id = std::string(64, 'b');
  c.name = "web";
  c.image_name = "localhost/img:latest";
  c.created = "2026-12-07T06:00:00.000000000Z";
  c.pod = "p1";
  c.restart_policy = "always";
  c.infra = true;
  c.command = {"sleep", "1"};
  c.networks = {{"podman", "10.88.0.2", "", "0a:58:0a:58:00:02", {"w"}}};
  c.ports = {{"", 8080, 80, "tcp", 1}};
  c.labels = {{"k", "v"}};
  c.mounts = {{"volume", "v1", "/data", {"rw"}, false, true, false, false}};
  c.health.test = {"CMD", "true"};
  c.env = {"A=1"};
  c.hostname = "h";
  std::string text = store::config_json(c);
  store::ContainerConfig l = store::parse_listing(text);
  CHECK(l.id == c.id);
  CHECK(l.name == "web");
  CHECK(l.image_name == c.image_name);
  CHECK(l.created == c.created);
  CHECK(l.pod == "p1");
  CHECK(l.restart_policy == "always");
  CHECK(l.infra);
  CHECK(l.command == c.command);
  CHECK(l.networks[0].aliases == std::vector<std::string>{"w"});
  CHECK(l.ports[0].host_port == 8080);
  CHECK(l.labels == c.labels);
  CHECK(l.mounts[0].destination == "/data");
  CHECK(l.health.defined());
  CHECK(l.env.empty());  // past the marker: not read
  CHECK(l.hostname.empty());
  // Each field once, the marker among them.
  rapidjson::Document raw;
  raw.Parse(text.c_str());
  std::set<std::string> names;
  for (const auto& m : raw.GetObject()) CHECK(names.insert(m.name.GetString()).second);
  CHECK(names.count(store::kListed) == 1);
  // What follows the marker is not even parsed.
  std::string cut = text.substr(0, text.find(store::kListed) + 30);
  CHECK(store::parse_listing(cut).name == "web");
  CHECK_THROWS(parse_config(cut));
  // An older record (no marker, another order): read whole.
  store::ContainerConfig old = store::parse_listing(R"({"id":"x","workdir":"/","name":"old","labels":{"a":"b"},"ports":[{"host_port":1}]})");
  CHECK(old.name == "old");
  CHECK(old.labels.size() == 1);
  CHECK(old.ports[0].host_port == 1);
  // The marker only as the record's own member.
  CHECK(store::parse_listing(R"({"labels":{"listed_above":"x"},"name":"n"})").name == "n");
  CHECK_THROWS_WITH(store::parse_listing(R"({"name":5,"listed_above":true})"), "container config: \"name\" must be a string");
}

TEST_CASE("an older record with fields missing still loads with defaults", "[store]") {
  store::ContainerConfig c = parse_config(R"({"id":"x","name":"old"})");
  CHECK(c.name == "old");
  CHECK(c.create_workdir);
  CHECK(c.log_size_max == -1);
  CHECK(parse_pod(R"({"id":"p"})").infra);
  CHECK(parse_state("{}").status.empty());
}

TEST_CASE("a damaged record is one error naming the field", "[store]") {
  CHECK_THROWS_WITH(parse_config(R"({"name":5})"), "container config: \"name\" must be a string");
  CHECK_THROWS_WITH(parse_config(R"({"ports":[{"host_port":70000}]})"), "container config: \"host_port\" must be between 0 and 65535");
  CHECK_THROWS_WITH(parse_config(R"({"networks":[1]})"), "a container config's network is not a JSON object");
  CHECK_THROWS_WITH(parse_config(R"({"env":"A=1"})"), "container config: \"env\" must be a list");
  CHECK_THROWS_WITH(parse_config(R"({"tty":"yes"})"), "container config: \"tty\" must be true or false");
  CHECK_THROWS_WITH(parse_config("[]"), "container config is not a JSON object");
  CHECK_THROWS_WITH(parse_config(R"({"id":"x)"), "container config: Missing a closing quotation mark in string. at offset 8");
  CHECK_THROWS_WITH(parse_state(R"({"pid":1e99})"), "container state: \"pid\" must be an integer");
  CHECK_THROWS_WITH(parse_state(R"({"pid":4294967296})"), "container state: \"pid\" must be between -2147483648 and 2147483647");
  CHECK_THROWS_WITH(parse_pod(R"({"labels":{"a":[]}})"), "pod config: \"labels\" must be an object of strings");
}

TEST_CASE("a pod record keeps its create command; an older one has none", "[store]") {
  store::PodConfig p;
  p.id = "p";
  p.create_command = {"warren", "pod", "create", "--name", "a\"b"};
  CHECK(parse_pod(store::pod_json(p)).create_command == p.create_command);
  CHECK(parse_pod(R"({"id":"p"})").create_command.empty());
}
