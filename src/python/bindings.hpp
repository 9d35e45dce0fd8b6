#pragma once
// The Python module `panopticon` (pybind11): one binding per concept, all
// registered by module.cpp. The module is a thin layer over the query API
// (model.hpp) and the experiments' library functions: every check, every
// message and every number is the command line's.
#include <pybind11/pybind11.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "panopticon/scenario.hpp"

namespace panopticon::python {

namespace py = pybind11;

// The library's errors as Python exceptions (panopticon.ScenarioError, ...),
// with the command line's messages (errors.cpp).
void bind_errors(py::module_& m);
// panopticon.Simulation and panopticon.Snapshot (simulation.cpp).
void bind_simulation(py::module_& m);
// compare(), sweep(), sensitivity() and world() (experiments.cpp).
void bind_experiments(py::module_& m);

// A scenario from a path (str or os.PathLike) or a dict of tables, with a
// seed (model.seed) and overrides ({"key": value}) applied as --set is;
// throws ScenarioError, or TypeError for another kind of argument
// (scenario_input.cpp).
Scenario scenario_from(py::handle source, const std::optional<std::uint64_t>& seed,
                       const py::object& overrides);
// {"section.key": value, ...} as overrides, each value written as TOML text
// (True as true, "x" as "x", [1, 2] as [1, 2]); `origin` names them in
// messages ("overrides", "adopt(cameras)").
std::vector<Override> overrides_from(const py::object& overrides, const std::string& origin,
                                     const std::string& prefix = {});
// One Python value as TOML value text; TypeError naming `key` for a value
// TOML cannot hold.
std::string toml_value_text(py::handle value, const std::string& key);

// The pandas module (imported once it is first needed).
py::module_ pandas();

}  // namespace panopticon::python
