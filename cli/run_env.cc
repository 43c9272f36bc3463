// SPDX-License-Identifier: GPL-2.0-or-later
// cli/run_env.cc: a container's environment as Podman builds it:
// containers.conf's defaults, the host's proxy variables (--http-proxy),
// the image's, --env-host, --unsetenv, --env-file and -e, then
// --env-merge's expansions of what is there.
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "base/error.h"
#include "cli/commands.h"

extern char** environ;

namespace cli {

std::vector<std::string> with_env(std::vector<std::string> env, const std::vector<std::string>& set,
                                  const std::vector<std::string>& given) {
  auto put = [&](const std::string& kv) {
    auto key = kv.substr(0, kv.find('='));
    std::erase_if(env, [&](const std::string& e) { return e.substr(0, e.find('=')) == key; });
    env.push_back(kv);
  };
  for (const auto& kv : set) put(kv);
  for (const auto& e : given) {
    auto eq = e.find('=');
    if (eq == 0 || e.empty()) throw base::error("invalid environment variable: \"{}\"", e);
    if (eq == std::string::npos) {
      // -e KEY takes the value from warren's own environment, or nothing.
      if (const char* v = std::getenv(e.c_str())) put(e + "=" + v);
      continue;
    }
    put(e);
  }
  return env;
}

void add_env_options(Options& opts) {
  opts.add()
      ("e,env", "Set environment variables in container", cxxopts::value<std::string>(), "stringArray")
      ("env-file", "Read in a file of environment variables", cxxopts::value<std::string>(), "stringArray")
      ("env-host", "Use all current host environment variables in container")
      ("env-merge", "Preprocess environment variables from image before injecting them into the container",
       cxxopts::value<std::string>(), "stringArray")
      ("http-proxy", "Set proxy environment variables in the container based on the host proxy vars",
       cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("unsetenv", "Unset environment default variables in container", cxxopts::value<std::string>(), "stringArray")
      ("unsetenv-all", "Unset all default environment variables in container");
}

std::string expand_env_word(const std::string& word, const std::vector<std::string>& env) {
  auto value_of = [&](const std::string& key) -> std::optional<std::string> {
    for (const auto& e : env) {
      if (e.substr(0, e.find('=')) == key) return e.substr(std::min(e.size(), key.size() + 1));
    }
    return std::nullopt;
  };
  auto is_name = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; };
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    char ch = word[i];
    if (ch == '\\' && i + 1 < word.size()) {
      out += word[++i];
      continue;
    }
    if (ch != '$' || i + 1 == word.size()) {
      out += ch;
      continue;
    }
    if (word[i + 1] == '{') {
      size_t close = word.find('}', i + 2);
      if (close == std::string::npos) throw base::error("missing '}}' in \"{}\"", word);
      std::string inner = word.substr(i + 2, close - i - 2);
      i = close;
      size_t op = inner.find(':');
      std::string key = inner.substr(0, op);
      auto v = value_of(key);
      if (op == std::string::npos) {
        out += v.value_or("");
      } else if (inner.compare(op, 2, ":-") == 0) {
        out += v && !v->empty() ? *v : inner.substr(op + 2);
      } else if (inner.compare(op, 2, ":+") == 0) {
        out += v && !v->empty() ? inner.substr(op + 2) : "";
      } else {
        throw base::error("unsupported modifier ({}) in substitution", inner.substr(op, 2));
      }
      continue;
    }
    size_t end = i + 1;
    while (end < word.size() && is_name(word[end])) ++end;
    if (end == i + 1) {
      out += ch;
      continue;
    }
    out += value_of(word.substr(i + 1, end - i - 1)).value_or("");
    i = end - 1;
  }
  return out;
}

std::vector<std::string> environment(const image::ImageConfig& img, const cxxopts::ParseResult& r, const std::string& hostname) {
  std::vector<std::string> env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"};
  if (r["http-proxy"].as<bool>() && !r.count("env-host")) {
    // The host's proxies, under the image's (Podman's config.ProxyEnv).
    for (const char* key : {"http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY"}) {
      if (const char* v = std::getenv(key)) env = with_env(env, {std::string(key) + "=" + v});
    }
  }
  env = with_env(env, img.env, {});
  if (r.count("env-host")) {
    for (char** e = environ; *e; ++e) {
      if (std::strchr(*e, '=') && **e != '=') env = with_env(env, {*e}, {});
    }
  }
  if (r.count("unsetenv-all")) env.clear();
  for (const auto& key : all_values(r, "unsetenv")) {
    std::erase_if(env, [&](const std::string& e) { return e.substr(0, e.find('=')) == key; });
  }
  env = with_env(env, {"container=podman", "HOSTNAME=" + hostname}, env_values(r));
  // --env-merge: KEY=WORD, the word's $VAR and ${VAR} expanded from what
  // is there; only a variable that exists is replaced, as Podman's.
  for (const auto& e : all_values(r, "env-merge")) {
    std::string merged;
    try {
      merged = expand_env_word(e, env);
    } catch (const base::Error& err) {
      throw base::error("unable to process variables for --env-merge {}: {}", e, err.what());
    }
    auto eq = merged.find('=');
    if (eq == std::string::npos) throw base::error("unable to process variables for --env-merge {}: no value given", e);
    std::string key = merged.substr(0, eq);
    bool there = std::any_of(env.begin(), env.end(), [&](const std::string& kv) { return kv.substr(0, kv.find('=')) == key; });
    if (there) env = with_env(env, {merged});
  }
  return env;
}

}  // namespace cli
