// SPDX-License-Identifier: GPL-2.0-or-later
// bench/portmap_bench.cc: the cost of publishing a port, side by side.
//
// setup:      ADD then DEL of one attachment with one published port, on a
//             network that already holds N attachments with a port each,
//             for warren's in-process plugins and for the reference
//             plugins (bridge, portmap, firewall executables, iptables-nft)
//             on the same conflist, in the same run. Medians; the ratio
//             last N / first N shows whether the cost stays flat, and the
//             rule count whether the ruleset does. Alternating with
//             warren's ADD and DEL, the same veth joins and leaves the
//             same bridge by bare netlink: the kernel's part, which grows
//             with the bridge's ports whoever asks, and what is left is
//             warren's own.
// throughput: bytes from the host to a container server through a
//             published port, and straight to the container's address.
//
// Runs in a throwaway host namespace (as the tests do); as root.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cni/loader.h"
#include "netns/link.h"
#include "netns/sysctl.h"
#include "tests/sockets.h"
#include "tests/temp_netns.h"
#include "tests/throwaway.h"

using Clock = std::chrono::steady_clock;
using testing::sh;

namespace {

struct Options {
  std::vector<int> ns{1, 100, 1000};
  int reps = 31;
  int settle = 15;  // seconds after adding attachments
  bool reference = true;
  size_t bytes = 256u << 20;
};

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

std::string conflist(const std::string& name, const std::string& bridge, const std::string& ipam_dir) {
  return R"({"cniVersion":"0.4.0","name":")" + name + R"(","plugins":[
    {"type":"bridge","bridge":")" + bridge + R"(","isGateway":true,"ipMasq":true,"hairpinMode":true,
     "ipam":{"type":"host-local","routes":[{"dst":"0.0.0.0/0"}],"ranges":[[{"subnet":"10.80.0.0/16"}]],"dataDir":")" +
         ipam_dir + R"("}},
    {"type":"portmap","capabilities":{"portMappings":true}},
    {"type":"firewall"}]})";
}

cni::RuntimeConf attachment(const testing::TempNetns& ns, const std::string& ifname, int host_port) {
  cni::RuntimeConf rt;
  rt.container_id = fmt::format("bench-{}", host_port);
  rt.netns = ns.path();
  rt.ifname = ifname;
  rt.capability_args.add(
      "portMappings",
      base::json::parse(fmt::format(R"([{{"hostPort":{},"containerPort":80,"protocol":"tcp"}}])", host_port), "m"));
  return rt;
}

struct Row {
  int n;
  double add_ms, del_ms;
  int rules;
  // The kernel's part that grows with the bridge: the same veth joining
  // and leaving the same bridge by bare netlink; ADD less the join (the
  // median of per-repetition differences), and DEL of an attachment whose
  // veth is already gone.
  double join_ms = 0, leave_ms = 0, own_add_ms = 0, own_del_ms = 0;
};

// Rules in the host's nftables ruleset (iptables-nft's included): what a
// packet may have to walk.
int rule_count() {
  auto out = sh("nft -a list ruleset | grep -c '# handle' ").out;
  int handles = std::atoi(out.c_str());
  // Tables, chains, sets, maps and named objects open a block ("NAME {");
  // a rule may start with the counter statement, but never opens one.
  int objects = std::atoi(
      sh("nft -a list ruleset | grep -c -E '^\\s*(table [a-z0-9]+|chain|set|map|counter|quota|limit) [^ ]+ \\{ # handle'").out.c_str());
  return handles - objects;
}

// What warren's bridge plugin asks of the kernel for the host end and
// nothing else: a veth pair (peer in `ns`) enslaved to `bridge` at
// creation, IPv6 off, up with hairpin; then removed. Returns {join, leave}.
std::pair<double, double> kernel_join(netns::Netlink& host, int bridge, const testing::TempNetns& ns) {
  auto t = Clock::now();
  netns::create_veth(host, {.name = "vethfloor", .peer = "eth0", .peer_ns = &ns.ns(),
                            .mac = netns::MacAddress::random_local(), .peer_mac = netns::MacAddress::random_local(),
                            .master = bridge});
  netns::write_sysctl("net/ipv6/conf/vethfloor/disable_ipv6", "1");
  netns::change_link(host, "vethfloor", {.up = true, .hairpin = true});
  double join = ms_since(t);
  t = Clock::now();
  netns::delete_link(host, "vethfloor");
  return {join, ms_since(t)};
}

