// SPDX-License-Identifier: GPL-2.0-or-later
// base/error.cc: composing error chains into one line.
#include "base/error.h"

#include <cstring>

namespace base {

Error::Error(int err, std::string message) : err_(err), message_(std::move(message)) {
  rebuild();
}

void Error::rebuild() {
  text_.clear();
  for (const auto& c : context_) {
    text_ += c;
    text_ += ": ";
  }
  text_ += message_;
  if (err_ != 0) {
    if (!message_.empty()) text_ += ": ";
    text_ += std::strerror(err_);
  }
}

void Errors::collect(const std::function<void()>& step) {
  try {
    step();
  } catch (...) {
    add(std::current_exception());
  }
}

void Errors::add(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const Error& err) {
    if (first_err_ == 0) first_err_ = err.err();
    errors_.push_back(err.what());
  } catch (...) {
    errors_.push_back(describe(e));
  }
}

void Errors::throw_if_any(const std::string& what) const {
  if (errors_.empty()) return;
  std::string joined;
  for (const auto& e : errors_) {
    if (!joined.empty()) joined += "; ";
    joined += e;
  }
  Error e(0, joined);
  e.wrap("{}", what);
  throw e;
}

std::string describe(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "unknown error";
  }
}

}  // namespace base

// In a sanitized build (scripts/test-sanitized.sh), every warren program,
// the helpers that run with an empty environment among them, reports to
// /dev/shm (not /tmp, where a container's mounts could hide it; not only
// stderr, which a monitor has closed), where the test run looks. Leaks are
// not counted: the long-lived helpers keep what they need until they end.
#if defined(__SANITIZE_ADDRESS__)
#define WARREN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WARREN_ASAN 1
#endif
#endif
#ifdef WARREN_ASAN
// A small quarantine: a monitor lives as long as its container, and the
// default (256 MB of freed memory kept back) would be most of its size.
extern "C" const char* __asan_default_options() {
  return "detect_leaks=0:quarantine_size_mb=16:log_path=/dev/shm/warren-asan";
}
extern "C" const char* __ubsan_default_options() {
  return "print_stacktrace=1:halt_on_error=1:log_path=/dev/shm/warren-ubsan";
}
#endif
