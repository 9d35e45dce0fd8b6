#include "serve_command.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <pthread.h>
#include <sys/socket.h>

#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include <toml++/toml.h>

#include "panopticon/input_file.hpp"
#include "panopticon/option_number.hpp"
#include "panopticon/run_driver.hpp"
#include "panopticon/scenario.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/viewer_session.hpp"
#include "panopticon/world.hpp"
#include "panopticon/world_viewer_session.hpp"
#include "viewer_assets.hpp"

namespace panopticon {

namespace {

constexpr std::size_t kMostRequestBytes = 16 * 1024;
// Connections served at once, and accepted ones waiting for a worker; past
// these the accepting thread waits, and the kernel's backlog then refuses.
constexpr std::size_t kWorkers = 8;
constexpr std::size_t kMostWaiting = 32;

// httplib's pool with a bound: its own queue grows without one.
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool() {
    for (std::size_t i = 0; i < kWorkers; ++i) workers_.emplace_back([this] { work(); });
  }
  void enqueue(std::function<void()> job) override {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [this] { return jobs_.size() < kMostWaiting || shutdown_; });
    jobs_.push_back(std::move(job));
    lock.unlock();
    ready_.notify_one();
  }
  void shutdown() override {
    {
      const std::scoped_lock lock(mutex_);
      shutdown_ = true;
    }
    ready_.notify_all();
    room_.notify_all();
    for (std::thread& t : workers_) t.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return !jobs_.empty() || shutdown_; });
        if (jobs_.empty()) return;  // shut down, nothing left
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      room_.notify_one();
      job();
    }
  }
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable room_;
  std::deque<std::function<void()>> jobs_;
  bool shutdown_ = false;
  std::vector<std::thread> workers_;
};
constexpr std::size_t kMostValueBytes = 512;

void reply_json(httplib::Response& res, const nlohmann::json& body, int status = 200) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(), "application/json");
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
  reply_json(res, {{"error", message}}, status);
}

// Pages elsewhere must not drive the server: a request must name this
// server as its host (no DNS rebinding), and a change must be JSON (which
// a page of another origin cannot send without the browser asking first).
bool from_this_page(const httplib::Request& req, httplib::Response& res, int port) {
  const std::string host = req.get_header_value("Host");
  if (host != fmt::format("127.0.0.1:{}", port) && host != fmt::format("localhost:{}", port)) {
    reply_error(res, 403, "this server answers requests for 127.0.0.1 and localhost only");
    return false;
  }
  return true;
}

bool json_body(const httplib::Request& req, httplib::Response& res, nlohmann::json& body) {
  if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    reply_error(res, 415, "a change is sent as JSON (Content-Type: application/json)");
    return false;
  }
  body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    reply_error(res, 400, "the body is not a JSON object");
    return false;
  }
  return true;
}

std::optional<std::int64_t> tick_param(const httplib::Request& req, const char* name,
                                       httplib::Response& res) {
  if (!req.has_param(name)) return std::int64_t{-1};
  const std::string text = req.get_param_value(name);
  try {
    std::size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  reply_error(res, 400, fmt::format("{} must be a whole number", name));
  return std::nullopt;
}

// Runs `f`, turning the library's errors into the replies the page shows.
template <typename F>
void guarded(httplib::Response& res, F&& f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    reply_error(res, 400, e.what());
  } catch (const std::invalid_argument& e) {
    reply_error(res, 400, e.what());
  } catch (const std::bad_alloc&) {
    reply_error(res, 500, "out of memory");
  } catch (const std::exception& e) {
    reply_error(res, 500, e.what());
  }
}

// The page's files; `index` is served at "/" too (index.html for a
// scenario, world.html for a world).
void add_files(httplib::Server& server, const std::string& index, const int& port) {
  for (const EmbeddedFile& file : viewer_files()) {
    const auto serve = [&file, &port](const httplib::Request& req, httplib::Response& res) {
      if (!from_this_page(req, res, port)) return;
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_content(std::string(file.body), std::string(file.content_type));
    };
    server.Get(std::string(file.path), serve);
    if (file.path == index) server.Get("/", serve);
  }
}

void add_world_routes(httplib::Server& server, WorldViewerSession& session, const int& port) {
  add_files(server, "/world.html", port);
  server.Get("/api/world/info", [&](const httplib::Request& req, httplib::Response& res) {
    if (!from_this_page(req, res, port)) return;
    guarded(res, [&] { reply_json(res, session.info()); });
  });
  server.Get("/api/world/years", [&](const httplib::Request& req, httplib::Response& res) {
    if (!from_this_page(req, res, port)) return;
    const auto from = tick_param(req, "from", res);
    if (!from) return;
    guarded(res, [&] { reply_json(res, session.years(std::max<std::int64_t>(0, *from))); });
  });
  server.Post("/api/control", [&](const httplib::Request& req, httplib::Response& res) {
    nlohmann::json body;
    if (!from_this_page(req, res, port) || !json_body(req, res, body)) return;
    guarded(res, [&] { reply_json(res, session.control(body)); });
  });
}

