// SPDX-License-Identifier: GPL-2.0-or-later
// dns/responder.cc: warren-dns's event loop: the listening
// sockets per gateway, queries answered or forwarded, reloads on SIGHUP.
#include "dns/responder.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/process_id.h"
#include "base/resident.h"
#include "dns/control.h"
#include "dns/message.h"
#include "dns/records.h"
#include "config/settings.h"
#include "netns/sockets.h"

namespace dns {

namespace {

using Clock = std::chrono::steady_clock;

struct Address {
  sockaddr_storage sa{};
  socklen_t len = 0;
};

std::optional<Address> address_of(const std::string& ip, uint16_t port) {
  Address a;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&a.sa);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.sa);
  if (::inet_pton(AF_INET, ip.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    a.len = sizeof *v4;
  } else if (::inet_pton(AF_INET6, ip.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    a.len = sizeof *v6;
  } else {
    return std::nullopt;
  }
  return a;
}

base::UniqueFd listen_on(const std::string& ip, int type) {
  auto a = address_of(ip, 53);
  if (!a) throw base::error("{} is not an address", ip);
  base::UniqueFd fd{::socket(a->sa.ss_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)};
  if (!fd) throw base::sys_error(errno, "open a socket for {}", ip);
  int one = 1;
  // The gateway may still be tentative (IPv6) or on its way: bind anyway.
  if (a->sa.ss_family == AF_INET) ::setsockopt(fd.get(), IPPROTO_IP, IP_FREEBIND, &one, sizeof one);
  else ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_FREEBIND, &one, sizeof one);
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&a->sa), a->len) < 0) {
    int err = errno;
    if (err == EADDRINUSE) {
      throw base::error("port 53 on {} ({}) is in use by {}", ip, type == SOCK_STREAM ? "tcp" : "udp", 
                        netns::describe_holder(netns::port_holders(netns::IpAddress::parse(ip), 53, type)));
    }
    throw base::sys_error(err, "bind {} port 53", ip);
  }
  if (type == SOCK_STREAM && ::listen(fd.get(), 64) < 0) throw base::sys_error(errno, "listen on {} port 53", ip);
  return fd;
}

// Bounds on what clients can make the responder hold: TCP connections
// (each with at most one message buffered, dropped when idle), and
// queries forwarded upstream and not yet answered.
constexpr size_t kMaxConnections = 128;
constexpr size_t kMaxForwards = 512;
constexpr auto kIdle = std::chrono::seconds(5);

// A TCP client: its bytes so far (a 2-byte length, then the message).
struct Connection {
  base::UniqueFd fd;
  size_t net = 0;
  std::vector<uint8_t> in;
  Clock::time_point deadline;
};

// A query sent on to an upstream server, waiting for its answer.
struct Forward {
  base::UniqueFd upstream;
  std::vector<uint8_t> query;
  std::vector<std::string> servers;
  size_t server = 0;
  Clock::time_point deadline;
  int reply_fd;                // the UDP socket it came in on, or the TCP connection
  bool tcp = false;
  Address client;
};

class Responder {
 public:
  Responder(DnsPaths paths) : paths_(std::move(paths)) {}
  int run();

 private:
  void reload();
  void answer(const std::vector<uint8_t>& msg, size_t net, int reply_fd, bool tcp, const Address& client);
  void reply(int fd, bool tcp, const Address& client, const std::vector<uint8_t>& msg);
  void forward(std::vector<uint8_t> msg, const std::vector<std::string>& servers, size_t server, int reply_fd, bool tcp,
               const Address& client);
  void on_upstream(int upstream);
  void on_tcp(int fd);
  void on_accept(int listener);
  void on_ready(int fd);
  void close_connection(int fd);
  void expire();
  bool try_end();

  DnsPaths paths_;
  DnsTable table_;
  std::vector<std::string> upstream_;
  struct Listener {
    base::UniqueFd fd;
    std::string ip;
    int type;
  };
  std::vector<Listener> listeners_;
  std::map<int, size_t> net_of_;  // listener fd -> network index
  std::map<int, Connection> conns_;
  std::vector<Forward> forwards_;
  long generation_ = 0;
};

