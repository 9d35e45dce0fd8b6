#include "report_command.hpp"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

// The build sets it to the source tree's scripts/report.py (CMakeLists.txt).
#ifndef PANOPTICON_REPORT_SCRIPT
#error "PANOPTICON_REPORT_SCRIPT must name scripts/report.py (set by CMakeLists.txt)"
#endif

extern char** environ;

namespace panopticon {

namespace {

constexpr int kBadInput = 2;
constexpr const char* kDefaultPython = "/usr/bin/python3";
constexpr const char* kPackages = "python3 python3-matplotlib python3-pandas python3-numpy";

std::string from_environment(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : std::string(fallback);
}

}  // namespace

void add_report_command(CLI::App& app, ReportCommand& command) {
  command.report = app.add_subcommand("report",
                                      "write an offline HTML page with figures of a run, compare, "
                                      "sweep, sensitivity or world output "
                                      "directory");
  command.report->add_option("dir", command.directory, "the output directory")->required();
  command.report->add_option("--out", command.out, "the HTML file (default: DIR/report.html)")
      ->type_name("FILE");
}

int run_report_command(const ReportCommand& command) {
  const std::string python = from_environment("PANOPTICON_PYTHON", kDefaultPython);
  const std::string script = from_environment("PANOPTICON_REPORT_SCRIPT", PANOPTICON_REPORT_SCRIPT);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(script, ec)) {
    fmt::print(stderr,
               "error: {}: the report script is not there; allowed: the source tree's "
               "scripts/report.py, or PANOPTICON_REPORT_SCRIPT set to it\n",
               script);
    return kBadInput;
  }
  const std::string out = command.out.empty()
                              ? (std::filesystem::path(command.directory) / "report.html").string()
                              : command.out;
  // --out=FILE and "--" keep a file or directory whose name starts with '-'
  // from being read as an option.
  std::vector<std::string> arguments = {python, script, "--out=" + out, "--", command.directory};
  std::vector<char*> argv;
  for (std::string& a : arguments) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::fflush(stdout);  // what this process printed comes before the script's lines
  pid_t child = 0;
  // A bare name is looked up on PATH, as a shell would; a path is run as it is.
  const bool bare_name = python.find('/') == std::string::npos;
  const int spawned =
      bare_name ? posix_spawnp(&child, python.c_str(), nullptr, nullptr, argv.data(), environ)
                : posix_spawn(&child, python.c_str(), nullptr, nullptr, argv.data(), environ);
  if (spawned != 0) {
    fmt::print(stderr,
               "error: {}: cannot run it ({}); allowed: Debian's python3 with matplotlib, pandas "
               "and numpy (apt-get install {}; scripts/setup.sh installs them), or "
               "PANOPTICON_PYTHON set to a python3 that has them\n",
               python, std::strerror(spawned), kPackages);
    return kBadInput;
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) {
      fmt::print(stderr, "error: waiting for {} {}: {}\n", python, script, std::strerror(errno));
      return 1;
    }
  }
  if (WIFSIGNALED(status)) {
    fmt::print(stderr, "error: {} {} was killed by signal {} ({})\n", python, script,
               WTERMSIG(status), strsignal(WTERMSIG(status)));
    return 1;
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
  if (code == 0) {
    fmt::print("report: {} (one file; open it in any browser, it needs no network)\n", out);
    return 0;
  }
  // The script said what was wrong on stderr; 2 is bad input, anything
  // else a failure of the script itself.
  if (code == kBadInput) return kBadInput;
  fmt::print(stderr, "error: {} {} failed with exit status {}\n", python, script, code);
  return 1;
}

}  // namespace panopticon
