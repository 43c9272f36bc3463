// SPDX-License-Identifier: GPL-2.0-or-later
// launch/rlimits.cc: go-units' ulimit names and syntax.
#include "launch/rlimits.h"

#include <utility>

#include "base/error.h"
#include "base/go_number.h"

namespace launch {

namespace {

constexpr std::pair<const char*, int> kNames[] = {
    {"as", RLIMIT_AS},         {"core", RLIMIT_CORE},     {"cpu", RLIMIT_CPU},       {"data", RLIMIT_DATA},
    {"fsize", RLIMIT_FSIZE},   {"locks", RLIMIT_LOCKS},   {"memlock", RLIMIT_MEMLOCK}, {"msgqueue", RLIMIT_MSGQUEUE},
    {"nice", RLIMIT_NICE},     {"nofile", RLIMIT_NOFILE}, {"nproc", RLIMIT_NPROC},   {"rss", RLIMIT_RSS},
    {"rtprio", RLIMIT_RTPRIO}, {"rttime", RLIMIT_RTTIME}, {"sigpending", RLIMIT_SIGPENDING}, {"stack", RLIMIT_STACK}};

}  // namespace

Ulimit parse_ulimit(const std::string& text) {
  auto fail = [&](const std::string& why) { return base::error("ulimit option \"{}\" requires name=SOFT:HARD, failed to be parsed: {}", text, why); };
  auto eq = text.find('=');
  if (eq == std::string::npos) throw fail(fmt::format("invalid ulimit argument: {}", text));
  std::string name = text.substr(0, eq), values = text.substr(eq + 1);
  Ulimit u;
  bool known = false;
  for (const auto& [n, r] : kNames) {
    if (name == n) {
      u.resource = r;
      known = true;
    }
  }
  if (!known) throw fail(fmt::format("invalid ulimit type: {}", name));
  auto colon = values.find(':');
  auto number = [&](const std::string& v) -> rlim_t {
    std::string why;
    auto n = base::go_parse_int(v, 10, why);
    if (!n) throw fail(fmt::format("strconv.ParseInt: parsing \"{}\": {}", v, why));
    return *n < 0 ? RLIM_INFINITY : static_cast<rlim_t>(*n);
  };
  u.soft = number(values.substr(0, colon));
  u.hard = colon == std::string::npos ? u.soft : number(values.substr(colon + 1));
  if (u.soft != RLIM_INFINITY && (u.hard == RLIM_INFINITY ? false : u.soft > u.hard)) {
    throw fail(fmt::format("ulimit soft limit must be less than or equal to hard limit: {} > {}", u.soft, u.hard));
  }
  return u;
}

}  // namespace launch
