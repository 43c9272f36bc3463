// SPDX-License-Identifier: GPL-2.0-or-later
// cni/plugin_dnsname.cc: dnsname in the chain: its config checked, the
// previous result passed on. The names are served by warren's responder.
#include <fmt/format.h>

#include "cni/error.h"
#include "cni/plugins.h"

namespace cni {

namespace {

constexpr const char* kCtx = "dnsname config";

Result previous(const base::json::Value& conf) {
  (void)base::json::opt_string(conf, "domainName", kCtx);  // a string when given
  auto prev = prev_result(conf);
  if (!prev) throw Error(kInvalidConfig, "dnsname: it must be chained after an interface plugin (no prevResult)");
  return *prev;
}

}  // namespace

Result DnsnamePlugin::add(const base::json::Value& conf, const Env&) { return previous(conf); }

void DnsnamePlugin::del(const base::json::Value& conf, const Env&) { (void)base::json::opt_string(conf, "domainName", kCtx); }

void DnsnamePlugin::check(const base::json::Value& conf, const Env&) { (void)previous(conf); }

}  // namespace cni
