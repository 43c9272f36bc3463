// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/userns.h: the user namespace of a regular user's container made
// with --userns keep-id or nomap, --uidmap/--gidmap, or ns:PATH. The maps
// (rootless/id_mapping.h) become host ids for newuidmap; when they do not
// send the container's root to the user, the image's files are copied
// once into the container's directory and given to the id they do send
// it to, so that they are root's inside, as Podman's are.
#pragma once

#include <string>

#include "config/settings.h"
#include "launch/launcher.h"
#include "rootless/userns.h"
#include "store/container_store.h"

namespace monitor {

// Sets spec's id_maps and lower (or userns_path, for ns:PATH) from the
// record; nothing for a container with the default namespace. Maps that
// leave the user out, and any maps on a bridge network (the monitor in
// the user's network namespace: `in_user_netns`), make a nested one.
void apply_container_userns(const store::ContainerStore& store, const store::ContainerConfig& cfg, const rootless::User& user,
                            bool in_user_netns, launch::LaunchSpec& spec);

// A regular user's pod with maps (pod create --userns, --uidmap): its
// infra's user namespace, nested as a container's where the maps leave
// the user out or the pod is on a bridge network (`in_user_netns`).
void pod_userns(const config::Settings& settings, const store::ContainerConfig& cfg, bool in_user_netns, launch::InfraSpec& infra);

// A regular user's nested container (LaunchSpec.nested): `own_files`,
// the files warren made for it, given to its root, in the user's own
// namespace.
void give_to_nested_root(const std::vector<std::string>& own_files, const launch::LaunchSpec& spec);

// Root's container with maps of its own (--uidmap, --userns auto,
// --subuidname): a new user namespace with them, written by warren; the
// image's files are seen through an idmapped mount (launch/idmap.h), and
// `own_files`, the files warren made for it (/etc/hosts, ...), are given
// to its root. Nothing for a container without maps.
void apply_root_userns(const store::ContainerConfig& cfg, const std::vector<std::string>& own_files, launch::LaunchSpec& spec);

}  // namespace monitor