std::vector<Row> measure(bool builtins, const Options& o) {
  testing::TempDir dir;
  testing::TempNetns probe("probe");
  // One namespace per container, as in life (N interfaces in one namespace
  // would make IPv6 routing there, not the plugins, the cost measured).
  std::vector<std::unique_ptr<testing::TempNetns>> ctrs;
  std::string name = builtins ? "warren" : "reference";
  cni::Conflist list = cni::parse_conflist(conflist(name, builtins ? "cni-w0" : "cni-r0", dir.path() + "/ipam"));
  cni::Loader loader({"/usr/lib/cni"}, dir.path() + "/cache");
  loader.set_builtins(builtins);
  netns::Netlink host = netns::Netlink::open();
  std::vector<Row> rows;
  int have = 0;
  for (int n : o.ns) {
    for (; have < n; ++have) {
      ctrs.push_back(std::make_unique<testing::TempNetns>(fmt::format("c{}", have)));
      loader.add(list, attachment(*ctrs.back(), "eth0", 20000 + have));
    }
    // The steady state of N running containers: their files long written
    // back (else the first 30 s of ext4 writeback and journal commits run
    // under the measurement, making every file operation ~10 times
    // slower), and their interfaces' IPv6 start-up (DAD, router
    // solicitations) over.
    ::sync();
    ::sleep(static_cast<unsigned>(o.settle));
    std::fprintf(stderr, "  %s N=%d measuring\n", name.c_str(), n);
    std::vector<double> adds, dels, joins, leaves, own_add, own_del;
    int bridge = netns::get_link(host, builtins ? "cni-w0" : "cni-r0").index;
    for (int r = 0; r < o.reps; ++r) {
      auto rt = attachment(probe, "eth0", 19999);
      auto t = Clock::now();
      loader.add(list, rt);
      adds.push_back(ms_since(t));
      t = Clock::now();
      loader.del(list, rt);
      dels.push_back(ms_since(t));
      if (!builtins) continue;
      // Alternating with ADD and DEL, so both see the VM's same drift.
      auto [join, leave] = kernel_join(host, bridge, probe);
      joins.push_back(join);
      leaves.push_back(leave);
      own_add.push_back(adds.back() - join);
      // DEL's own work, apart from the kernel's removal of the veth (an
      // RCU barrier whose 15-20 ms vary by more than the rest weighs):
      // the veth removed first, then DEL, which finds it gone.
      loader.add(list, rt);
      netns::Netlink in_probe = netns::Netlink::open_in(probe.ns());
      netns::delete_link(in_probe, "eth0");
      t = Clock::now();
      loader.del(list, rt);
      own_del.push_back(ms_since(t));
    }
    rows.push_back({n, median(adds), median(dels), rule_count(), median(joins), median(leaves), median(own_add),
                    median(own_del)});
    std::fprintf(stderr, "  %s N=%d done\n", name.c_str(), n);
  }
  // No DEL of the N others: their namespaces go with `ctrs`, and the
  // rest with the throwaway host when the process ends.
  netns::delete_link(host, builtins ? "cni-w0" : "cni-r0");
  return rows;
}

void throughput(const Options& o) {
  testing::TempDir dir;
  testing::TempNetns c("tput");
  cni::Conflist list = cni::parse_conflist(conflist("tput", "cni-t0", dir.path() + "/ipam"));
  cni::Loader loader({"/usr/lib/cni"}, dir.path() + "/cache");
  cni::RuntimeConf rt;
  rt.container_id = "tput";
  rt.netns = c.path();
  rt.ifname = "eth0";
  rt.capability_args.add("portMappings", base::json::parse(R"([{"hostPort":15001,"containerPort":5001}])", "m"));
  cni::Result r = loader.add(list, rt);
  std::string ctr = r.ips[0].address.addr().str(), gw = r.ips[0].gateway->str();
  testing::Sink sink(c.ns(), 5001);
  // Alternating pairs, and the median of each pair's ratio: a VM's speed
  // drifts over a run, and a pair sees the same drift on both sides.
  constexpr int kPairs = 9;
  std::vector<double> direct, published, ratios;
  for (int i = 0; i < kPairs; ++i) {
    double d = testing::stream_to(nullptr, ctr, 5001, o.bytes);
    double p = testing::stream_to(nullptr, gw, 15001, o.bytes);
    direct.push_back(d);
    published.push_back(p);
    if (d > 0) ratios.push_back(p / d);
  }
  std::printf("\nthroughput, host -> container, %zu MiB per run, %d alternating pairs, medians:\n", o.bytes >> 20, kPairs);
  std::printf("  direct to %s:5001         %8.0f MB/s\n", ctr.c_str(), median(direct));
  std::printf("  published %s:15001        %8.0f MB/s\n", gw.c_str(), median(published));
  std::printf("  published / direct        %8.3f (median of pair ratios)\n", median(ratios));
  loader.del(list, rt);
}

