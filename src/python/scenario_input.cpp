// Scenarios from Python: a path, or a dict written as TOML text and read as
// a file is, so that a dict gets every check and message a file gets.
#include <pybind11/stl.h>
#include <toml++/toml.h>

#include <sstream>
#include <string>

#include <fmt/format.h>
#include "python/bindings.hpp"

namespace panopticon::python {

namespace {

bool is_path(py::handle source) {
  if (py::isinstance<py::str>(source)) return true;
  const py::object path_like = py::module_::import("os").attr("PathLike");
  return py::isinstance(source, path_like);
}

[[noreturn]] void not_toml(py::handle value, const std::string& key) {
  throw py::type_error("the value of " + key + " has type " +
                       std::string(py::str(py::type::handle_of(value).attr("__name__"))) +
                       ", which a scenario cannot hold; allowed: bool, int, float, str, a list of "
                       "them, or a dict (a table)");
}

toml::array array_from(py::handle list, const std::string& key);

// Adds `value` under `name` to `table`; nested dicts become tables.
void insert(toml::table& table, const std::string& name, py::handle value, const std::string& key);

template <typename Sink>
void emit(py::handle value, const std::string& key, Sink&& sink) {
  // bool before int: Python's True is an int too.
  if (py::isinstance<py::bool_>(value)) {
    sink(value.cast<bool>());
  } else if (py::isinstance<py::int_>(value)) {
    try {
      sink(value.cast<std::int64_t>());
    } catch (const py::cast_error&) {
      throw py::value_error("the value of " + key + " does not fit in 64 bits");
    }
  } else if (py::isinstance<py::float_>(value)) {
    sink(value.cast<double>());
  } else if (py::isinstance<py::str>(value)) {
    sink(value.cast<std::string>());
  } else if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    sink(array_from(value, key));
  } else if (py::isinstance<py::dict>(value)) {
    toml::table t;
    for (const auto& [k, v] : value.cast<py::dict>()) {
      const std::string name = py::str(k);
      insert(t, name, v, key + "." + name);
    }
    sink(std::move(t));
  } else {
    // numpy scalars and other numbers: as the float or int they are.
    const py::object numbers = py::module_::import("numbers");
    if (py::isinstance(value, numbers.attr("Integral"))) {
      emit(py::int_(py::reinterpret_borrow<py::object>(value)), key, sink);
    } else if (py::isinstance(value, numbers.attr("Real"))) {
      emit(py::float_(py::reinterpret_borrow<py::object>(value)), key, sink);
    } else {
      not_toml(value, key);
    }
  }
}

toml::array array_from(py::handle list, const std::string& key) {
  toml::array out;
  std::size_t i = 0;
  for (const py::handle item : list) {
    emit(item, key + "[" + std::to_string(i++) + "]",
         [&out](auto&& v) { out.push_back(std::forward<decltype(v)>(v)); });
  }
  return out;
}

void insert(toml::table& table, const std::string& name, py::handle value, const std::string& key) {
  emit(value, key, [&](auto&& v) { table.insert_or_assign(name, std::forward<decltype(v)>(v)); });
}

}  // namespace

std::string toml_value_text(py::handle value, const std::string& key) {
  if (py::isinstance<py::dict>(value)) not_toml(value, key);
  // The value as the one key of a table, then only its text after "x = ".
  toml::table t;
  insert(t, "x", value, key);
  std::ostringstream text;
  text << t;
  std::string s = text.str();
  const std::size_t eq = s.find('=');
  s = s.substr(eq + 1);
  while (!s.empty() && (s.front() == ' ')) s.erase(0, 1);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::vector<Override> overrides_from(const py::object& overrides, const std::string& origin,
                                     const std::string& prefix) {
  std::vector<Override> out;
  if (overrides.is_none()) return out;
  if (!py::isinstance<py::dict>(overrides)) {
    throw py::type_error(origin + " must be a dict of {\"section.key\": value}, not a " +
                         std::string(py::str(py::type::handle_of(overrides).attr("__name__"))));
  }
  for (const auto& [k, v] : overrides.cast<py::dict>()) {
    if (!py::isinstance<py::str>(k)) {
      throw py::type_error(origin + ": a key must be a str (\"section.key\"), not " +
                           std::string(py::repr(k)));
    }
    const std::string key = prefix + k.cast<std::string>();
    const std::string value = toml_value_text(v, key);
    out.emplace_back(key, value, fmt::format("{} {}={}", origin, key, value));
  }
  return out;
}

Scenario scenario_from(py::handle source, const std::optional<std::uint64_t>& seed,
                       const py::object& overrides) {
  std::vector<Override> all = overrides_from(overrides, "overrides");
  if (seed) all.emplace_back("model.seed", std::to_string(*seed), "seed=" + std::to_string(*seed));
  if (is_path(source)) {
    const std::string path = py::str(py::module_::import("os").attr("fspath")(source));
    return load_scenario(path, all);
  }
  if (py::isinstance<py::dict>(source)) {
    toml::table t;
    for (const auto& [k, v] : source.cast<py::dict>()) {
      const std::string name = py::str(k);
      insert(t, name, v, name);
    }
    std::ostringstream text;
    text << t;
    return parse_scenario(text.str(), "(a scenario dict)", all);
  }
  throw py::type_error(
      "a scenario is a path (str or os.PathLike) to a TOML file or a dict of tables "
      "({\"lattice\": {\"width\": 40}, ...}), not a " +
      std::string(py::str(py::type::handle_of(source).attr("__name__"))));
}

py::module_ pandas() {
  return py::module_::import("pandas");
}

}  // namespace panopticon::python
