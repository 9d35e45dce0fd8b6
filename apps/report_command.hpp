#pragma once
// `panopticon report DIR [--out FILE]`: an offline HTML page with figures
// of a run, compare, sweep or sensitivity output directory, drawn by
// scripts/report.py with Debian's python3 and matplotlib.
#include <CLI/CLI.hpp>
#include <string>

namespace panopticon {

struct ReportCommand {
  CLI::App* report = nullptr;
  std::string directory;
  std::string out;  // empty: DIR/report.html
  bool chosen() const { return report != nullptr && report->parsed(); }
};

void add_report_command(CLI::App& app, ReportCommand& command);

// Runs the report script on the directory, without a shell (any path is
// passed as it is), and returns its exit status: 0 written, 2 bad input
// (the script names the file; or no python3, matplotlib, pandas or numpy,
// or no script, which this names), 1 any other failure.
int run_report_command(const ReportCommand& command);

}  // namespace panopticon
