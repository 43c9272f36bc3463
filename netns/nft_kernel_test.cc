// SPDX-License-Identifier: GPL-2.0-or-later
// netns/nft_kernel_test.cc: nftables batches on the throwaway host: tables
// created and deleted, per-message errors, all-or-nothing application,
// the generation, and the shared sockets' settled close.
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

TEST_CASE("the generation counts applied batches; shared sockets close settled", "[netns]") {
  Netlink& nl = Netlink::shared(NETLINK_NETFILTER);
  uint32_t before = nft::generation(nl);
  nft::TableRef t{NFPROTO_INET, "warren-gen"};
  nft::Batch add;
  add.add_table(t);
  nft::commit(nl, add);
  CHECK(nft::generation(nl) == before + 1);
  nft::Batch refused;
  refused.delete_table({NFPROTO_IPV4, "warren-missing"});
  CHECK_FALSE(nft::send(nl, refused).empty());
  CHECK(nft::generation(nl) == before + 1);  // a refused batch changes nothing
  nft::Batch del;
  del.delete_table(t);
  nft::commit(nl, del);

  // Closed once the kernel is most likely done with the deletion: out of the cache,
  // and the next shared() is a socket of its own that works.
  nft::close_shared_settled();
  CHECK(Netlink::take_shared(NETLINK_NETFILTER).empty());
  CHECK(nft::generation(Netlink::shared(NETLINK_NETFILTER)) == before + 2);
  nft::close_shared_settled();
  CHECK(Netlink::take_shared(NETLINK_NETFILTER).empty());
}
