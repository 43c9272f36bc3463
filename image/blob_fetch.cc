// SPDX-License-Identifier: GPL-2.0-or-later
// image/blob_fetch.cc: download threads (one curl handle each) feeding the
// thread that applies layers, through one mutex and condition variable.
#include "image/blob_fetch.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "base/clock.h"
#include "base/digest.h"
#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/log.h"
#include "base/scope.h"
#include "image/image_config.h"
#include "image/layer.h"

namespace image {

namespace {

constexpr size_t kConfigMax = 4 << 20;

// Calls the caller's observer one at a time, from any thread.
class Observer {
 public:
  explicit Observer(const PullObserver& fn) : fn_(fn) {}
  void operator()(PullEvent::Kind kind, const std::string& text, uint64_t done = 0, uint64_t total = 0) {
    if (!fn_) return;
    std::lock_guard lock(mu_);
    fn_({kind, text, done, total});
  }

 private:
  const PullObserver& fn_;
  std::mutex mu_;
};

class Downloads {
 public:
  Downloads(ImageStore& store, const Registry& reg, const std::vector<Descriptor>& layers, const std::string& staging,
            Observer& observe)
      : store_(store), reg_(reg), layers_(layers), staging_(staging), observe_(observe), state_(layers.size()) {}

  ~Downloads() { stop(); }

  // The blobs this pull put in the cache (after the threads are done).
  const std::vector<std::string>& fetched() const { return fetched_; }
  void stop() {
    cancel_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  void start(int parallel) {
    base::ensure_dir(store_.blob_dir(), 0700);
    int n = std::max(1, std::min<int>(parallel, static_cast<int>(layers_.size())));
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { work(); });
  }

  // The cached blob of layer `i`, once it is there; its error if it failed.
  std::string wait(size_t i) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return state_[i].done || state_[i].error; });
    if (state_[i].error) std::rethrow_exception(first_error_ ? first_error_ : state_[i].error);
    return store_.blob_dir() + "/" + layers_[i].digest.substr(7);
  }

 private:
  struct State {
    bool done = false;
    std::exception_ptr error;
  };

  void work() {
    std::unique_ptr<Http> http;
    for (;;) {
      size_t i = next_++;
      if (i >= layers_.size() || cancel_) return;
      std::exception_ptr error;
      try {
        if (!http) {
          TlsConfig tls = reg_.access().tls;
          tls.verify = reg_.access().tls_verify;
          http = std::make_unique<Http>(tls);
        }
        fetch(*http, layers_[i]);
      } catch (...) {
        error = std::current_exception();
        std::lock_guard lock(mu_);
        if (!first_error_ && !cancel_) first_error_ = error;  // the cause, not a "cancelled" it caused
        cancel_ = true;
      }
      {
        std::lock_guard lock(mu_);
        state_[i].done = !error;
        state_[i].error = error;
      }
      cv_.notify_all();
    }
  }

  void fetch(Http& http, const Descriptor& d) {
    const std::string path = store_.blob_dir() + "/" + d.digest.substr(7);
    observe_(PullEvent::Kind::blob, d.digest, 0, static_cast<uint64_t>(d.size));
    if (::access(path.c_str(), F_OK) == 0) {
      // Checked when it came; the diff id check covers it again.
      observe_(PullEvent::Kind::blob_done, d.digest, static_cast<uint64_t>(d.size), static_cast<uint64_t>(d.size));
      return;
    }
    std::string tmp = staging_ + "/blob-XXXXXX";
    base::UniqueFd fd{::mkstemp(tmp.data())};
    if (!fd) throw base::sys_error(errno, "create a file in {}", staging_);
    auto rm = base::defer([&] { ::unlink(tmp.c_str()); });
    base::Sha256 hash;
    uint64_t got = 0, shown = 0;
    Sink sink = [&](std::string_view data) {
      if (cancel_) throw base::error("cancelled");
      got += data.size();
      if (d.size > 0 && got > static_cast<uint64_t>(d.size)) {
        throw base::error("fetching blob {}: the registry sent more than the {} bytes the manifest gives", d.digest, d.size);
      }
      hash.update(data);
      if (!base::write_all(fd.get(), data)) throw base::sys_error(errno, "write blob {}", d.digest);
      if (got - shown >= (1 << 20)) {
        shown = got;
        observe_(PullEvent::Kind::progress, d.digest, got, static_cast<uint64_t>(d.size));
      }
    };
    reg_.blob(http, d.digest, sink);
    std::string actual = "sha256:" + hash.hex();
    if (actual != d.digest) throw base::error("fetching blob {}: digest did not match: got {}", d.digest, actual);
    if (d.size > 0 && got != static_cast<uint64_t>(d.size)) {
      throw base::error("fetching blob {}: {} bytes, the manifest gives {}", d.digest, got, d.size);
    }
    if (::rename(tmp.c_str(), path.c_str()) < 0) throw base::sys_error(errno, "store blob {}", d.digest);
    rm.dismiss();
    {
      std::lock_guard lock(mu_);
      fetched_.push_back(d.digest.substr(7));
    }
    observe_(PullEvent::Kind::blob_done, d.digest, got, got);
  }

  ImageStore& store_;
  const Registry& reg_;
  const std::vector<Descriptor>& layers_;
  std::string staging_;
  Observer& observe_;
  std::vector<State> state_;
  std::vector<std::thread> threads_;
  std::vector<std::string> fetched_;
  std::exception_ptr first_error_;
  std::atomic<size_t> next_{0};
  std::atomic<bool> cancel_{false};
  std::mutex mu_;
  std::condition_variable cv_;
};

