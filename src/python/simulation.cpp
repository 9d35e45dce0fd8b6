// panopticon.Simulation: one model (model.hpp) stepped, queried and changed
// from Python. Stepping releases the GIL, so that threads can step several
// simulations at once; one simulation is used by one thread at a time (a
// call while another thread steps it raises RuntimeError rather than wait
// or race). Columns are numpy views of the engine's storage where it is
// stored per citizen id, read-only, and keep that storage alive: a view
// shows the model as it steps, and after its mechanism is switched off
// still holds the last values, never freed memory.
#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "panopticon/agent_state.hpp"
#include "panopticon/memory_estimate.hpp"
#include "panopticon/model.hpp"
#include "python/bindings.hpp"

namespace panopticon::python {

namespace {

class Simulation;

// Raises RuntimeError when another thread is using the simulation.
class Exclusive {
 public:
  explicit Exclusive(std::mutex& m) : lock_(m, std::try_to_lock) {
    if (!lock_.owns_lock()) {
      throw std::runtime_error(
          "this Simulation is being stepped by another thread; use one Simulation per thread "
          "(clone() makes an independent one)");
    }
  }

 private:
  std::unique_lock<std::mutex> lock_;
};

struct Event {
  std::int64_t tick = 0;  // the first tick the change is in force
  std::string text;
};

class Simulation {
 public:
  explicit Simulation(std::shared_ptr<Model> model) : model_(std::move(model)) {}

  static Simulation from_scenario(const Scenario& scenario) {
    // The command line's check: refuse up front what would not fit.
    if (const auto limit = available_memory()) check_memory(scenario, *limit);
    return Simulation(make_model(scenario));
  }

  Model& model() { return *model_; }
  const Model& model() const { return *model_; }
  const std::shared_ptr<Model>& shared() const { return model_; }
  std::mutex& busy() const { return *busy_; }
  std::vector<Event>& events() { return events_; }

  void step(std::int64_t ticks) {
    if (ticks < 0)
      throw py::value_error("step(n): n must be 0 or more, not " + std::to_string(ticks));
    Exclusive e(busy());
    for (std::int64_t i = 0; i < ticks; ++i) {
      {
        py::gil_scoped_release release;
        model_->step();
      }
      // Ctrl-C in a notebook stops between two ticks.
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    }
  }

  void run(const std::optional<std::int64_t>& ticks) {
    const std::int64_t n =
        ticks ? *ticks : std::max<std::int64_t>(0, model_->scenario().steps - model_->tick());
    step(n);
  }

