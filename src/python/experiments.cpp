// compare(), sweep(), sensitivity() and world() from Python. compare runs in
// memory; the others run the command line's own commands (parsed by the
// same CLI11 definitions, so every option is checked as it is there) into
// an output directory, and return its main table as a DataFrame whose
// attrs["directory"] names where the other tables are.
#include <pybind11/stl.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "panopticon/counterfactual.hpp"
#include "panopticon/memory_estimate.hpp"
#include "panopticon/metrics.hpp"
#include "python/bindings.hpp"
#include "sweep_command.hpp"
#include "world_command.hpp"

namespace panopticon::python {

namespace {

// A DataFrame of `rows` (dicts of the same keys, in column order).
py::object frame_of(const py::list& rows) {
  return pandas().attr("DataFrame")(rows);
}

py::object comparison_frame(const CompareResult& result) {
  const auto table = compare_metrics(result);
  py::list rows;
  for (std::size_t w = 0; w < result.windows.size(); ++w) {
    for (std::size_t k = 0; k < metric_specs().size(); ++k) {
      const MetricComparison& c = table[w][k];
      py::dict row;
      row["window"] = result.windows[w].name;
      row["metric"] = metric_specs()[k].name;
      row["pairs"] = c.pairs;
      row["with_mean"] = c.with_mean;
      row["baseline_mean"] = c.baseline_mean;
      row["difference"] = c.difference;
      row["standard_error"] = c.standard_error;
      row["p_value"] = c.p_value;
      row["p_holm"] = c.p_holm;
      row["significant"] = c.significant;
      rows.append(row);
    }
  }
  py::object frame = frame_of(rows);
  frame.attr("attrs")["baseline"] = baseline_label(result.baseline);
  frame.attr("attrs")["replicates"] = result.runs.size();
  return frame;
}

py::object pairs_frame(const CompareResult& result) {
  py::list rows;
  for (std::size_t r = 0; r < result.runs.size(); ++r) {
    const PairedRun& run = result.runs[r];
    for (std::size_t w = 0; w < result.windows.size(); ++w) {
      for (std::size_t k = 0; k < metric_specs().size(); ++k) {
        py::dict row;
        row["replicate"] = r;
        row["seed"] = run.seed;
        row["window"] = result.windows[w].name;
        row["metric"] = metric_specs()[k].name;
        row["with"] = run.with[w][k];
        row["baseline"] = run.baseline[w][k];
        row["difference"] = paired_difference(run.with[w][k], run.baseline[w][k]);
        rows.append(row);
      }
    }
  }
  return frame_of(rows);
}

std::vector<std::string> names_from(const py::object& names, const char* what) {
  if (py::isinstance<py::str>(names)) return parse_without(names.cast<std::string>());
  std::vector<std::string> out;
  for (const py::handle n : names) {
    if (!py::isinstance<py::str>(n)) {
      throw py::type_error(std::string(what) + " takes mechanism names (str), not " +
                           std::string(py::repr(n)));
    }
    out.push_back(n.cast<std::string>());
  }
  std::string list;
  for (const std::string& n : out) list += (list.empty() ? "" : ",") + n;
  return parse_without(list);
}

// Runs `args` (the command line's words after the program's name) through
// the command's CLI11 definitions; CLI11 errors become ScenarioError-like
// ValueErrors with CLI11's message.
template <typename Command, typename Add>
Command parse_command(Add add, const std::vector<std::string>& args) {
  CLI::App app("panopticon");
  Command command;
  add(app, command);
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    throw py::value_error(std::string(e.what()));
  }
  return command;
}

std::string default_directory(const std::string& prefix, const std::string& file) {
  return (std::filesystem::path("output") / (prefix + std::filesystem::path(file).stem().string()))
      .string();
}

py::object read_table(const std::string& directory, const std::string& table) {
  const std::filesystem::path path = std::filesystem::path(directory) / table;
  py::object frame = pandas().attr("read_csv")(path.string());
  frame.attr("attrs")["directory"] = directory;
  return frame;
}

std::string fspath(const py::object& p) {
  return py::str(py::module_::import("os").attr("fspath")(p));
}

}  // namespace

