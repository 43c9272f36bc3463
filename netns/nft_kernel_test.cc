// SPDX-License-Identifier: GPL-2.0-or-later
// netns/nft_kernel_test.cc: nftables batches on the throwaway host: tables
// created and deleted, per-message errors, and all-or-nothing application.
#include <catch2/catch.hpp>

#include <linux/netfilter.h>

#include <algorithm>

#include "base/error.h"
#include "netns/nft.h"
#include "tests/temp_netns.h"

using namespace netns;
using testing::sh;

namespace {

bool has_table(Netlink& nl, const nft::TableRef& t) {
  auto tables = nft::list_tables(nl);
  return std::find(tables.begin(), tables.end(), t) != tables.end();
}

}  // namespace

TEST_CASE("a batch creates and deletes a table", "[netns]") {
  Netlink nl = Netlink::open(NETLINK_NETFILTER);
  nft::TableRef t{NFPROTO_INET, "warren-test"};
  nft::Batch add;
  add.add_table(t);
  add.add_table(t);  // NLM_F_CREATE without EXCL: idempotent, even twice in one batch
  nft::commit(nl, add);
  CHECK(has_table(nl, t));
  CHECK(sh("nft -j list tables").out.find("\"warren-test\"") != std::string::npos);

  nft::Batch del;
  del.delete_table(t);
  nft::commit(nl, del);
  CHECK_FALSE(has_table(nl, t));
  CHECK(sh("nft list tables").out.find("warren-test") == std::string::npos);
}

TEST_CASE("a failing message rejects the whole batch and is named", "[netns]") {
  Netlink nl = Netlink::open(NETLINK_NETFILTER);
  nft::TableRef good{NFPROTO_INET, "warren-good"};
  nft::TableRef missing{NFPROTO_IPV4, "warren-missing"};
  nft::Batch b;
  b.add_table(good);
  b.delete_table(missing);
  auto errors = nft::send(nl, b);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].what == "delete table ip warren-missing");
  CHECK(errors[0].err == ENOENT);
  // All or nothing: the table from the same batch was not created.
  CHECK_FALSE(has_table(nl, good));

  nft::Batch again;
  again.delete_table(missing);
  CHECK_THROWS_WITH(nft::commit(nl, again),
                    "nftables: delete table ip warren-missing: No such file or directory");
}

TEST_CASE("batches in another namespace stay there", "[netns]") {
  testing::TempNetns ns("nft");
  Netlink inside = Netlink::open_in(ns.ns(), NETLINK_NETFILTER);
  Netlink host = Netlink::open(NETLINK_NETFILTER);
  nft::TableRef t{NFPROTO_INET, "warren-inside"};
  nft::Batch b;
  b.add_table(t);
  nft::commit(inside, b);
  CHECK(has_table(inside, t));
  CHECK_FALSE(has_table(host, t));
  CHECK(sh(ns.enter() + "nft list tables").out.find("warren-inside") != std::string::npos);
}