 private:
  std::shared_ptr<Model> model_;
  std::shared_ptr<std::mutex> busy_ = std::make_shared<std::mutex>();
  std::vector<Event> events_;
};

py::dtype dtype_of(ColumnType type) {
  switch (type) {
    case ColumnType::kU8:
    case ColumnType::kState:
      return py::dtype::of<std::uint8_t>();
    case ColumnType::kI32:
      return py::dtype::of<std::int32_t>();
    case ColumnType::kU32:
      return py::dtype::of<std::uint32_t>();
    case ColumnType::kF32:
      return py::dtype::of<float>();
    case ColumnType::kF64:
      return py::dtype::of<double>();
  }
  throw std::logic_error("a column type without a numpy dtype");
}

const char* scope_name(ColumnScope scope) {
  return scope == ColumnScope::kCitizen ? "citizen" : "cell";
}

// A read-only array over `data`, whose base keeps the model and the
// column's storage alive.
py::array column_array(const std::shared_ptr<Model>& model, ColumnData data) {
  struct Keep {
    std::shared_ptr<Model> model;
    ColumnData data;
  };
  auto* keep = new Keep{model, std::move(data)};
  const py::capsule base(keep, [](void* p) { delete static_cast<Keep*>(p); });
  const ColumnData& d = keep->data;
  py::array out(dtype_of(d.type()), {static_cast<py::ssize_t>(d.size())},
                {static_cast<py::ssize_t>(bytes_of(d.type()))}, d.data(), base);
  out.attr("setflags")(py::arg("write") = false);
  return out;
}

py::dict counts_of(const Model& m) {
  const TickCounts& c = m.counts();
  py::dict out;
  out["tick"] = c.tick;
  out["quiet"] = c.quiet;
  out["active"] = c.active;
  out["jailed"] = c.jailed;
  out["cops"] = c.cops;
  out["arrests"] = c.arrests;
  out["legitimacy"] = c.legitimacy;
  return out;
}

py::object results_frame(const Model& m) {
  const ResultsTable& r = m.results();
  const std::size_t rows = r.rows();
  const std::size_t width = r.width();
  py::array_t<double> values({rows, width});
  auto v = values.mutable_unchecked<2>();
  for (std::size_t t = 0; t < rows; ++t) {
    const std::span<const double> row = r.row(t);
    for (std::size_t c = 0; c < width; ++c) v(t, c) = row[c];
  }
  py::list names;
  for (const OutputColumn& c : r.columns()) names.append(c.name);
  py::object frame = pandas().attr("DataFrame")(values, py::arg("columns") = names);
  frame.attr("index").attr("name") = "tick";
  return frame;
}

py::list column_specs(const Model& m) {
  py::list out;
  for (const ColumnSpec& s : m.columns()) {
    py::dict d;
    d["name"] = s.name;
    d["type"] = std::string(to_string(s.type));
    d["scope"] = scope_name(s.scope);
    d["unit"] = s.unit;
    d["meaning"] = s.meaning;
    d["owner"] = s.owner.empty() ? std::string("model") : s.owner;
    out.append(d);
  }
  return out;
}

py::array lattice_of(const Model& m) {
  const Scenario& s = m.scenario();
  py::array_t<std::uint8_t> out(
      {static_cast<py::ssize_t>(s.height), static_cast<py::ssize_t>(s.width)});
  m.cell_codes(std::span<std::uint8_t>(out.mutable_data(), static_cast<std::size_t>(out.size())));
  return out;
}

std::string describe(const py::object& params) {
  std::string out;
  if (params.is_none()) return out;
  for (const auto& [k, v] : params.cast<py::dict>()) {
    out += (out.empty() ? "" : ", ") + std::string(py::str(k)) + "=" + std::string(py::repr(v));
  }
  return out;
}

}  // namespace

void bind_simulation(py::module_& m) {
  py::class_<ModelSnapshot>(m, "Snapshot",
                            "A simulation's whole state in memory, at one tick "
                            "(Simulation.snapshot()); Simulation.restore(snapshot) continues "
                            "from it exactly.")
      .def_property_readonly("tick", [](const ModelSnapshot& s) { return s.tick; })
      .def_property_readonly("nbytes", [](const ModelSnapshot& s) { return s.state.size(); })
      .def("__repr__", [](const ModelSnapshot& s) {
        return fmt::format("<panopticon.Snapshot of {} at tick {}, {} bytes>", s.scenario.source,
                           s.tick, s.state.size());
      });

  py::class_<Simulation>(m, "Simulation", R"doc(
One simulation of a scenario, stepped from Python.

Simulation(scenario, seed=None, overrides=None)
  scenario   a path to a scenario file (str or os.PathLike), or a dict of
             tables as the file would hold them ({"lattice": {"width": 40}})
  seed       model.seed (replicates differ only by it)
  overrides  {"section.key": value}, applied as the command line's --set is

Every check and message is the command line's: a bad scenario raises
panopticon.ScenarioError naming the key, the value and what is allowed.
)doc")
      .def(py::init([](const py::object& scenario, std::optional<std::uint64_t> seed,
                       const py::object& overrides) {
             return Simulation::from_scenario(scenario_from(scenario, seed, overrides));
           }),
           py::arg("scenario"), py::arg("seed") = py::none(), py::arg("overrides") = py::none())
      .def("step", &Simulation::step, py::arg("n") = 1,
           "Steps n ticks (the GIL is released while it steps).")
      .def("run", &Simulation::run, py::arg("ticks") = py::none(),
           "Steps `ticks` ticks, or (by default) to the scenario's model.steps.")
      .def_property_readonly(
          "tick",
          [](const Simulation& s) {
            Exclusive e(s.busy());
            return s.model().tick();
          },
          "The ticks stepped so far.")
      .def_property_readonly(
          "steps", [](const Simulation& s) { return s.model().scenario().steps; },
          "The scenario's model.steps (run() stops there).")
      .def_property_readonly("width",
                             [](const Simulation& s) { return s.model().scenario().width; })
      .def_property_readonly("height",
                             [](const Simulation& s) { return s.model().scenario().height; })
      .def_property_readonly("citizens",
                             [](const Simulation& s) { return s.model().citizen_count(); })
      .def_property_readonly("seed", [](const Simulation& s) { return s.model().scenario().seed; })
      .def_property_readonly("scenario_source",
                             [](const Simulation& s) { return s.model().scenario().source; })
      .def(
          "scenario_toml", [](const Simulation& s) { return to_toml(s.model().scenario()); },
          "The resolved scenario as TOML text (what `panopticon validate` prints).")
      .def(
          "counts",
          [](const Simulation& s) {
            Exclusive e(s.busy());
            return counts_of(s.model());
          },
          "This tick's counts: tick, quiet, active, jailed, cops, arrests, legitimacy.")
      .def(
          "results",
          [](const Simulation& s) {
            Exclusive e(s.busy());
            return results_frame(s.model());
          },
          "The per-tick results as a pandas DataFrame, row t for tick t (ticks.csv's columns).")
      .def(
          "columns",
          [](const Simulation& s) {
            Exclusive e(s.busy());
            return column_specs(s.model());
          },
          "The agent columns there are now: name, type, scope (citizen or cell), unit, meaning, "
          "owner.")
      .def(
          "column",
          [](const Simulation& s, const std::string& name) {
            Exclusive e(s.busy());
            try {
              return column_array(s.shared(), s.model().column(name));
            } catch (const std::out_of_range& error) {
              throw py::key_error(error.what());
            }
          },
          py::arg("name"),
          "One agent column as a read-only numpy array: a view of the engine's storage where it "
          "is stored per citizen id (it follows the simulation as it steps), else a copy.")
      .def(
          "column_is_view",
          [](const Simulation& s, const std::string& name) {
            Exclusive e(s.busy());
            try {
              return !s.model().column(name).is_copy();
            } catch (const std::out_of_range& error) {
              throw py::key_error(error.what());
            }
          },
          py::arg("name"), "Whether column(name) is a view (True) or a copy (False).")
      .def(
          "lattice",
          [](const Simulation& s) {
            Exclusive e(s.busy());
            return lattice_of(s.model());
          },
          "The lattice as a (height, width) uint8 array of cell codes (CELL_CODES).")
      .def_property_readonly(
          "mechanisms",
          [](const Simulation& s) {
            Exclusive e(s.busy());
            return s.model().active_mechanisms();
          },
          "The mechanisms on now, in the order they act.")
      .def_property_readonly("cop_vision",
                             [](const Simulation& s) {
                               Exclusive e(s.busy());
                               return s.model().cop_vision();
                             })
      .def(
          "adopt",
          [](Simulation& s, const std::string& mechanism, const py::kwargs& params) {
            Exclusive e(s.busy());
            const py::object p = params;
            s.model().adopt(mechanism, overrides_from(p, "adopt(" + mechanism + ")"));
            s.events().push_back(
                {s.model().tick() + 1, fmt::format("adopt {}({})", mechanism, describe(p))});
          },
          py::arg("mechanism"),
          "Switches a mechanism on from the next tick, with parameters of its own "
          "(adopt(\"cameras\", coverage=0.5)).")
      .def(
          "retire",
          [](Simulation& s, const std::string& mechanism) {
            Exclusive e(s.busy());
            s.model().retire(mechanism);
            s.events().push_back({s.model().tick() + 1, "retire " + mechanism});
          },
          py::arg("mechanism"), "Switches a mechanism off from the next tick.")
      .def(
          "set",
          [](Simulation& s, const std::string& key, const py::object& value) {
            Exclusive e(s.busy());
            const std::string text = toml_value_text(value, key);
            s.model().set_parameter(key, text);
            s.events().push_back({s.model().tick() + 1, key + " = " + text});
          },
          py::arg("key"), py::arg("value"),
          "Changes a live parameter (`panopticon params` marks them) from the next tick.")
      .def(
          "events",
          [](Simulation& s) {
            py::list out;
            for (const Event& ev : s.events()) out.append(py::make_tuple(ev.tick, ev.text));
            return out;
          },
          "The changes made from Python, as (first tick in force, text).")
      .def(
          "state_hash",
          [](const Simulation& s) {
            Exclusive e(s.busy());
            return s.model().state_hash();
          },
          "A hash of the whole state: equal hashes, equal futures.")
      .def(
          "snapshot",
          [](const Simulation& s) {
            Exclusive e(s.busy());
            return s.model().snapshot();
          },
          "The whole state in memory (a Snapshot).")
      .def_static(
          "restore",
          [](const ModelSnapshot& snapshot) {
            return Simulation(std::shared_ptr<Model>(restore(snapshot)));
          },
          py::arg("snapshot"), "A new, independent simulation continuing from a Snapshot.")
      .def(
          "clone",
          [](const Simulation& s) {
            Exclusive e(s.busy());
            Simulation copy(std::shared_ptr<Model>(s.model().clone()));
            copy.events() = const_cast<Simulation&>(s).events();
            return copy;
          },
          "An independent simulation in the same state.")
      .def("__repr__", [](const Simulation& s) {
        const Scenario& sc = s.model().scenario();
        const std::unique_lock<std::mutex> lock(s.busy(), std::try_to_lock);
        const std::string at =
            lock.owns_lock() ? fmt::format("at tick {}", s.model().tick()) : "stepping";
        return fmt::format("<panopticon.Simulation {} {}x{} seed {} {} of {}>", sc.source, sc.width,
                           sc.height, sc.seed, at, sc.steps);
      });

  py::dict codes;
  for (std::uint8_t c = 0; c < kCellCodeCount; ++c) {
    codes[py::int_(c)] = std::string(to_string(static_cast<CellCode>(c)));
  }
  m.attr("CELL_CODES") = codes;
  py::dict states;
  for (std::uint8_t a = 0; a < kAgentStateCount; ++a) {
    states[py::int_(a)] = std::string(to_string(static_cast<AgentState>(a)));
  }
  m.attr("AGENT_STATES") = states;
}

}  // namespace panopticon::python
