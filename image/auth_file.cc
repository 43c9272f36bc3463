// SPDX-License-Identifier: GPL-2.0-or-later
// image/auth_file.cc: auth.json read through checked accessors, edited in
// place (other keys, credHelpers and all, stay as they were).
#include "image/auth_file.h"

#include <sys/stat.h>

#include "base/base64.h"
#include "base/error.h"
#include "base/file.h"
#include "base/json.h"

namespace image {

namespace {

namespace json = base::json;

// Docker's config.json names Docker Hub by its v1 URL.
std::string normalise_key(std::string key) {
  if (key.starts_with("https://")) key = key.substr(8);
  if (key.starts_with("http://")) key = key.substr(7);
  if (key == "index.docker.io/v1/" || key == "index.docker.io" || key == "registry-1.docker.io") return "docker.io";
  while (!key.empty() && key.back() == '/') key.pop_back();
  return key;
}

std::optional<Credentials> find_in(const std::string& path, const std::string& name) {
  auto text = base::read_file(path);
  if (!text) return std::nullopt;
  auto doc = json::parse(*text, path);
  const json::Value* auths = json::opt_object(json::object(doc, path), "auths", path);
  if (!auths) return std::nullopt;
  const json::Value* best = nullptr;
  size_t best_len = 0;
  for (auto it = auths->MemberBegin(); it != auths->MemberEnd(); ++it) {
    std::string key = normalise_key(it->name.GetString());
    bool covers = name == key || (name.starts_with(key) && name[key.size()] == '/');
    if (covers && (!best || key.size() > best_len)) {
      best = &it->value;
      best_len = key.size();
    }
  }
  if (!best) return std::nullopt;
  std::string auth = json::string_or(*best, "auth", path);
  if (auth.empty()) return std::nullopt;
  auto plain = base::base64_decode(auth);
  auto colon = plain ? plain->find(':') : std::string::npos;
  if (colon == std::string::npos) throw base::error("{}: the credentials for {} are not base64 of user:password", path, name);
  return Credentials{plain->substr(0, colon), plain->substr(colon + 1)};
}

json::Document read_or_new(const std::string& path) {
  json::Document doc;
  if (auto text = base::read_file(path)) {
    doc = json::parse(*text, path);
    json::object(doc, path);
  } else {
    doc.SetObject();
  }
  json::opt_object(doc, "auths", path);  // the wrong type is refused before anything changes
  if (!doc.HasMember("auths") || doc["auths"].IsNull()) {
    doc.RemoveMember("auths");
    doc.AddMember("auths", json::Value(rapidjson::kObjectType), doc.GetAllocator());
  }
  return doc;
}

void write(const std::string& path, const json::Document& doc) {
  auto slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0) base::ensure_dir(path.substr(0, slash), 0700);
  base::write_file_atomic(path, json::dump(doc, true) + "\n", 0600);
}

}  // namespace

std::optional<Credentials> find_credentials(const std::string& auth_file, const std::string& docker_file,
                                            const std::string& name) {
  if (auto c = find_in(auth_file, name)) return c;
  return find_in(docker_file, name);
}

void save_credentials(const std::string& auth_file, const std::string& key, const Credentials& creds) {
  json::Document doc = read_or_new(auth_file);
  auto& a = doc.GetAllocator();
  json::Value& auths = doc["auths"];
  auths.RemoveMember(key.c_str());
  json::Value entry(rapidjson::kObjectType);
  entry.AddMember("auth", json::Value(base::base64_encode(creds.username + ":" + creds.password).c_str(), a), a);
  auths.AddMember(json::Value(key.c_str(), a), entry, a);
  write(auth_file, doc);
}

bool remove_credentials(const std::string& auth_file, const std::string& key) {
  if (!base::read_file(auth_file)) return false;
  json::Document doc = read_or_new(auth_file);
  if (!doc["auths"].RemoveMember(key.c_str())) return false;
  write(auth_file, doc);
  return true;
}

void remove_all_credentials(const std::string& auth_file) {
  if (!base::read_file(auth_file)) return;
  json::Document doc = read_or_new(auth_file);
  doc["auths"].RemoveAllMembers();
  write(auth_file, doc);
}

Credentials parse_creds(const std::string& text) {
  auto colon = text.find(':');
  if (text.empty() || colon == 0) throw base::error("credentials must be in the form USERNAME[:PASSWORD]");
  if (colon == std::string::npos) return {text, ""};
  return {text.substr(0, colon), text.substr(colon + 1)};
}

}  // namespace image
