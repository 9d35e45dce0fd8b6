#pragma once
// What the scenario reader says about a toml++ node in a message: where it
// is, how it reads, what kind of value it is. Internal to src/scenario and
// the readers of other TOML inputs (src/experiment's sweep plans).
#include <fmt/format.h>

#include <toml++/toml.h>
#include <sstream>
#include <string>
#include <string_view>

#include "panopticon/parameter.hpp"
#include "toml_text.hpp"

namespace panopticon::toml_nodes {

// A TOML document, checked first as the scenario reader checks its text
// (toml_text::check), with toml++'s errors in the scenario reader's plainer
// words: a ScenarioError naming file:line:column.
toml::table parse_document(std::string_view toml_text, const std::string& source_name);

// Where a node was read: its line and column in `file`; or, for a node
// parsed from other text that was put into the document (a world's --set
// KEY=VALUE, parsed with its origin as the path), that origin alone.
inline SourcePlace place_of(const toml::source_region& region, const std::string& file) {
  if (region.path && !region.path->empty() && *region.path != file) {
    return SourcePlace{*region.path, 0, 0};
  }
  return SourcePlace{file, static_cast<std::int64_t>(region.begin.line),
                     static_cast<std::int64_t>(region.begin.column)};
}

inline std::string node_text(const toml::node& node) {
  if (node.is_table()) return "(a table)";
  if (node.is_array()) return "(an array)";
  if (const auto* str = node.as_string()) return toml_text::quoted(str->get());
  // The shortest text that reads back to the same double (toml++ prints 17 digits).
  if (const auto* f = node.as_floating_point()) return fmt::format("{}", f->get());
  std::ostringstream out;
  node.visit([&out](const auto& v) { out << v; });
  return out.str();
}

inline std::string_view kind_of(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    default:
      return "a date or time";
  }
}

}  // namespace panopticon::toml_nodes
