// SPDX-License-Identifier: GPL-2.0-or-later
// store/container_store.cc: container records as JSON files.
#include "store/container_store.h"

#include <dirent.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/file.h"
#include "base/order.h"
#include "base/random.h"
#include "base/scope.h"
#include "store/container_json.h"
#include "store/names.h"

namespace store {

namespace {

// An empty file at `path`, made if it is not there (invalid on failure, errno set).
base::UniqueFd make_empty(const std::string& path) {
  return base::UniqueFd{::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)};
}

}  // namespace

bool is_full_id(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)); });
}

std::string random_id() {
  uint64_t r[4];
  base::random_bytes(r, sizeof r);
  return fmt::format("{:016x}{:016x}{:016x}{:016x}", r[0], r[1], r[2], r[3]);
}

std::string random_name() {
  // In the style of Podman's (Docker's) generator: an adjective and a scientist.
  static const char* left[] = {
      "admiring", "adoring", "affectionate", "agitated", "amazing", "angry", "awesome", "beautiful", "blissful", "bold",
      "boring", "brave", "busy", "charming", "clever", "cool", "compassionate", "competent", "condescending", "confident",
      "cranky", "crazy", "dazzling", "determined", "distracted", "dreamy", "eager", "ecstatic", "elastic", "elated",
      "elegant", "eloquent", "epic", "exciting", "fervent", "festive", "flamboyant", "focused", "friendly", "frosty",
      "funny", "gallant", "gifted", "goofy", "gracious", "great", "happy", "hardcore", "heuristic", "hopeful", "hungry",
      "infallible", "inspiring", "intelligent", "interesting", "jolly", "jovial", "keen", "kind", "laughing", "loving",
      "lucid", "magical", "modest", "musing", "mystifying", "naughty", "nervous", "nice", "nifty", "nostalgic",
      "objective", "optimistic", "peaceful", "pedantic", "pensive", "practical", "priceless", "quirky", "quizzical",
      "recursing", "relaxed", "reverent", "romantic", "sad", "serene", "sharp", "silly", "sleepy", "stoic", "strange",
      "stupefied", "suspicious", "sweet", "tender", "thirsty", "trusting", "unruffled", "upbeat", "vibrant", "vigilant",
      "vigorous", "wizardly", "wonderful", "xenodochial", "youthful", "zealous", "zen"};
  static const char* right[] = {
      "agnesi", "albattani", "allen", "almeida", "antonelli", "archimedes", "ardinghelli", "aryabhata", "austin",
      "babbage", "banach", "bardeen", "bartik", "bassi", "beaver", "bell", "benz", "bhabha", "bhaskara", "black",
      "blackburn", "blackwell", "bohr", "booth", "borg", "bose", "bouman", "boyd", "brahmagupta", "brattain", "brown",
      "buck", "burnell", "cannon", "carson", "cartwright", "carver", "cerf", "chandrasekhar", "chaplygin", "chatelet",
      "chatterjee", "chebyshev", "cohen", "colden", "cori", "cray", "curie", "curran", "darwin", "davinci", "dewdney",
      "dhawan", "diffie", "dijkstra", "dirac", "driscoll", "dubinsky", "easley", "edison", "einstein", "elbakyan",
      "elgamal", "elion", "ellis", "engelbart", "euclid", "euler", "faraday", "feistel", "fermat", "fermi", "feynman",
      "franklin", "gagarin", "galileo", "galois", "ganguly", "gates", "gauss", "germain", "goldberg", "goldstine",
      "goldwasser", "golick", "goodall", "gould", "greider", "grothendieck", "haibt", "hamilton", "haslett", "hawking",
      "heisenberg", "hellman", "hermann", "herschel", "hertz", "heyrovsky", "hodgkin", "hofstadter", "hoover", "hopper",
      "hugle", "hypatia", "ishizaka", "jackson", "jang", "jemison", "jennings", "jepsen", "johnson", "joliot", "jones",
      "kalam", "kapitsa", "kare", "keldysh", "keller", "kepler", "khayyam", "khorana", "kilby", "kirch", "knuth",
      "kowalevski", "lalande", "lamarr", "lamport", "leakey", "leavitt", "lederberg", "lehmann", "lewin", "lichterman",
      "liskov", "lovelace", "lumiere", "mahavira", "margulis", "matsumoto", "maxwell", "mayer", "mccarthy",
      "mcclintock", "mclaren", "mclean", "mcnulty", "meitner", "mendel", "mendeleev", "meninsky", "merkle", "mestorf",
      "mirzakhani", "montalcini", "moore", "morse", "moser", "murdock", "napier", "nash", "neumann", "newton",
      "nightingale", "nobel", "noether", "northcutt", "noyce", "panini", "pare", "pascal", "pasteur", "payne",
      "perlman", "pike", "poincare", "poitras", "proskuriakova", "ptolemy", "raman", "ramanujan", "rhodes", "ride",
      "ritchie", "robinson", "roentgen", "rosalind", "rubin", "saha", "sammet", "sanderson", "satoshi", "shamir",
      "shannon", "shaw", "shirley", "shockley", "shtern", "sinoussi", "snyder", "solomon", "spence", "stonebraker",
      "sutherland", "swanson", "swartz", "swirles", "taussig", "tesla", "tharp", "thompson", "torvalds", "tu", "turing",
      "varahamihira", "vaughan", "villani", "visvesvaraya", "volhard", "volta", "wescoff", "wilbur", "wiles",
      "williams", "williamson", "wilson", "wing", "wozniak", "wright", "wu", "yalow", "yonath", "zhukovsky"};
  return fmt::format("{}_{}", left[base::random_u64() % std::size(left)], right[base::random_u64() % std::size(right)]);
}

