// SPDX-License-Identifier: GPL-2.0-or-later
// cli/output.h: structured output. A command builds one Value tree and
// prints it as JSON (--format json, as Podman indents it) or as the YAML
// that `podman info` prints.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace cli {

// A Go value as Podman's templates see it: a Go struct is an Object, a Go
// map is an Object marked as a map (printed map[k:v] in key order; a
// missing key reads as <no value> instead of failing).
class Value {
 public:
  using Object = std::vector<std::pair<std::string, Value>>;  // keeps insertion order
  using Array = std::vector<Value>;
  // A Go time.Time: RFC 3339 in JSON, Go's String() in a template.
  struct Time {
    std::string rfc3339;
  };

  Value() : v_(nullptr) {}
  Value(std::nullptr_t) : v_(nullptr) {}
  Value(bool b) : v_(b) {}
  Value(int i) : v_(static_cast<int64_t>(i)) {}
  Value(int64_t i) : v_(i) {}
  Value(double d) : v_(d) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(Object o) : v_(std::move(o)) {}
  Value(Array a) : v_(std::move(a)) {}
  static Value strings(const std::vector<std::string>& items);
  static Value map(Object o = {});
  static Value time(std::string rfc3339);  // "" is Go's zero time
  bool is_map() const { return map_; }

  // For building objects: adds key and returns *this.
  Value& set(std::string key, Value v);

  template <typename T>
  const T* as() const { return std::get_if<T>(&v_); }

 private:
  std::variant<std::nullptr_t, bool, int64_t, double, std::string, Time, Object, Array> v_;
  bool map_ = false;
};

std::string to_json(const Value& v, unsigned indent = 4);  // indented, as inspect prints it (stats: 1)
std::string to_json_compact(const Value& v);  // as Go's json template function writes it
std::string to_yaml(const Value& v);

}  // namespace cli
