// SPDX-License-Identifier: GPL-2.0-or-later
// cli/commands.h: the entry point of every command, for main's table.
#pragma once

#include "cli/command.h"
#include "cli/output.h"
#include "runtime/container_store.h"

namespace cli {

int version_main(Context& ctx, const Args& args);
int info_main(Context& ctx, const Args& args);
int import_main(Context& ctx, const Args& args);
int load_main(Context& ctx, const Args& args);
int images_main(Context& ctx, const Args& args);
int tag_main(Context& ctx, const Args& args);
int rmi_main(Context& ctx, const Args& args);
int inspect_main(Context& ctx, const Args& args);
int run_main(Context& ctx, const Args& args);
int ps_main(Context& ctx, const Args& args);
int logs_main(Context& ctx, const Args& args);
int wait_main(Context& ctx, const Args& args);
int stop_main(Context& ctx, const Args& args);
int rm_main(Context& ctx, const Args& args);
int kill_main(Context& ctx, const Args& args);
int create_main(Context& ctx, const Args& args);
int start_main(Context& ctx, const Args& args);
int exec_main(Context& ctx, const Args& args);

// Options up to the first operand (the image for run, the container for
// exec); `with_value` lists the options that take a value. The operand and
// what follows go to `rest`.
Args up_to_image(const Args& args, const std::vector<std::string>& with_value, Args& rest);

// `env` with `set` and then the -e values `given` put in (a later key
// replaces an earlier one; -e KEY takes warren's own value, if any).
// Throws on an -e value with no name.
std::vector<std::string> with_env(std::vector<std::string> env, const std::vector<std::string>& set,
                                  const std::vector<std::string>& given = {});

// The container store of this invocation's --root and --runroot.
runtime::ContainerStore containers(Context& ctx);

// The containers a command was given, or with --latest (-l) the newest;
// `none` is the error when there are neither.
std::vector<std::string> named_or_latest(const cxxopts::ParseResult& r, const runtime::ContainerStore& store,
                                         const std::string& none);

// A container as `inspect` shows it, in Podman's field names.
Value container_value(const runtime::ContainerStore& store, const runtime::Container& c);

}  // namespace cli