ContainerStore::ContainerStore(const std::string& root, const std::string& runroot, TreeRemover remove_tree)
    : base_root_(root), base_runroot_(runroot), root_(root + "/containers"), runroot_(runroot + "/containers"),
      remove_tree_(remove_tree ? std::move(remove_tree) : TreeRemover([](const std::string& p) { base::remove_tree(p); })) {}

void ContainerStore::rename(ContainerConfig c, const std::string& name) const {
  if (!valid_name(name)) throw base::error("names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
  if (name == c.name) return;
  if (!names().claim(name, c.id)) {
    throw base::error("renaming container {}: name {} already in use, cannot rename container {}: container already exists",
                      c.id, name, c.id);
  }
  auto undo = base::on_failure([&] { names().release(name, c.id); });
  std::string old = c.name;
  c.name = name;
  save_config(c);
  undo.dismiss();
  names().release(old, c.id);
}

Container ContainerStore::create(ContainerConfig c, bool durable) {
  if (!c.name.empty() && !valid_name(c.name)) {
    throw base::error("running container create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
  }
  base::ensure_dir(root_, 0700);
  base::ensure_dir(runroot_, 0700);
  if (c.id.empty()) c.id = random_id();
  // Held until the record is whole: a create killed midway leaves what a
  // later command sweeps (sweep_unfinished), never what it sweeps meanwhile.
  base::ensure_dir(runroot_ + "/.locks", 0700);
  base::FileLock making = base::FileLock::acquire(lock_path(c.id));
  bool random = c.name.empty();
  for (int tries = 0;; ++tries) {
    // After a few collisions, a digit on the end, as Podman's generator does.
    if (random) c.name = random_name() + (tries >= 5 ? std::to_string(base::random_u64() % 10) : "");
    if (names().claim(c.name, c.id)) break;
    if (!random || tries > 100) {
      auto holder = names().id_of(c.name).value_or("another container");
      throw base::error("creating container storage: the container name \"{}\" is already in use by {}. You have to "
                        "remove that container to be able to reuse that name: that name is already in use",
                        c.name, holder);
    }
  }
  auto undo = base::on_failure([&] {
    names().release(c.name, c.id);
    remove(c.id);
  });
  c.created = base::rfc3339_now();
  if (c.hostname.empty()) c.hostname = c.id.substr(0, 12);
  base::ensure_dir(dir(c.id), 0700);
  base::ensure_dir(run_dir(c.id), 0700);
  // A --rm container is gone after a crash anyway: its record need not
  // wait for the disk (an fsync of the file and its directory, 1-2 ms).
  base::write_file_atomic(dir(c.id) + "/config.json", config_json(c), 0600, durable && !c.remove);
  ContainerState s;
  save_state(c.id, s);
  undo.dismiss();
  return {c, s};
}

bool ContainerStore::make_durable(const std::string& id) const { return base::make_durable(dir(id) + "/config.json"); }

std::optional<Container> ContainerStore::load(const std::string& id, const Prefilter& maybe) const {
  std::vector<Container> one;
  if (!load_into(id, maybe, one)) return std::nullopt;
  return std::move(one.front());
}

bool ContainerStore::load_into(const std::string& id, const Prefilter& maybe, std::vector<Container>& out) const {
  try {
    // The state is read first when it decides, else only once the
    // config's text has (or to tell an unfinished record).
    std::optional<std::string> st;
    bool st_read = false;
    auto state_text = [&]() -> const std::optional<std::string>& {
      if (!st_read) st = base::read_file(run_dir(id) + "/state.json");
      st_read = true;
      return st;
    };
    auto read_state = [&] { return state_text() ? parse_state(*st) : ContainerState{"exited"}; };
    std::optional<ContainerState> state;
    if (maybe.state) {
      state = read_state();
      if (!maybe.state(*state)) return false;
    }
    auto cfg = base::read_file(dir(id) + "/config.json");
    if (!cfg && !state_text()) sweep_unfinished(id);
    if (!cfg || (maybe.text && !maybe.text(*cfg))) return false;
    if (!state) state = read_state();
    Container& c = out.emplace_back();
    auto drop = base::on_failure([&] { out.pop_back(); });
    if (maybe.listing) parse_listing(*cfg, c.config);
    else parse_config(*cfg, c.config);
    c.state = std::move(*state);
    drop.dismiss();
    return true;
  } catch (base::Error& e) {
    e.wrap("read container {}", id);
    throw;
  }
}

void ContainerStore::sweep_unfinished(const std::string& id) const {
  std::optional<base::FileLock> held;
  try {
    held = base::FileLock::try_acquire(lock_path(id));
  } catch (const base::Error&) {
    return;  // no lock dir: nothing was ever made here
  }
  if (!held || ::access((dir(id) + "/config.json").c_str(), F_OK) == 0) return;
  names().release_all(id);
  remove_tree_(dir(id));
  base::remove_tree(run_dir(id));
  ::unlink(lock_path(id).c_str());
}

std::vector<std::string> ContainerStore::ids() const {
  std::vector<std::string> out;
  DIR* d = ::opendir(root_.c_str());
  if (!d) return out;
  auto close = base::defer([&] { ::closedir(d); });
  while (dirent* e = ::readdir(d)) {
    std::string id = e->d_name;
    if (id.size() == 64) out.push_back(id);
  }
  return out;
}

std::vector<Container> ContainerStore::list(const Prefilter& maybe) const {
  auto indexed = maybe.running ? running_ids() : std::nullopt;
  bool scanned = !indexed;
  auto all = indexed ? std::move(*indexed) : ids();
  std::vector<Container> loaded;
  loaded.reserve(all.size());
  for (const auto& id : all) load_into(id, maybe, loaded);
  if (maybe.running && scanned) complete_running_index(loaded);
  base::sort_large(loaded, [](const Container& a, const Container& b) { return a.config.created < b.config.created; });
  return loaded;
}

std::optional<Container> ContainerStore::latest() const {
  auto all = list();
  if (all.empty()) return std::nullopt;
  return all.back();
}

// As Podman looks: the full id, then the name, then a unique id prefix.
std::optional<Container> ContainerStore::find(const std::string& name_or_id) const {
  if (name_or_id.empty()) return std::nullopt;
  bool hex = std::all_of(name_or_id.begin(), name_or_id.end(), [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)); });
  if (is_full_id(name_or_id)) {
    if (auto c = load(name_or_id)) return c;
  }
  if (auto id = names().id_of(name_or_id)) {
    if (auto c = load(*id)) return c;
  }
  if (!hex) return std::nullopt;
  std::optional<std::string> hit;
  for (const auto& id : ids()) {
    if (!id.starts_with(name_or_id)) continue;
    if (hit) throw base::error("more than one result for container \"{}\"", name_or_id);
    hit = id;
  }
  return hit ? load(*hit) : std::nullopt;
}