std::string fetch_config(Registry& reg, const Descriptor& d) {
  std::string json;
  base::Sha256 hash;
  Sink sink = [&](std::string_view data) {
    if (json.size() + data.size() > kConfigMax) throw base::error("fetching config {}: larger than {} bytes", d.digest, kConfigMax);
    json.append(data);
    hash.update(data);
  };
  reg.blob(reg.http(), d.digest, sink);
  std::string actual = "sha256:" + hash.hex();
  if (actual != d.digest) throw base::error("fetching config {}: digest did not match: got {}", d.digest, actual);
  return json;
}

}  // namespace

std::string fetch_image(ImageStore& store, Registry& reg, const Manifest& m, NewImage img, const PullOptions& o) {
  Observer observe(o.observe);
  observe(PullEvent::Kind::signatures, "");
  img.config_json = fetch_config(reg, m.config);
  ImageConfig cfg = parse_config_json(img.config_json);
  if (cfg.diff_ids.size() != m.layers.size()) {
    throw base::error("config {} names {} layers, the manifest {}", m.config.digest, cfg.diff_ids.size(), m.layers.size());
  }
  std::string staging = store.staging_dir();
  auto undo = base::on_failure([&] { base::remove_tree(staging); });
  base::ensure_dir(staging + "/rootfs", 0755);
  Downloads downloads(store, reg, m.layers, staging, observe);
  // Nothing stays of a pull that fails: not even the blobs that checked out.
  auto drop = base::on_failure([&] {
    downloads.stop();
    store.drop_blobs(downloads.fetched());
  });
  {
    downloads.start(o.parallel);
    for (size_t i = 0; i < m.layers.size(); ++i) {
      const std::string what = "layer " + m.layers[i].digest;
      base::UniqueFd fd{::open(downloads.wait(i).c_str(), O_RDONLY | O_CLOEXEC)};
      if (!fd) throw base::sys_error(errno, "open {}", what);
      LayerInfo info = apply_layer(fd.get(), what, staging + "/rootfs", store.owners());
      if (info.diff_id != cfg.diff_ids[i]) {
        throw base::error("{}: diff ID mismatch: the config says {}, the layer unpacks to {}", what, cfg.diff_ids[i], info.diff_id);
      }
      img.size += info.size;
      img.layer_sizes.push_back(info.size);
    }
    downloads.stop();
  }
  observe(PullEvent::Kind::config, m.config.digest);
  observe(PullEvent::Kind::manifest, "");
  if (cfg.architecture != o.platform.architecture || cfg.os != o.platform.os) {
    // Podman's words, Go's struct printing and all.
    observe(PullEvent::Kind::warning, fmt::format("image platform ({{{} {}  [] }}) does not match the expected platform ({{{} {}  [] {}}})",
                                                  cfg.architecture, cfg.os, o.platform.architecture, o.platform.os, o.platform.variant));
  }
  img.created = cfg.created.empty() ? base::rfc3339_now() : cfg.created;
  std::string id = store.commit(staging, img);
  undo.dismiss();
  drop.dismiss();
  return id;
}

}  // namespace image
