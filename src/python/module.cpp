// The Python module's entry point: `import panopticon` loads this library
// (panopticon/_panopticon*.so) through python/panopticon/__init__.py.
#include <pybind11/pybind11.h>

#include "panopticon/version.hpp"
#include "python/bindings.hpp"

PYBIND11_MODULE(_panopticon, m) {
  m.doc() = "Panopticon's simulations, experiments and worlds, from Python.";
  m.attr("__version__") = panopticon::kVersion;
  panopticon::python::bind_errors(m);
  panopticon::python::bind_simulation(m);
  panopticon::python::bind_experiments(m);
}
