// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/monitor_main.cc: warren-monitor, the one long-lived process per
// container (monitor/monitor.h). warren starts it; it is not for users.
#include "monitor/monitor.h"

int main(int argc, char** argv) { return monitor::monitor_main(argc, argv); }