int run(const Options& o);

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick") {
      o.ns = {1, 10, 100};
      o.reps = 5;
      o.settle = 3;
      o.bytes = 64u << 20;
    } else if (a == "--no-reference") {
      o.reference = false;
    } else if (a == "--n" && i + 1 < argc) {
      // A list of N of one's own, as "1,1000": for profiling one step.
      o.ns.clear();
      std::string list = argv[++i];
      for (size_t at = 0; at < list.size();) {
        size_t comma = list.find(',', at);
        if (comma == std::string::npos) comma = list.size();
        o.ns.push_back(std::atoi(list.substr(at, comma - at).c_str()));
        at = comma + 1;
      }
    } else if (a == "--reps" && i + 1 < argc) {
      o.reps = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--throughput-only") {
      o.ns.clear();
      o.reference = false;
    } else {
      std::fprintf(stderr, "usage: portmap_bench [--quick] [--no-reference] [--throughput-only] [--n N,N,...] [--reps R]\n");
      return 2;
    }
  }
  std::string why = testing::enter_throwaway_host();
  if (!why.empty()) {
    std::fprintf(stderr, "cannot make a throwaway host: %s\n", why.c_str());
    return 1;
  }
  try {
    return run(o);
  } catch (const std::exception& e) {
    // Caught, so every temp dir and namespace is unwound and removed.
    std::fprintf(stderr, "portmap_bench: %s\n", e.what());
    return 1;
  }
}

namespace {

int run(const Options& o) {
  if (o.ns.empty()) {
    throughput(o);
    return 0;
  }
  auto warren = measure(true, o);
  std::vector<Row> ref;
  if (o.reference) ref = measure(false, o);
  std::printf("ADD and DEL of one attachment with one published port, N existing, medians of %d (ms)\n", o.reps);
  std::printf("join, leave: the same veth joining and leaving the same bridge by bare netlink (the kernel's part);\n"
              "DEL-veth: DEL after the attachment's veth is removed\n");
  std::printf("%6s | %6s %6s %7s %5s | %5s %6s %8s %8s | %7s %7s %5s | %s\n", "N", "ADD", "DEL", "ADD+DEL", "rules",
              "join", "leave", "ADD-join", "DEL-veth", "ref ADD", "ref DEL", "rules", "ref/warren ADD");
  for (size_t i = 0; i < warren.size(); ++i) {
    const Row& w = warren[i];
    std::printf("%6d | %6.2f %6.2f %7.2f %5d | %5.2f %6.2f %8.2f %9.2f |", w.n, w.add_ms, w.del_ms,
                w.add_ms + w.del_ms, w.rules, w.join_ms, w.leave_ms, w.own_add_ms, w.own_del_ms);
    if (!ref.empty()) {
      const Row& r = ref[i];
      std::printf(" %7.2f %7.2f %5d | %.1fx", r.add_ms, r.del_ms, r.rules, r.add_ms / w.add_ms);
    }
    std::printf("\n");
  }
  const Row &first = warren.front(), &last = warren.back();
  auto ratio = [&](double Row::*f) { return last.*f / first.*f; };
  std::printf("flatness, N=%d / N=%d:\n", last.n, first.n);
  std::printf("  warren     ADD %.2f  DEL %.2f  ADD+DEL %.2f\n", ratio(&Row::add_ms), ratio(&Row::del_ms),
              (last.add_ms + last.del_ms) / (first.add_ms + first.del_ms));
  std::printf("  kernel     join %.2f (%+.2f ms)  leave %.2f (%+.2f ms)\n", ratio(&Row::join_ms),
              last.join_ms - first.join_ms, ratio(&Row::leave_ms), last.leave_ms - first.leave_ms);
  std::printf("  warren's own work: ADD less join %.2f  DEL less the veth %.2f\n", ratio(&Row::own_add_ms),
              ratio(&Row::own_del_ms));
  if (!ref.empty()) {
    std::printf("  reference  ADD %.2f  DEL %.2f  ADD+DEL %.2f\n", ref.back().add_ms / ref.front().add_ms,
                ref.back().del_ms / ref.front().del_ms,
                (ref.back().add_ms + ref.back().del_ms) / (ref.front().add_ms + ref.front().del_ms));
  }
  throughput(o);
  return 0;
}

}  // namespace
