// SPDX-License-Identifier: GPL-2.0-or-later
// cni/plugins.h: the built-in plugins. Each parses its JSON config and
// hands typed work to bridge/, portmap/ or netns/.
#pragma once

#include "cni/plugin.h"

namespace cni {

class HostLocalPlugin : public Plugin {
 public:
  Result add(const base::json::Value& conf, const Env& env) override;
  void del(const base::json::Value& conf, const Env& env) override;
  void check(const base::json::Value& conf, const Env& env) override;
  void gc(const base::json::Value& conf, const Env& env) override;
};

class BridgePlugin : public Plugin {
 public:
  Result add(const base::json::Value& conf, const Env& env) override;
  void del(const base::json::Value& conf, const Env& env) override;
  void check(const base::json::Value& conf, const Env& env) override;
  void gc(const base::json::Value& conf, const Env& env) override;
  void status(const base::json::Value& conf, const Env& env) override;
};

class LoopbackPlugin : public Plugin {
 public:
  Result add(const base::json::Value& conf, const Env& env) override;
  void del(const base::json::Value& conf, const Env& env) override;
  void check(const base::json::Value& conf, const Env& env) override;
};

// dnsname, as Podman's CNI backend writes it: the mark of a network whose
// containers resolve each other's names. warren's DNS responder serves
// them from warren's own state (dns/records.h), so in the chain
// the plugin checks its config and passes the previous result on.
class DnsnamePlugin : public Plugin {
 public:
  Result add(const base::json::Value& conf, const Env& env) override;
  void del(const base::json::Value& conf, const Env& env) override;
  void check(const base::json::Value& conf, const Env& env) override;
};

class TuningPlugin : public Plugin {
 public:
  Result add(const base::json::Value& conf, const Env& env) override;
  void del(const base::json::Value& conf, const Env& env) override;
  void check(const base::json::Value& conf, const Env& env) override;
};

class PortmapPlugin : public Plugin {
 public:
  Result add(const base::json::Value& conf, const Env& env) override;
  void del(const base::json::Value& conf, const Env& env) override;
  void check(const base::json::Value& conf, const Env& env) override;
};

// warren's firewall: forwarding and isolation in warren's table. The
// reference's "backend" and "ingressPolicy" are accepted and ignored;
// "internal": true keeps the network's containers from reaching anything
// outside it.
class FirewallPlugin : public Plugin {
 public:
  Result add(const base::json::Value& conf, const Env& env) override;
  void del(const base::json::Value& conf, const Env& env) override;
  void check(const base::json::Value& conf, const Env& env) override;
};

// IPAM as a plugin delegates it: the "ipam" section's type, run with the
// whole network config (host-local in-process, others as executables).
// The caller has checked that the attachment is new, so host-local skips
// its duplicate scan.
Result ipam_add(const base::json::Value& conf, const Env& env);
void ipam_del(const base::json::Value& conf, const Env& env);
void ipam_check(const base::json::Value& conf, const Env& env);

// The cni.dev/valid-attachments of a GC config: (containerID, ifname).
std::vector<std::pair<std::string, std::string>> valid_attachments(const base::json::Value& conf);

}  // namespace cni
