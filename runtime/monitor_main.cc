// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/monitor_main.cc: warren-monitor, the one long-lived process per
// container (runtime/monitor.h). warren starts it; it is not for users.
#include "runtime/monitor.h"

int main(int argc, char** argv) { return runtime::monitor_main(argc, argv); }
