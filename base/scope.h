// SPDX-License-Identifier: GPL-2.0-or-later
// base/scope.h: scope guards. on_failure undoes partial setup unless the
// caller dismisses it once everything succeeded; defer always runs.
#pragma once

#include <utility>

#include "base/log.h"

namespace base {

template <typename F>
class ScopeGuard {
 public:
  explicit ScopeGuard(F f) : f_(std::move(f)) {}
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;
  ScopeGuard(ScopeGuard&& o) noexcept : f_(std::move(o.f_)), armed_(std::exchange(o.armed_, false)) {}
  ~ScopeGuard() {
    if (!armed_) return;
    // An undo step that fails must not replace the error that got us here.
    try {
      f_();
    } catch (const std::exception& e) {
      LOG_DEBUG("undo failed: {}", e.what());
    }
  }
  void dismiss() { armed_ = false; }

 private:
  F f_;
  bool armed_ = true;
};

// Runs at scope exit unless dismiss() was called.
template <typename F>
[[nodiscard]] ScopeGuard<F> on_failure(F f) {
  return ScopeGuard<F>(std::move(f));
}

// Runs at scope exit, always.
template <typename F>
[[nodiscard]] ScopeGuard<F> defer(F f) {
  return ScopeGuard<F>(std::move(f));
}

}  // namespace base
