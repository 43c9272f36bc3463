// SPDX-License-Identifier: GPL-2.0-or-later
// cli/login.cc: login (credentials checked against the registry, then
// saved in the auth file) and logout.
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "base/error.h"
#include "base/scope.h"
#include "cli/commands.h"
#include "cli/pull.h"
#include "config/registries.h"
#include "image/auth_file.h"
#include "image/registry.h"

namespace cli {

namespace {

// A line from stdin; without echo for a password on a terminal.
std::string ask(const char* prompt, bool secret) {
  bool tty = ::isatty(STDIN_FILENO);
  if (!tty) throw base::error("cannot prompt for {} without a terminal: use --username and --password or --password-stdin",
                              secret ? "a password" : "a username");
  fmt::print(stderr, "{}", prompt);
  std::fflush(stderr);
  termios saved{};
  bool restore = secret && ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (restore) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  auto back = base::defer([&] {
    if (restore) {
      ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
      fmt::print(stderr, "\n");
    }
  });
  std::string line;
  std::getline(std::cin, line);
  return line;
}

// The key a registry argument names: the host, or host/namespace; a URL's
// scheme and trailing slashes go, as Podman strips them.
std::string registry_key(std::string text) {
  if (text.starts_with("https://")) text = text.substr(8);
  if (text.starts_with("http://")) text = text.substr(7);
  while (!text.empty() && text.back() == '/') text.pop_back();
  if (text.empty() || text.find_first_of(" \t@") != std::string::npos) throw base::error("invalid registry \"{}\"", text);
  return text;
}

std::string registry_arg(Context& ctx, const std::vector<std::string>& pos, const char* verb) {
  if (pos.size() > 1) throw base::error("accepts at most 1 arg(s), received {}", pos.size());
  if (!pos.empty()) return registry_key(pos[0]);
  auto regs = config::load_registries(ctx.env);
  if (regs.search.empty()) throw base::error("please provide a registry to {}", verb);
  return regs.search.front();
}

}  // namespace

int login_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("login"), "Login to a container registry", "[options] [REGISTRY]");
  opts.add()("authfile", "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override", cxxopts::value<std::string>(), "string")
      ("cert-dir", "use certificates at the specified path to access the registry", cxxopts::value<std::string>(), "string")
      ("get-login", "Return the current login user for the registry")
      ("p,password", "Password for registry", cxxopts::value<std::string>(), "string")
      ("password-stdin", "Take the password from stdin")
      ("tls-verify", "Require HTTPS and verify certificates when contacting registries", cxxopts::value<bool>()->implicit_value("true"))
      ("u,username", "Username for registry", cxxopts::value<std::string>(), "string")
      ("v,verbose", "Write more detailed information to stdout");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  std::string key = registry_arg(ctx, r->unmatched(), "login to");
  std::string host = key.substr(0, key.find('/'));
  image::PullOptions o = pull_options(ctx, *r);
  if (r->count("get-login")) {
    auto c = image::find_credentials(o.auth_file, o.docker_auth_file, key);
    if (!c) throw base::error("not logged into {}", key);
    fmt::print("{}\n", c->username);
    return 0;
  }
  if (r->count("password") && r->count("password-stdin")) throw base::error("can't specify both --password-stdin and --password");
  image::Credentials creds;
  creds.username = r->count("username") ? (*r)["username"].as<std::string>() : ask("Username: ", false);
  if (r->count("password")) {
    creds.password = (*r)["password"].as<std::string>();
  } else if (r->count("password-stdin")) {
    std::getline(std::cin, creds.password);
    while (!creds.password.empty() && (creds.password.back() == '\n' || creds.password.back() == '\r')) creds.password.pop_back();
  } else {
    creds.password = ask("Password: ", true);
  }
  if (creds.username.empty()) throw base::error("username can't be empty");
  if (creds.password.empty()) throw base::error("password can't be empty");
  o.creds = creds;
  const config::RegistryEntry* entry = o.registries->find(key);
  image::Registry reg(image::access_for(host, key, entry && entry->endpoint.insecure, o), "");
  try {
    reg.authenticate();
    reg.check_login();
  } catch (base::Error& e) {
    e.wrap("logging into \"{}\"", key);
    throw;
  }
  image::save_credentials(o.auth_file, key, creds);
  fmt::print("Login Succeeded!\n");
  return 0;
}

int logout_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("logout"), "Logout of a container registry", "[options] [REGISTRY]");
  opts.add()("a,all", "Remove the cached credentials for all registries in the auth file")
      ("authfile", "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override", cxxopts::value<std::string>(), "string");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  std::string file = r->count("authfile") ? (*r)["authfile"].as<std::string>() : config::auth_file(ctx.env);
  if (r->count("all")) {
    if (!r->unmatched().empty()) throw base::error("--all takes no arguments");
    image::remove_all_credentials(file);
    fmt::print("Removed login credentials for all registries\n");
    return 0;
  }
  std::string key = registry_arg(ctx, r->unmatched(), "logout from");
  if (!image::remove_credentials(file, key)) throw base::error("not logged into {}", key);
  fmt::print("Removed login credentials for {}\n", key);
  return 0;
}

}  // namespace cli