void add_routes(httplib::Server& server, ViewerSession& session, const int& port) {
  add_files(server, "/index.html", port);
  server.Get("/api/info", [&](const httplib::Request& req, httplib::Response& res) {
    if (!from_this_page(req, res, port)) return;
    guarded(res, [&] { reply_json(res, session.info()); });
  });
  server.Get("/api/frame", [&](const httplib::Request& req, httplib::Response& res) {
    if (!from_this_page(req, res, port)) return;
    const auto have = tick_param(req, "have", res);
    if (!have) return;
    guarded(res, [&] {
      std::optional<std::string> frame = session.frame(*have);
      res.set_header("Cache-Control", "no-store");
      if (!frame) {
        res.status = 204;
        return;
      }
      res.set_content(std::move(*frame), "application/octet-stream");
    });
  });
  server.Get("/api/series", [&](const httplib::Request& req, httplib::Response& res) {
    if (!from_this_page(req, res, port)) return;
    const auto from = tick_param(req, "from", res);
    if (!from) return;
    guarded(res, [&] { reply_json(res, session.series(std::max<std::int64_t>(0, *from))); });
  });
  server.Post("/api/control", [&](const httplib::Request& req, httplib::Response& res) {
    nlohmann::json body;
    if (!from_this_page(req, res, port) || !json_body(req, res, body)) return;
    guarded(res, [&] { reply_json(res, session.control(body)); });
  });
  server.Post("/api/parameter", [&](const httplib::Request& req, httplib::Response& res) {
    nlohmann::json body;
    if (!from_this_page(req, res, port) || !json_body(req, res, body)) return;
    guarded(res, [&] {
      if (!body.contains("key") || !body["key"].is_string() || !body.contains("value")) {
        throw std::invalid_argument(
            "a parameter is {\"key\": \"section.key\", \"value\": \"...\"}");
      }
      const nlohmann::json& v = body["value"];
      const std::string value = v.is_string() ? v.get<std::string>() : v.dump();
      if (value.size() > kMostValueBytes || body["key"].get<std::string>().size() > 200) {
        throw std::invalid_argument(
            fmt::format("a key or value longer than {} bytes", kMostValueBytes));
      }
      reply_json(res, session.set_parameter(body["key"].get<std::string>(), value));
    });
  });
  server.Post("/api/mechanism", [&](const httplib::Request& req, httplib::Response& res) {
    nlohmann::json body;
    if (!from_this_page(req, res, port) || !json_body(req, res, body)) return;
    guarded(res, [&] {
      if (!body.contains("name") || !body["name"].is_string() || !body.contains("on") ||
          !body["on"].is_boolean()) {
        throw std::invalid_argument("a mechanism is {\"name\": \"cameras\", \"on\": true}");
      }
      reply_json(res,
                 session.set_mechanism(body["name"].get<std::string>(), body["on"].get<bool>()));
    });
  });
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 404) {
      reply_error(res, 404,
                  "no page " + nlohmann::json(req.path).dump() +
                      "; this server has /, its files and /api/info, /api/frame, /api/series, "
                      "/api/control, /api/parameter, /api/mechanism (docs/viewer.md)");
    } else {
      reply_error(res, res.status, fmt::format("status {}", res.status));
    }
  });
}

}  // namespace

void add_serve_command(CLI::App& app, ServeCommand& c) {
  c.serve = app.add_subcommand(
      "serve", "the live viewer: a scenario, or a world, in a web page on 127.0.0.1");
  c.serve
      ->add_option("scenario", c.scenario,
                   "scenario file (TOML), or a world file (one with a [world] table)")
      ->required();
  c.serve->add_option("--port", c.port, "the port on 127.0.0.1 (0: any free one; default 8765)")
      ->check(CLI::Range(0, 65535));
  c.serve->add_option("--set", c.sets, "override a parameter: section.key=value (repeatable)");
  c.serve->add_option("--seed", c.seed, "model.seed (a world's world.seed)");
  c.serve->add_flag("--no-layer", c.no_layer,
                    "run the scenario as its file says, without forcing the compliance layer on: "
                    "plain Model I runs faster, and no mechanism can then be switched on");
  c.serve->add_option("--threads", c.threads,
                      "a world's countries side by side (default 0: one per core)");
  c.serve->add_option("--frame-side", c.frame_side,
                      "the longest side of a frame in pixels: larger lattices are downsampled "
                      "by blocks (default 500)");
}

