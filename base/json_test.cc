// SPDX-License-Identifier: GPL-2.0-or-later
// base/json_test.cc: whatever the input, one error naming the document and
// the field, with the CNI code for its kind; never RapidJSON's assert.
#include <catch2/catch.hpp>

#include <functional>
#include <string>

#include "base/error.h"
#include "base/json.h"

namespace json = base::json;

namespace {

// The message and CNI code of what `f` throws ("" and 0 if nothing).
std::pair<std::string, int> thrown(const std::function<void()>& f) {
  try {
    f();
  } catch (const base::Error& e) {
    return {e.what(), e.cni_code()};
  }
  return {"", 0};
}

}  // namespace

TEST_CASE("invalid JSON is one decoding error naming the document", "[base]") {
  for (const char* text : {"", "{", "[1,", "{\"a\":}", "nul", "\"\\u12\"", "{\"a\":1}x"}) {
    auto [message, code] = thrown([&] { json::parse(text, "manifest.json"); });
    CHECK(message.starts_with("manifest.json: "));
    CHECK(code == json::kDecodeCode);
  }
}

TEST_CASE("fields of the wrong type are errors, absent and null ones are not", "[base]") {
  json::Document d = json::parse(R"({"s":"x","n":5,"b":true,"l":["a","b"],"o":{"k":"v"},"z":null,"bad":[1],"obad":{"k":1}})", "doc");
  CHECK(json::string(d, "s", "doc") == "x");
  CHECK(json::string_or(d, "missing", "doc", "dflt") == "dflt");
  CHECK(json::string_or(d, "z", "doc") == "");
  CHECK(*json::opt_int(d, "n", "doc") == 5);
  CHECK(json::boolean(d, "b", false, "doc"));
  CHECK(json::boolean(d, "z", true, "doc"));
  CHECK(json::strings(d, "l", "doc") == std::vector<std::string>{"a", "b"});
  CHECK(json::strings(d, "missing", "doc").empty());
  CHECK(json::string_pairs(d, "o", "doc") == std::vector<std::pair<std::string, std::string>>{{"k", "v"}});
  CHECK(thrown([&] { json::string(d, "n", "doc"); }) == std::pair<std::string, int>{"doc: \"n\" must be a string", 7});
  CHECK(thrown([&] { json::string(d, "missing", "doc"); }) == std::pair<std::string, int>{"doc: missing \"missing\"", 7});
  CHECK(thrown([&] { json::opt_int(d, "s", "doc"); }).first == "doc: \"s\" must be an integer");
  CHECK(thrown([&] { json::opt_int_in(d, "n", 0, 4, "doc"); }).first == "doc: \"n\" must be between 0 and 4");
  CHECK(thrown([&] { json::boolean(d, "s", false, "doc"); }).first == "doc: \"s\" must be true or false");
  CHECK(thrown([&] { json::strings(d, "bad", "doc"); }).first == "doc: \"bad\" must be a list of strings");
  CHECK(thrown([&] { json::strings(d, "s", "doc"); }).first == "doc: \"s\" must be a list");
  CHECK(thrown([&] { json::string_pairs(d, "obad", "doc"); }).first == "doc: \"obad\" must be an object of strings");
  CHECK(thrown([&] { json::required_strings(d, "missing", "doc"); }).first == "doc: missing \"missing\"");
  CHECK(thrown([&] { json::array(d, "o", "doc"); }).first == "doc: \"o\" must be a list");
  CHECK(thrown([&] { json::opt_object(d, "l", "doc"); }).first == "doc: \"l\" must be an object");
}

TEST_CASE("a document of the wrong shape has no fields and is named", "[base]") {
  json::Document list = json::parse("[1, \"a\"]", "index");
  CHECK(json::string_or(list, "a", "index") == "");
  CHECK(thrown([&] { json::object(list, "index"); }).first == "index is not a JSON object");
  CHECK(thrown([&] { json::string(list, "a", "index"); }).first == "index: missing \"a\"");
  json::Document number = json::parse("7", "index");
  CHECK(thrown([&] { json::list(number, "index"); }).first == "index is not a JSON list");
}

TEST_CASE("strings keep their bytes, NUL included, and objects build in order", "[base]") {
  json::Document d = json::parse(R"({"s":"a\u0000b"})", "doc");
  CHECK(json::string(d, "s", "doc") == std::string("a\0b", 3));
  json::Object o;
  o.add("z", "1").add("a", 2).add("m", true).add_strings("l", {"x", std::string("y\0z", 3)});
  CHECK(json::dump(o.value()) == R"({"z":"1","a":2,"m":true,"l":["x","y\u0000z"]})");
  CHECK(json::string(json::parse(json::dump(o.value()), "back"), "z", "back") == "1");
}

