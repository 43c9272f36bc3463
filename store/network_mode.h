// SPDX-License-Identifier: GPL-2.0-or-later
// store/network_mode.h: a container's --network mode, parsed once into a
// type, as its record keeps it: bridge (its networks are listed beside
// it), none, host, container:ID, ns:PATH, slirp4netns[:OPTIONS]. The same
// "container:ID" form names the UTS and IPC namespaces a pod member joins.
#pragma once

#include <string>

namespace store {

struct NetworkMode {
  enum class Kind { bridge, none, host, container, ns, slirp4netns };
  Kind kind = Kind::none;
  std::string arg;  // container: the id; ns: the path; slirp4netns: its options (may be empty)

  NetworkMode() = default;
  NetworkMode(Kind k, std::string a = {}) : kind(k), arg(std::move(a)) {}

  // The record's text; throws on anything else (an empty text is none).
  static NetworkMode parse(const std::string& text);
  std::string str() const;

  bool is(Kind k) const { return kind == k; }
  bool is_bridge() const { return kind == Kind::bridge; }
  bool is_none() const { return kind == Kind::none; }
  bool is_host() const { return kind == Kind::host; }
  bool is_container() const { return kind == Kind::container; }
  bool is_ns() const { return kind == Kind::ns; }
  bool is_slirp() const { return kind == Kind::slirp4netns; }
  // A network namespace of warren's own, with lo brought up.
  bool own_namespace() const { return kind == Kind::bridge || kind == Kind::none || kind == Kind::slirp4netns; }
  // Published ports can reach it (through CNI's portmap or the forwarder).
  bool publishes() const { return kind == Kind::bridge || kind == Kind::slirp4netns; }
  bool operator==(const NetworkMode&) const = default;
};

}  // namespace store