void Responder::reload() {
  std::string error;
  generation_ = std::atol(base::read_file(paths_.dir() + "/generation").value_or("0").c_str());
  try {
    store::ContainerStore store(paths_.root, paths_.runroot);
    // The conflists are all it needs: no containers.conf (the default
    // network, the only one the settings name, never has DNS).
    netconf::NetworkStore nets(paths_.network_config_dir, config::NetworkSettings{});
    table_ = load_dns_table(store, nets);
    upstream_ = host_resolvers();
    forwards_.clear();  // their sockets may go
    conns_.clear();     // and the networks their clients came in on
    // Keep what is still wanted, open what is new, close the rest.
    std::vector<Listener> next;
    net_of_.clear();
    for (size_t n = 0; n < table_.networks.size(); ++n) {
      for (const auto& ip : table_.networks[n].gateways) {
        for (int type : {SOCK_DGRAM, SOCK_STREAM}) {
          auto it = std::find_if(listeners_.begin(), listeners_.end(),
                                 [&](const Listener& l) { return l.ip == ip && l.type == type && l.fd; });
          Listener l = it != listeners_.end() ? std::move(*it) : Listener{listen_on(ip, type), ip, type};
          net_of_[l.fd.get()] = n;
          next.push_back(std::move(l));
        }
      }
    }
    listeners_ = std::move(next);
  } catch (const std::exception& e) {
    error = e.what();
  }
  base::write_file_atomic(paths_.dir() + "/ack", fmt::format("{}\n{}\n", generation_, error), 0600, false);
  // What reading the state took, heap and code alike (it runs again only
  // at the next reload): this process stays.
  base::release_startup_memory();
}

