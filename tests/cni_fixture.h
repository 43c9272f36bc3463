// SPDX-License-Identifier: GPL-2.0-or-later
// tests/cni_fixture.h: a network for CNI kernel tests: a conflist in the
// shape Podman writes (bridge + host-local), its IPAM and cache dirs in a
// temp dir, and attachments in throwaway namespaces.
#pragma once

#include <string>

#include "cni/config.h"
#include "cni/loader.h"
#include "tests/temp_netns.h"

namespace testing {

inline const char* kReferencePluginDir = "/usr/lib/cni";

struct CniNet {
  TempDir dir;
  std::string name;
  std::string bridge;
  cni::Loader loader{{kReferencePluginDir}, dir.path() + "/cache"};

  CniNet(std::string n, std::string br) : name(std::move(n)), bridge(std::move(br)) {}

  std::string ipam_dir() const { return dir.path() + "/ipam"; }

  // `ranges` is the JSON of ipam.ranges; `extra` more bridge fields;
  // `chain` more plugins after the bridge.
  std::string conflist(const std::string& ranges, const std::string& extra = "",
                       const std::string& chain = "", const std::string& version = "1.0.0") const {
    return R"({"cniVersion":")" + version + R"(","name":")" + name +
           R"(","plugins":[{"type":"bridge","bridge":")" + bridge +
           R"(","isGateway":true,"hairpinMode":true)" + extra +
           R"(,"ipam":{"type":"host-local","routes":[{"dst":"0.0.0.0/0"}],"ranges":)" + ranges +
           R"(,"dataDir":")" + ipam_dir() + R"("}})" + chain + "]}";
  }

  cni::Conflist list(const std::string& text) const { return cni::parse_conflist(text); }

  static cni::RuntimeConf attachment(const std::string& id, const TempNetns& ns, const std::string& ifname = "eth0") {
    cni::RuntimeConf rt;
    rt.container_id = id;
    rt.netns = ns.path();
    rt.ifname = ifname;
    return rt;
  }
};

}  // namespace testing
