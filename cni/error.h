// SPDX-License-Identifier: GPL-2.0-or-later
// cni/error.h: CNI error results {cniVersion, code, msg, details} and the
// spec's codes. Any failure inside a plugin becomes one of these at the
// plugin boundary, never a crash.
#pragma once

#include <exception>
#include <string>

#include "base/error.h"

namespace cni {

enum Code : int {
  kIncompatibleVersion = 1,
  kUnsupportedField = 2,
  kUnknownContainer = 3,
  kInvalidEnvironment = 4,
  kIoFailure = 5,
  kDecodingFailure = 6,
  kInvalidConfig = 7,
  kTryAgainLater = 11,
  kPluginNotAvailable = 50,  // STATUS: the plugin cannot serve ADD now
  kGeneric = 999,
};

class Error : public base::Error {
 public:
  Error(int code, std::string msg, std::string details = {})
      : base::Error(0, details.empty() ? msg : msg + ": " + details), msg_(std::move(msg)), details_(std::move(details)) {
    with_cni_code(code);
  }
  int code() const { return cni_code(); }
  const std::string& msg() const { return msg_; }
  const std::string& details() const { return details_; }

 private:
  std::string msg_;
  std::string details_;
};

// The CNI error for whatever was thrown: cni::Error as it is, an invalid
// config (bridge::ConfigError) as code 7, anything else as code 999.
Error to_cni_error(std::exception_ptr e);

// {"cniVersion": ..., "code": ..., "msg": ..., "details": ...}, indented.
std::string error_json(const Error& e, const std::string& cni_version);

}  // namespace cni
