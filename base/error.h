// SPDX-License-Identifier: GPL-2.0-or-later
// base/error.h: the one error type of warren. An Error keeps the errno that
// caused it (0 when there is none), a chain of context, outermost first,
// so that cli/ can print "Error: <what>: <why>" once, on one line, and the
// codes it ends in: the command's exit code (125 unless said) and, from a
// CNI plugin, the CNI error code. Wrapping keeps them all.
#pragma once

#include <exception>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace base {

class Error : public std::exception {
 public:
  Error(int err, std::string message);

  // Prepend context: "attach c1 to network podman" + ": " + the rest.
  template <typename... Args>
  Error& wrap(fmt::format_string<Args...> f, Args&&... args) {
    context_.insert(context_.begin(), fmt::format(f, std::forward<Args>(args)...));
    rebuild();
    return *this;
  }

  const char* what() const noexcept override { return text_.c_str(); }
  int err() const noexcept { return err_; }
  // The innermost message, without context and without strerror.
  const std::string& message() const noexcept { return message_; }
  // The exit code of a command this error ends (Podman's: 125 for
  // warren's own failures, 126 and 127 for a command that cannot run).
  int exit_code() const noexcept { return exit_code_; }
  Error& with_exit_code(int code) {
    exit_code_ = code;
    return *this;
  }
  // A CNI error code (the spec's; 0: not a CNI error).
  int cni_code() const noexcept { return cni_code_; }
  Error& with_cni_code(int code) {
    cni_code_ = code;
    return *this;
  }

 private:
  void rebuild();

  int err_;
  int exit_code_ = 125;
  int cni_code_ = 0;
  std::string message_;
  std::vector<std::string> context_;
  std::string text_;
};

// An error caused by a failed system call: the message gets strerror(err).
template <typename... Args>
Error sys_error(int err, fmt::format_string<Args...> f, Args&&... args) {
  return Error(err, fmt::format(f, std::forward<Args>(args)...));
}

// An error of warren's own (bad input, a missing object): no errno.
template <typename... Args>
Error error(fmt::format_string<Args...> f, Args&&... args) {
  return Error(0, fmt::format(f, std::forward<Args>(args)...));
}

// Teardown keeps going: each step runs, failures are kept, and at the end
// one Error names them all. "Already gone" is for the steps to ignore.
class Errors {
 public:
  void collect(const std::function<void()>& step);
  void add(std::exception_ptr e);
  bool empty() const { return errors_.empty(); }
  // Throws one Error joining every collected failure, wrapped in `what`.
  void throw_if_any(const std::string& what) const;

 private:
  std::vector<std::string> errors_;
  int first_err_ = 0;
};

// What the command's own exit looks like when it could not be run.
inline constexpr int kExitCannotInvoke = 126;
inline constexpr int kExitNotFound = 127;

// The process could not start: the cause, and the exit code Podman gives
// for it (125 for warren's own failures, 126, 127).
class LaunchError : public base::Error {
 public:
  LaunchError(int code, int err, std::string msg) : base::Error(err, std::move(msg)) { with_exit_code(code); }
  // `cause` with its whole chain and errno, ending the command with `code`.
  LaunchError(int code, base::Error cause) : base::Error(std::move(cause)) { with_exit_code(code); }
  int code() const { return exit_code(); }
};

// The message of any exception, for places that must not rethrow.
std::string describe(std::exception_ptr e);

}  // namespace base
