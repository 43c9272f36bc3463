// SPDX-License-Identifier: GPL-2.0-or-later
// store/secret_store.cc: secret records and their data.
#include "store/secret_store.h"

#include <sys/stat.h>

#include <algorithm>

#include "base/clock.h"
#include "base/error.h"
#include "base/json.h"
#include "store/container_store.h"

namespace store {

namespace {

namespace json = base::json;

std::string record_json(const SecretRecord& s) {
  json::Object o;
  o.add("id", s.id).add("name", s.name).add("created", s.created).add("updated", s.updated);
  json::Object labels;
  for (const auto& [k, v] : s.labels) labels.add(k, v);
  o.add("labels", labels);
  return json::dump(o.value());
}

SecretRecord parse_record(const std::string& text) {
  const char* what = "secret record";
  json::Document d = json::parse(text, what);
  json::object(d, what);
  SecretRecord s{json::string(d, "id", what), json::string(d, "name", what), json::string_or(d, "created", what),
                 json::string_or(d, "updated", what), json::string_pairs(d, "labels", what)};
  if (s.id.size() != 25 || s.id.find_first_not_of("0123456789abcdef") != std::string::npos) throw base::error("{}: bad id", what);
  return s;
}

}  // namespace

bool valid_secret_name(const std::string& name) {
  return !name.empty() && name.size() <= 253 && name.find_first_of(std::string("/=,\0", 4)) == std::string::npos;
}

SecretStore::SecretStore(const std::string& root) : dir_(root + "/secrets") {}

base::FileLock SecretStore::lock() const {
  base::ensure_dir(dir_, 0700);
  return base::FileLock::acquire(dir_ + "/.lock");
}

SecretRecord SecretStore::create(const std::string& name, const std::string& data,
                                 std::vector<std::pair<std::string, std::string>> labels) const {
  if (!valid_secret_name(name)) throw base::error("invalid secret name \"{}\"", name);
  if (find(name)) throw base::error("{}: secret name in use", name);
  SecretRecord s;
  s.id = random_id().substr(0, 25);
  s.name = name;
  s.created = s.updated = base::rfc3339_now();
  s.labels = std::move(labels);
  base::ensure_dir(dir_, 0700);
  base::write_file_atomic(dir_ + "/" + s.id + ".data", data, 0600);
  base::write_file_atomic(dir_ + "/" + s.id + ".json", record_json(s), 0600);
  return s;
}

std::vector<SecretRecord> SecretStore::list() const {
  std::vector<SecretRecord> out;
  for (const auto& name : base::list_dir(dir_)) {
    if (!name.ends_with(".json") || name.find(".tmp-") != std::string::npos) continue;
    auto text = base::read_file(dir_ + "/" + name);
    if (text) out.push_back(parse_record(*text));
  }
  std::sort(out.begin(), out.end(), [](const SecretRecord& a, const SecretRecord& b) { return a.created < b.created; });
  return out;
}

std::optional<SecretRecord> SecretStore::find(const std::string& name_or_id) const {
  if (name_or_id.empty()) return std::nullopt;
  std::optional<SecretRecord> by_prefix;
  int prefixed = 0;
  for (auto& s : list()) {
    if (s.name == name_or_id || s.id == name_or_id) return s;
    if (s.id.starts_with(name_or_id)) {
      by_prefix = s;
      ++prefixed;
    }
  }
  return prefixed == 1 ? by_prefix : std::nullopt;
}

SecretRecord SecretStore::get(const std::string& name_or_id) const {
  auto s = find(name_or_id);
  if (!s) throw base::error("no secret with name or id \"{}\": no such secret", name_or_id);
  return *s;
}

std::string SecretStore::data(const SecretRecord& s) const {
  auto text = base::read_file(dir_ + "/" + s.id + ".data");
  if (!text) throw base::error("secret {}: its data is gone", s.name);
  return *text;
}

void SecretStore::remove(const SecretRecord& s) const {
  base::remove_file(dir_ + "/" + s.id + ".json");
  base::remove_file(dir_ + "/" + s.id + ".data");
}

}  // namespace store