void Responder::reply(int fd, bool tcp, const Address& client, const std::vector<uint8_t>& msg) {
  if (!tcp) {
    ::sendto(fd, msg.data(), msg.size(), MSG_DONTWAIT, reinterpret_cast<const sockaddr*>(&client.sa), client.len);
    return;
  }
  std::vector<uint8_t> framed = {static_cast<uint8_t>(msg.size() >> 8), static_cast<uint8_t>(msg.size())};
  framed.insert(framed.end(), msg.begin(), msg.end());
  // Never waits: a client that does not read its answers loses its
  // connection rather than holding up everyone else's.
  ssize_t n = ::send(fd, framed.data(), framed.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  if (n != static_cast<ssize_t>(framed.size())) close_connection(fd);
}

void Responder::answer(const std::vector<uint8_t>& msg, size_t n, int reply_fd, bool tcp, const Address& client) {
  auto q = parse_query(msg);
  if (!q || n >= table_.networks.size()) return;  // not a query: no answer, as servers do
  const DnsNetwork& net = table_.networks[n];
  std::vector<DnsRecord> records;
  auto add_address = [&](uint16_t type, const std::string& ip) {
    unsigned char buf[16];
    if (ip.empty()) return;
    int family = type == kTypeA ? AF_INET : AF_INET6;
    if (::inet_pton(family, ip.c_str(), buf) != 1) return;
    records.push_back({type, std::vector<uint8_t>(buf, buf + (family == AF_INET ? 4 : 16))});
  };
  if (q->type == kTypePtr) {
    if (auto ip = reverse_name_address(q->name)) {
      if (auto who = find_address(net, *ip)) {  // a name DNS can carry
        records.push_back({kTypePtr, encode_name(*who + "." + kDnsDomain)});
        return reply(reply_fd, tcp, client, build_answer(msg, *q, kRcodeOk, records));
      }
    }
  } else if (auto found = find_name(net, q->name)) {
    if (q->type == kTypeA || q->type == kTypeAny) add_address(kTypeA, found->ip);
    if (q->type == kTypeAaaa || q->type == kTypeAny) add_address(kTypeAaaa, found->ip6);
    return reply(reply_fd, tcp, client, build_answer(msg, *q, kRcodeOk, records));
  }
  // Its domain, and names without a dot (a container's name, as a search
  // would try it first), are the responder's to know or no one's.
  bool ours = q->name == kDnsDomain || q->name.ends_with(std::string(".") + kDnsDomain) ||
              q->name.find('.') == std::string::npos;
  if (ours) return reply(reply_fd, tcp, client, build_answer(msg, *q, kRcodeNxDomain, {}));
  const auto& servers = net.upstream.empty() ? upstream_ : net.upstream;
  if (net.internal || servers.empty()) return reply(reply_fd, tcp, client, build_answer(msg, *q, kRcodeRefused, {}));
  forward(msg, servers, 0, reply_fd, tcp, client);
}

void Responder::forward(std::vector<uint8_t> msg, const std::vector<std::string>& servers, size_t server, int reply_fd,
                        bool tcp, const Address& client) {
  // Too many waiting already: this one fails at once, as an overloaded
  // server's would.
  if (forwards_.size() >= kMaxForwards) server = servers.size();
  for (; server < servers.size(); ++server) {
    auto to = address_of(servers[server], 53);
    if (!to) continue;
    base::UniqueFd fd{::socket(to->sa.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)};
    if (!fd || ::connect(fd.get(), reinterpret_cast<sockaddr*>(&to->sa), to->len) < 0 ||
        ::send(fd.get(), msg.data(), msg.size(), 0) < 0) {
      continue;
    }
    forwards_.push_back({std::move(fd), std::move(msg), servers, server, Clock::now() + std::chrono::seconds(2), reply_fd, tcp, client});
    return;
  }
  if (auto q = parse_query(msg)) reply(reply_fd, tcp, client, build_answer(msg, *q, kRcodeServFail, {}));
}

// By its socket: an answer sent on TCP may close a connection, and with it
// other forwards, so positions do not last.
void Responder::on_upstream(int upstream) {
  auto it = std::find_if(forwards_.begin(), forwards_.end(), [&](const Forward& f) { return f.upstream.get() == upstream; });
  if (it == forwards_.end()) return;
  size_t i = static_cast<size_t>(it - forwards_.begin());
  std::vector<uint8_t> buf(65535);
  ssize_t n = ::recv(forwards_[i].upstream.get(), buf.data(), buf.size(), MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  Forward f = std::move(forwards_[i]);
  forwards_.erase(forwards_.begin() + static_cast<long>(i));
  if (n <= 0) return forward(std::move(f.query), f.servers, f.server + 1, f.reply_fd, f.tcp, f.client);
  buf.resize(static_cast<size_t>(n));
  reply(f.reply_fd, f.tcp, f.client, buf);
}

// One query per length-prefixed message; the connection stays for more.
// Reads what is there, never waits for the rest: a slow or silent client
// holds only its own buffer, until its deadline.
void Responder::on_tcp(int fd) {
  Connection& c = conns_.at(fd);
  uint8_t buf[4096];
  ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n <= 0) return close_connection(fd);
  c.in.insert(c.in.end(), buf, buf + n);
  c.deadline = Clock::now() + kIdle;
  while (c.in.size() >= 2) {
    size_t len = static_cast<size_t>(c.in[0] << 8 | c.in[1]);
    if (len == 0) return close_connection(fd);
    if (c.in.size() < 2 + len) return;
    std::vector<uint8_t> msg(c.in.begin() + 2, c.in.begin() + 2 + static_cast<long>(len));
    c.in.erase(c.in.begin(), c.in.begin() + 2 + static_cast<long>(len));
    size_t net = c.net;
    answer(msg, net, fd, true, Address{});
    if (!conns_.count(fd)) return;  // closed on the way
  }
}

void Responder::close_connection(int fd) {
  std::erase_if(forwards_, [&](const Forward& f) { return f.tcp && f.reply_fd == fd; });
  conns_.erase(fd);
}

void Responder::on_accept(int listener) {
  base::UniqueFd fd{::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK)};
  if (!fd) return;
  if (conns_.size() >= kMaxConnections) {
    // The one closest to its deadline makes room.
    auto oldest = std::min_element(conns_.begin(), conns_.end(),
                                   [](const auto& a, const auto& b) { return a.second.deadline < b.second.deadline; });
    close_connection(oldest->first);
  }
  int key = fd.get();
  conns_[key] = Connection{std::move(fd), net_of_[listener], {}, Clock::now() + kIdle};
}

// Ends when no container is left, unless someone is starting one (it holds
// the lock) or the records changed meanwhile.
bool Responder::try_end() {
  // Its state gone altogether (the run root removed): nothing to serve.
  if (!base::read_file(paths_.dir() + "/generation")) return true;
  if (!table_.empty()) return false;
  auto lock = base::FileLock::try_acquire(paths_.dir() + "/lock");
  if (!lock) return false;
  long now = std::atol(base::read_file(paths_.dir() + "/generation").value_or("0").c_str());
  if (now != generation_) return false;
  base::remove_file(paths_.dir() + "/pid");
  return true;
}