namespace {

// Whether `path` is a world file (a top-level [world] table) rather than a
// scenario. Anything unreadable is left to load_scenario's messages.
bool is_world_file(const std::string& path) {
  try {
    const std::string text = read_input_file(path, "scenario or world file", kMostWorldFileBytes);
    const toml::table table = toml::parse(text, path);
    return table.contains("world");
  } catch (const std::exception&) {
    return false;
  }
}

// Listens on 127.0.0.1 until SIGINT or SIGTERM; `add` adds the routes
// (given the port, which is known once bound).
template <typename Add>
void serve(const std::string& what, int wanted_port, Add add) {
  httplib::Server server;
  server.set_payload_max_length(kMostRequestBytes);
  server.new_task_queue = [] { return new BoundedPool(); };
  // A client that stalls holds a worker for seconds at most.
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_keep_alive_timeout(5);
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a
  // second server on the same port would share this one's requests.
  server.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  int port = wanted_port;
  add(server, port);
  if (port == 0) {
    port = server.bind_to_any_port("127.0.0.1");
  } else if (!server.bind_to_port("127.0.0.1", port)) {
    port = -1;
  }
  if (port <= 0) {
    throw ScenarioError(SourcePlace{"--port", 0, 0}, "--port", std::to_string(wanted_port),
                        "cannot listen on 127.0.0.1 at this port (in use, or not allowed)",
                        "a free port from 1024 to 65535, or 0 for any free one");
  }
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  std::thread stopper([&server, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  });
  fmt::print("panopticon serve: {} on http://127.0.0.1:{}/ (Ctrl-C stops)\n", what, port);
  std::fflush(stdout);
  server.listen_after_bind();
  // Stopped by a signal: the stopper has returned. Stopped otherwise (the
  // server failed): wake the stopper with one of its signals.
  if (server.is_running()) server.stop();
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
}

void block_stop_signals() {
  // SIGINT and SIGTERM go to serve()'s thread of their own, which stops the
  // server; every other thread (the session's, httplib's) inherits the mask
  // and never sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
}

int serve_world(const ServeCommand& command, const std::optional<MemoryLimit>& memory_limit) {
  std::vector<Override> overrides;
  for (const std::string& set : command.sets) overrides.push_back(parse_override(set));
  if (!command.seed.empty())
    overrides.emplace_back("world.seed", command.seed, "--seed " + command.seed);
  const WorldSpec world = load_world(command.scenario, overrides);
  if (memory_limit) {
    double bytes = 0.0;
    for (std::size_t i = 0; i < world.countries.size(); ++i) {
      bytes += estimate_memory(country_scenario(world, i)).total();
    }
    if (bytes > memory_limit->bytes) {
      throw ScenarioError(
          SourcePlace{command.scenario, 0, 0}, "", "",
          fmt::format("the world's countries need about {} and {} allows {}", format_bytes(bytes),
                      memory_limit->source, format_bytes(memory_limit->bytes)),
          "fewer agents: a larger persons_per_agent, or synthetic.agents");
    }
  }
  const auto threads =
      static_cast<int>(parse_option_integer("--threads", command.threads, 0, 1024));
  block_stop_signals();
  WorldViewerSession session(world, threads);
  serve(world.source + " (a world)", command.port,
        [&](httplib::Server& server, const int& port) { add_world_routes(server, session, port); });
  fmt::print("panopticon serve: stopped before {}\n", session.info()["next_year"].get<int>());
  return 0;
}

}  // namespace

int run_serve_command(const ServeCommand& command, const std::optional<MemoryLimit>& memory_limit) {
  if (is_world_file(command.scenario)) return serve_world(command, memory_limit);
  const Scenario scenario = load_scenario(
      command.scenario,
      collect_overrides(command.sets, std::nullopt,
                        command.seed.empty() ? std::nullopt : std::optional(command.seed)));
  if (memory_limit) check_memory(scenario, *memory_limit);
  const auto side = parse_option_integer("--frame-side", command.frame_side, 16, 4096);
  block_stop_signals();
  ViewerSession session(scenario, static_cast<std::uint32_t>(side), !command.no_layer);
  serve(scenario.source, command.port,
        [&](httplib::Server& server, const int& port) { add_routes(server, session, port); });
  fmt::print("panopticon serve: stopped at tick {}\n", session.info()["tick"].get<std::int64_t>());
  return 0;
}

}  // namespace panopticon