Container ContainerStore::get(const std::string& name_or_id) const {
  auto c = find(name_or_id);
  if (!c) throw base::error("no container with name or ID \"{}\" found: no such container", name_or_id);
  return *c;
}

void ContainerStore::save_config(const ContainerConfig& c) const {
  base::write_file_atomic(dir(c.id) + "/config.json", config_json(c), 0600, !c.remove);
}

void ContainerStore::save_state(const std::string& id, const ContainerState& s) const {
  base::ensure_dir(run_dir(id), 0700);
  bool running = s.status == "running" || s.status == "initialized";
  if (running) index_running(id, true);  // first: the index names at least every running record
  base::write_file_atomic(run_dir(id) + "/state.json", state_json(s), 0600, false);
  if (!running) index_running(id, false);
}

void ContainerStore::index_running(const std::string& id, bool running) const {
  std::string entry = running_index() + "/" + id;
  if (!running) {
    ::unlink(entry.c_str());
    return;
  }
  base::UniqueFd made = make_empty(entry);
  if (!made && errno == ENOENT) {
    base::ensure_dir(running_index(), 0700);
    made = make_empty(entry);
  }
  if (!made) throw base::sys_error(errno, "create {}", entry);
}

std::optional<std::vector<std::string>> ContainerStore::running_ids() const {
  DIR* d = ::opendir(running_index().c_str());
  if (!d) return std::nullopt;
  auto close = base::defer([&] { ::closedir(d); });
  std::vector<std::string> out;
  bool complete = false;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == ".complete") complete = true;
    if (name.size() == 64) out.push_back(std::move(name));
  }
  if (!complete) return std::nullopt;
  return out;
}