TEST_CASE("nesting past the limit is refused, never a stack overflow", "[base]") {
  std::string deep(1000000, '[');
  auto [message, code] = thrown([&] { json::parse(deep, "config.json"); });
  CHECK(message.starts_with("config.json: "));
  CHECK(code == json::kDecodeCode);
  std::string closed = std::string(json::kMaxDepth + 1, '[') + std::string(json::kMaxDepth + 1, ']');
  CHECK(thrown([&] { json::parse(closed, "c"); }).first == "c: nested more than 512 deep");
  std::string objects;
  for (int i = 0; i < 600; ++i) objects += "{\"a\":";
  objects += "1" + std::string(600, '}');
  CHECK(thrown([&] { json::parse(objects, "c"); }).first == "c: nested more than 512 deep");
  std::string fine = std::string(json::kMaxDepth, '[') + std::string(json::kMaxDepth, ']');
  CHECK(thrown([&] { json::parse(fine, "c"); }).first.empty());
  CHECK(!json::try_parse(closed));
  CHECK(json::try_parse("[\"a\"]"));
}

TEST_CASE("a name given twice: the first, whatever the order of lookups", "[base]") {
  auto d = json::parse(R"({"a":1,"b":"x","a":2,"c":true,"b":"y","d":{"k":1,"k":2}})", "r");
  CHECK(d.MemberCount() == 4);
  // Lookups in any order, each repeated (the search starts after the last hit).
  for (int round = 0; round < 2; ++round) {
    CHECK(json::string_or(d, "b", "r") == "x");
    CHECK(json::string_or(d, "missing", "r", "none") == "none");
    CHECK(json::string_or(d, "b", "r") == "x");
  }
  CHECK(d["d"].MemberCount() == 1);
  CHECK(d["d"]["k"].GetInt() == 1);
  // More than a handful of members: the sorted check.
  std::string many = "{";
  for (int i = 0; i < 20; ++i) many += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  many += "\"k3\":99}";
  auto m = json::parse(many, "m");
  CHECK(m.MemberCount() == 20);
  CHECK(m["k3"].GetInt() == 3);
  // Past 256 members: the sorted check.
  std::string huge = "{";
  for (int i = 0; i < 300; ++i) huge += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  huge += "\"k299\":-1}";
  auto h = json::parse(huge, "h");
  CHECK(h.MemberCount() == 300);
  CHECK(h["k299"].GetInt() == 299);
}

TEST_CASE("parse_until reads an object up to its outermost member of that name", "[base]") {
  auto d = json::parse_until(R"({"a":1,"n":{"stop":2,"s":"stop"},"b":[{"stop":3}],"stop":true,"c":)", "stop", "r");
  CHECK(d.MemberCount() == 3);  // what follows the marker is never read, even cut short
  CHECK(d["n"]["stop"].GetInt() == 2);
  CHECK(d["b"][0]["stop"].GetInt() == 3);
  CHECK(!d.HasMember("c"));
  // Without the marker: the whole, as parse().
  auto whole = json::parse_until(R"({"a":1,"c":2})", "stop", "r");
  CHECK(whole.MemberCount() == 2);
  CHECK(json::dump(whole) == R"({"a":1,"c":2})");
  // The checks hold on what is read: a name given twice, the depth, bad JSON.
  CHECK(json::parse_until(R"({"a":1,"a":2,"stop":0})", "stop", "r").MemberCount() == 1);
  std::string objects;
  for (int i = 0; i < 600; ++i) objects += "{\"a\":";
  objects += "1" + std::string(600, '}');
  CHECK(thrown([&] { json::parse_until(objects, "stop", "c"); }).first == "c: nested more than 512 deep");
  CHECK(thrown([&] { json::parse_until(std::string(1000000, '['), "stop", "c"); }).first.starts_with("c: "));
  auto [message, code] = thrown([&] { json::parse_until(R"({"a":tru,"stop":1})", "stop", "c"); });
  CHECK(message == thrown([] { json::parse(R"({"a":tru,"stop":1})", "c"); }).first);  // as parse() says it
  CHECK(code == json::kDecodeCode);
  CHECK(json::parse_until("[1,2]", "stop", "c").IsArray());
  CHECK(json::parse_until("\"stop\"", "stop", "c").IsString());
}
