// SPDX-License-Identifier: GPL-2.0-or-later
// base/order.h: sorting a vector of large elements (a container's
// record is kilobytes) by moving each element once: the order is found
// on indices, then applied in place, with no second vector of them.
#pragma once

#include <algorithm>
#include <numeric>
#include <utility>
#include <vector>

namespace base {

// Stable, as std::stable_sort with `less`.
template <typename T, typename Less>
void sort_large(std::vector<T>& v, Less less) {
  std::vector<size_t> order(v.size());  // order[k]: the element for place k
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return less(v[a], v[b]); });
  // Each cycle of the permutation: its first element aside, the others
  // moved up the cycle, the first into the last place.
  for (size_t i = 0; i < v.size(); ++i) {
    if (order[i] == i) continue;
    T first = std::move(v[i]);
    size_t j = i;
    for (size_t k = order[j]; k != i; k = order[j]) {
      v[j] = std::move(v[k]);
      order[j] = j;
      j = k;
    }
    v[j] = std::move(first);
    order[j] = j;
  }
}

}  // namespace base