// After a full scan for the running records: each indexed, then the
// index said complete. (One that started meanwhile indexed itself; one
// that ended meanwhile may stay named: the index may name more.)
void ContainerStore::complete_running_index(const std::vector<Container>& running) const {
  try {
    for (const auto& c : running) index_running(c.config.id, true);
    base::ensure_dir(running_index(), 0700);  // none running: the index is empty, and complete
    make_empty(running_index() + "/.complete");
  } catch (const base::Error&) {
    // Not writable here: the next listing scans again.
  }
}

void ContainerStore::remove(const std::string& id) const {
  if (auto c = load(id)) names().release(c->config.name, id);
  index_running(id, false);
  remove_tree_(dir(id));
  base::remove_tree(run_dir(id));
  // A command waiting on the lock finds no record once it has it.
  ::unlink(lock_path(id).c_str());
}

void ContainerStore::retire(const ContainerConfig& c) const {
  const std::string& id = c.id;
  names().release(c.name, id);
  ::unlink(lock_path(id).c_str());
  index_running(id, false);
  // Out of every view at once: one rename per root.
  for (const auto& [from, bin] : {std::pair{dir(id), root_ + "/.trash"}, {run_dir(id), runroot_ + "/.trash"}}) {
    base::ensure_dir(bin, 0700);
    if (::rename(from.c_str(), (bin + "/" + id).c_str()) < 0 && errno != ENOENT) {
      base::remove_tree(from);  // cannot be moved: remove it here and now
    }
  }
}

void ContainerStore::purge_trash() const {
  // What is in the bins, not the bins: the next rm renames into them again.
  for (const auto& bin : {root_ + "/.trash", runroot_ + "/.trash"}) {
    DIR* d = ::opendir(bin.c_str());
    if (!d) continue;
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      try {
        remove_tree_(bin + "/" + name);
      } catch (...) {
        // A concurrent purge may be removing the same entries; the next one finishes.
      }
    }
    ::closedir(d);
  }
}

bool ContainerStore::monitor_lost(const ContainerState& s) {
  return (s.status == "running" || s.status == "initialized") && !monitor_of(s).alive();
}

ContainerState ContainerStore::live_state(const Container& c) const {
  ContainerState s = c.state;
  if (monitor_lost(s)) {
    s.status = "exited";
    s.exit_code = 137;
  }
  return s;
}

base::FileLock ContainerStore::lock(const std::string& id) const {
  base::ensure_dir(runroot_ + "/.locks", 0700);
  base::FileLock held = base::FileLock::acquire(lock_path(id));
  base::sweep_temp_files(dir(id));
  base::sweep_temp_files(run_dir(id));
  return held;
}

}  // namespace store
