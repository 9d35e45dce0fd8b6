// The library's errors as Python exceptions. Each carries the command line's
// message unchanged, and a ScenarioError also its parts (key, problem,
// allowed, place), so that a notebook can act on them:
//   PanopticonError(Exception)
//     ScenarioError(PanopticonError, ValueError)   a scenario, plan or world
//     CheckpointError(PanopticonError)             a checkpoint or snapshot
//     InputFileError(PanopticonError, OSError)     a path that is no file to read
//     OutputError(PanopticonError, OSError)        an output directory (locked, full)
//     StoreError(PanopticonError)                  a sweep's results store
// std::bad_alloc stays MemoryError, other library errors RuntimeError.
#include <Python.h>

#include <new>

#include "panopticon/atomic_file.hpp"
#include "panopticon/checkpoint.hpp"
#include "panopticon/input_file.hpp"
#include "panopticon/output_lock.hpp"
#include "panopticon/result_store.hpp"
#include "panopticon/scenario_error.hpp"
#include "python/bindings.hpp"

namespace panopticon::python {

namespace {

// The exception classes, created once with the module and kept for the
// translator (never freed: the module lives as long as the interpreter).
struct ErrorTypes {
  PyObject* base = nullptr;
  PyObject* scenario = nullptr;
  PyObject* checkpoint = nullptr;
  PyObject* input_file = nullptr;
  PyObject* output = nullptr;
  PyObject* store = nullptr;
};
ErrorTypes& types() {
  static ErrorTypes t;
  return t;
}

PyObject* new_type(py::module_& m, const char* name, py::tuple bases, const char* doc) {
  const std::string qualified = std::string("panopticon.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(type));
  return type;
}

void raise(PyObject* type, const std::exception& e, const py::dict& attributes = {}) {
  py::object error = py::reinterpret_steal<py::object>(PyObject_CallFunction(type, "s", e.what()));
  if (!error) return;  // the call set the error already
  for (const auto& [k, v] : attributes) error.attr(k) = v;
  PyErr_SetObject(type, error.ptr());
}

}  // namespace

void bind_errors(py::module_& m) {
  ErrorTypes& t = types();
  t.base = new_type(m, "PanopticonError", py::make_tuple(py::handle(PyExc_Exception)),
                    "Any error of Panopticon's library; its message is the command line's.");
  const py::handle base(t.base);
  t.scenario = new_type(m, "ScenarioError", py::make_tuple(base, py::handle(PyExc_ValueError)),
                        "A scenario, plan or world that is not allowed: .key, .problem, "
                        ".allowed and .place (file, line, column) say what and where.");
  t.checkpoint = new_type(m, "CheckpointError", py::make_tuple(base),
                          "A checkpoint or snapshot that cannot be read or does not fit.");
  t.input_file = new_type(m, "InputFileError", py::make_tuple(base, py::handle(PyExc_OSError)),
                          "A path that is no regular file within the size allowed (.path).");
  t.output = new_type(m, "OutputError", py::make_tuple(base, py::handle(PyExc_OSError)),
                      "An output directory that another run holds, or a full disk.");
  t.store = new_type(m, "StoreError", py::make_tuple(base),
                     "A sweep's results store (SQLite) that cannot be used.");

  py::register_exception_translator([](std::exception_ptr p) {
    const ErrorTypes& ty = types();
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ScenarioError& e) {
      py::dict a;
      a["key"] = e.key();
      a["problem"] = e.problem();
      a["allowed"] = e.allowed();
      a["place"] = py::make_tuple(e.place().file, e.place().line, e.place().column);
      raise(ty.scenario, e, a);
    } catch (const CheckpointError& e) {
      raise(ty.checkpoint, e);
    } catch (const InputFileError& e) {
      py::dict a;
      a["path"] = e.path().string();
      raise(ty.input_file, e, a);
    } catch (const OutputLockError& e) {
      raise(ty.output, e);
    } catch (const DiskFullError& e) {
      py::dict a;
      a["path"] = e.path().string();
      raise(ty.output, e, a);
    } catch (const StoreError& e) {
      raise(ty.store, e);
    }
  });
}

}  // namespace panopticon::python
