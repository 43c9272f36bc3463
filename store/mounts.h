// SPDX-License-Identifier: GPL-2.0-or-later
// store/mounts.h: a container's mounts as its record keeps them, and the
// three ways a user gives them (-v, --mount, --tmpfs), parsed and checked
// as Podman 4.3 parses them. Options are kept as Podman's
// HostConfig.Binds shows them: what was given (but z, Z, U, O, nocopy),
// then the defaults that were not (rw, rprivate, nosuid and nodev for a
// volume, rbind).
#pragma once

#include <string>
#include <vector>

namespace store {

struct Mount {
  std::string type;         // bind | volume | tmpfs | devpts | image
  std::string source;       // bind: the host path; volume: its name; image: the image's id; tmpfs, devpts: empty
  std::string destination;  // absolute, in the container
  std::vector<std::string> options;
  bool anonymous = false;   // a volume made for this container (-v /data, an image VOLUME)
  bool copy_up = true;      // a volume is filled with the image's content there on first use (nocopy: not)
  bool chown = false;       // U: the source is given to the container's user
  bool overlay = false;     // O: an overlay on the host dir; changes are thrown away
};

// -v SRC:DEST[:OPTS], -v DEST (an anonymous volume; `source` empty).
// A SRC starting with / or . is a host path (made absolute, not checked
// here); anything else names a volume.
Mount parse_volume_flag(const std::string& spec, const std::string& cwd);
// --mount type=bind|volume|tmpfs|devpts|image,src=,dst=,ro,... (an
// image's `source` is the name given, for the caller to resolve)
Mount parse_mount_flag(const std::string& spec, const std::string& cwd);
// --tmpfs DEST[:OPTS]
Mount parse_tmpfs_flag(const std::string& spec);

bool read_only(const Mount& m);
std::string propagation(const Mount& m);  // rprivate unless given
// Inspect's Mounts[].Options: without rw/ro and the propagation mode.
std::vector<std::string> inspect_options(const Mount& m);
// tmpfs: the data string ("size=1m,mode=700"), the words that are not flags.
std::string tmpfs_data(const Mount& m);
// "SRC:DEST:OPTS", as HostConfig.Binds shows it; "OPTS" for Tmpfs.
std::string bind_text(const Mount& m);
std::string joined_options(const Mount& m);

// Podman's volume names: [a-zA-Z0-9][a-zA-Z0-9_.-]*.
bool valid_volume_name(const std::string& name);

}  // namespace store
