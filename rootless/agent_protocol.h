// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/agent_protocol.h: what the monitor asks its agent inside a
// rootless container's namespaces (rootless/ns_agent.h) and how the agent
// answers: one request, fixed size; the answer is the socket's descriptor
// (SCM_RIGHTS, with one data byte 'f') or 'F' and the errno. Plain C
// types: warren-agent (agent_main.cc) links nothing but libc.
#pragma once

#include <sys/socket.h>

namespace rootless {

struct AgentRequest {
  int type;                 // SOCK_STREAM (connected, nonblocking) or SOCK_DGRAM (bound only)
  sockaddr_storage to;      // the server inside
  sockaddr_storage source;  // the client's own address (IP_TRANSPARENT), when has_source
  int has_source;
};

}  // namespace rootless