void bind_experiments(py::module_& m) {
  m.def(
      "compare",
      [](const py::object& scenario, const py::object& without, const py::object& against,
         int replicates, std::optional<std::uint64_t> seed, const py::object& overrides,
         bool pairs) {
        if (replicates < 1) {
          throw py::value_error("replicates must be 1 or more, not " + std::to_string(replicates));
        }
        const Scenario s = scenario_from(scenario, seed, overrides);
        CompareOptions options;
        options.replicates = replicates;
        if (without.is_none() == against.is_none()) {
          throw py::value_error(
              "compare() takes exactly one baseline: without=\"all\" (or a list of mechanisms) "
              "or against=another scenario");
        }
        if (!without.is_none()) options.baseline.without = names_from(without, "without");
        if (!against.is_none()) options.baseline.against = scenario_from(against, seed, overrides);
        CompareResult result;
        {
          py::gil_scoped_release release;
          result = run_compare(s, options);
        }
        return pairs ? pairs_frame(result) : comparison_frame(result);
      },
      py::arg("scenario"), py::kw_only(), py::arg("without") = py::none(),
      py::arg("against") = py::none(), py::arg("replicates") = 10, py::arg("seed") = py::none(),
      py::arg("overrides") = py::none(), py::arg("pairs") = false,
      R"doc(A scenario against a baseline on common random numbers, as `panopticon compare`.

without   "all", a comma list, or a list of mechanisms switched off in the baseline
against   another scenario (path or dict) on the same lattice and population
Returns one row per window and metric (with_mean, baseline_mean, difference,
standard_error, p_value, p_holm, significant); pairs=True returns one row per
replicate, window and metric instead.)doc");

  m.def(
      "sweep",
      [](const py::object& plan, const py::object& out, int workers, bool force,
         const std::string& table) {
        if (table != "runs" && table != "points") {
          throw py::value_error("table must be \"runs\" or \"points\", not \"" + table + "\"");
        }
        const std::string path = fspath(plan);
        const std::string directory =
            out.is_none() ? default_directory("sweep-", path) : fspath(out);
        std::vector<std::string> args{"sweep",   path,        "--out",
                                      directory, "--workers", std::to_string(workers)};
        if (force) args.emplace_back("--force");
        const SweepCommand command = parse_command<SweepCommand>(add_sweep_commands, args);
        int status = 0;
        {
          py::gil_scoped_release release;
          status = run_sweep_command(command, FaultInjection{}, available_memory());
        }
        py::object frame = read_table(directory, table + ".csv");
        frame.attr("attrs")["failed_runs"] = status != 0;
        return frame;
      },
      py::arg("plan"), py::kw_only(), py::arg("out") = py::none(), py::arg("workers") = 0,
      py::arg("force") = false, py::arg("table") = "runs",
      R"doc(Runs a sweep plan, as `panopticon sweep PLAN --out OUT`, and returns runs.csv
(table="points": points.csv). A sweep resumes where it stopped; force=True
starts afresh. attrs["directory"] names the output directory (sweep.sqlite
and the other tables), attrs["failed_runs"] whether some runs failed.)doc");

  m.def(
      "sensitivity",
      [](const py::object& plan, const py::object& out, int workers, bool force) {
        const std::string path = fspath(plan);
        const std::string directory =
            out.is_none() ? default_directory("sweep-", path) : fspath(out);
        std::vector<std::string> args{"sensitivity", path,        "--out",
                                      directory,     "--workers", std::to_string(workers)};
        if (force) args.emplace_back("--force");
        const SweepCommand command = parse_command<SweepCommand>(add_sweep_commands, args);
        {
          py::gil_scoped_release release;
          run_sweep_command(command, FaultInjection{}, available_memory());
        }
        return read_table(directory, "sensitivity.csv");
      },
      py::arg("plan"), py::kw_only(), py::arg("out") = py::none(), py::arg("workers") = 0,
      py::arg("force") = false,
      R"doc(Runs a Sobol or Morris plan, as `panopticon sensitivity PLAN`, and returns
sensitivity.csv (SALib's column names: S1, S1_conf, ST, ST_conf, mu_star, sigma).)doc");

  m.def(
      "world",
      [](const py::object& file, const py::object& out, int replicates, int threads, bool baseline,
         const py::object& overrides, bool force, const std::string& table) {
        const std::string path = fspath(file);
        const std::string directory =
            out.is_none() ? default_directory("world-", path) : fspath(out);
        std::vector<std::string> args{"world",        path,
                                      "--out",        directory,
                                      "--replicates", std::to_string(replicates),
                                      "--threads",    std::to_string(threads)};
        if (!baseline) args.emplace_back("--no-baseline");
        if (force) args.emplace_back("--force");
        for (const Override& o : overrides_from(overrides, "overrides")) {
          args.emplace_back("--set");
          args.push_back(o.key + "=" + o.value);
        }
        const WorldCommand command = parse_command<WorldCommand>(add_world_command, args);
        {
          py::gil_scoped_release release;
          run_world_command(command, available_memory());
        }
        return read_table(directory, table);
      },
      py::arg("file"), py::kw_only(), py::arg("out") = py::none(), py::arg("replicates") = 1,
      py::arg("threads") = 0, py::arg("baseline") = true, py::arg("overrides") = py::none(),
      py::arg("force") = false, py::arg("table") = "country_years.csv",
      R"doc(Runs a world of countries, as `panopticon world WORLD --out OUT`, and returns
one of its tables (country_years.csv by default; adoptions.csv, offers.csv,
regions.csv, compare.csv, compare_summary.csv). overrides are the world's
--set TABLE.KEY=VALUE.)doc");
}

}  // namespace panopticon::python
