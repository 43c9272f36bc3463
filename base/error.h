// SPDX-License-Identifier: GPL-2.0-or-later
// base/error.h: the one error type of warren. An Error keeps the errno that
// caused it (0 when there is none) and a chain of context, outermost first,
// so that cli/ can print "Error: <what>: <why>" once, on one line.
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

 private:
  void rebuild();

  int err_;
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
  LaunchError(int code, int err, std::string msg) : base::Error(err, std::move(msg)), code_(code) {}
  // `cause` with its whole chain and errno, ending the command with `code`.
  LaunchError(int code, base::Error cause) : base::Error(std::move(cause)), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// The message of any exception, for places that must not rethrow.
std::string describe(std::exception_ptr e);

}  // namespace base
