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

// A container as `inspect` shows it, in Podman's field names.
Value container_value(const runtime::ContainerStore& store, const runtime::Container& c);

}  // namespace cli