int Responder::run() {
  sigset_t set;
  ::sigemptyset(&set);
  for (int sig : {SIGHUP, SIGTERM, SIGINT}) ::sigaddset(&set, sig);
  ::sigprocmask(SIG_BLOCK, &set, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  base::UniqueFd signals{::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK)};
  base::ensure_dir(paths_.dir(), 0700);
  base::write_file_atomic(paths_.dir() + "/pid", base::ProcessId::self().text() + "\n", 0600, false);
  reload();
  while (!try_end()) {
    std::vector<pollfd> fds = {{signals.get(), POLLIN, 0}};
    for (const auto& l : listeners_) fds.push_back({l.fd.get(), POLLIN, 0});
    for (const auto& [fd, c] : conns_) fds.push_back({fd, POLLIN, 0});
    size_t first_forward = fds.size();
    for (const auto& f : forwards_) fds.push_back({f.upstream.get(), POLLIN, 0});
    // With nothing left to serve it ends as soon as no one holds the lock;
    // idle, it reads the state again now and then, so that a container
    // whose monitor died without a word leaves it too.
    bool waiting = !forwards_.empty() || !conns_.empty();
    int timeout = !waiting && !table_.empty() ? 10000 : 100;
    int ready = ::poll(fds.data(), fds.size(), timeout);
    if (ready < 0 && errno != EINTR) return 1;
    if (ready == 0 && !waiting && !table_.empty()) {
      reload();
      continue;
    }
    if (fds[0].revents) {
      signalfd_siginfo si;
      bool end = false, hup = false;
      while (::read(signals.get(), &si, sizeof si) == sizeof si) (si.ssi_signo == SIGHUP ? hup : end) = true;
      if (end) {
        base::remove_file(paths_.dir() + "/pid");
        return 0;
      }
      if (hup) reload();
      continue;  // the listeners may have changed
    }
    for (size_t i = first_forward; i < fds.size(); ++i) {
      if (fds[i].revents) on_upstream(fds[i].fd);
    }
    expire();
    for (size_t i = 1; i < first_forward; ++i) {
      if (fds[i].revents) on_ready(fds[i].fd);
    }
  }
  return 0;
}

// Forwards that got no answer in time go to the next server; idle
// connections are closed.
void Responder::expire() {
  auto now = Clock::now();
  for (size_t i = forwards_.size(); i-- > 0;) {
    if (forwards_[i].deadline > now) continue;
    Forward f = std::move(forwards_[i]);
    forwards_.erase(forwards_.begin() + static_cast<long>(i));
    forward(std::move(f.query), f.servers, f.server + 1, f.reply_fd, f.tcp, f.client);
  }
  std::vector<int> idle;
  for (const auto& [fd, c] : conns_) {
    if (c.deadline <= now) idle.push_back(fd);
  }
  for (int fd : idle) close_connection(fd);
}

// A listener or a TCP connection with something to read.
void Responder::on_ready(int fd) {
  auto l = std::find_if(listeners_.begin(), listeners_.end(), [&](const Listener& x) { return x.fd.get() == fd; });
  if (l == listeners_.end()) {
    if (conns_.count(fd)) on_tcp(fd);
    return;
  }
  if (l->type == SOCK_STREAM) return on_accept(fd);
  std::vector<uint8_t> msg(4096);
  Address client;
  client.len = sizeof client.sa;
  ssize_t n = ::recvfrom(fd, msg.data(), msg.size(), MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&client.sa), &client.len);
  if (n <= 0) return;
  msg.resize(static_cast<size_t>(n));
  answer(msg, net_of_[fd], fd, false, client);
}

}  // namespace

int dns_main(int argc, char** argv) {
  DnsPaths paths;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--root") paths.root = argv[i + 1];
    else if (a == "--runroot") paths.runroot = argv[i + 1];
    else if (a == "--network-config-dir") paths.network_config_dir = argv[i + 1];
  }
  if (paths.root.empty() || paths.runroot.empty() || paths.network_config_dir.empty()) {
    std::fprintf(stderr, "warren-dns is started by warren, not by hand\n");
    return 125;
  }
  return Responder(paths).run();
}

}  // namespace dns
