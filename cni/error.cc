// SPDX-License-Identifier: GPL-2.0-or-later
// cni/error.cc: classifying failures into CNI error codes.
#include "cni/error.h"

#include "base/json.h"

namespace cni {

Error to_cni_error(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const Error& err) {
    return err;
  } catch (const base::Error& err) {
    // A CNI code somewhere down the chain (an invalid IPAM config's 7, a
    // delegated plugin's) survives the context added on the way up.
    return Error(err.cni_code() ? err.cni_code() : kGeneric, err.what());
  } catch (const std::exception& err) {
    return Error(kGeneric, err.what());
  } catch (...) {
    return Error(kGeneric, "unknown error");
  }
}

std::string error_json(const Error& e, const std::string& cni_version) {
  base::json::Object o;
  if (!cni_version.empty()) o.add("cniVersion", cni_version);
  o.add("code", e.code());
  o.add("msg", e.msg());
  if (!e.details().empty()) o.add("details", e.details());
  return base::json::dump(o.value(), true);
}

}  // namespace cni
