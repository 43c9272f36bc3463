// SPDX-License-Identifier: GPL-2.0-or-later
// base/digest.cc: SHA-256 through GLib's GChecksum.
#include "base/digest.h"

#include <glib.h>

namespace base {

Sha256::Sha256() : c_(g_checksum_new(G_CHECKSUM_SHA256)) {}
Sha256::~Sha256() { g_checksum_free(c_); }

void Sha256::update(std::string_view data) {
  g_checksum_update(c_, reinterpret_cast<const guchar*>(data.data()), static_cast<gssize>(data.size()));
}

std::string Sha256::hex() { return g_checksum_get_string(c_); }

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.hex();
}

}  // namespace base
