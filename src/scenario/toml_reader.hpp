#pragma once
// Reading TOML inputs other than scenarios (sweep plans, worlds) with the
// scenario reader's messages. Internal to src/.
#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "panopticon/parameter_table.hpp"
#include "panopticon/scenario_error.hpp"
#include "toml_nodes.hpp"

namespace panopticon::toml_nodes {

// A reader of a TOML input other than a scenario (a sweep plan, a world):
// the file's name for places, what the root is called in messages ("the
// plan"), and the helpers that read a table's keys with the messages a
// scenario's reader gives. Every message is a ScenarioError naming
// file:line:column, the key, the value and what is allowed.
class TomlReader {
 public:
  TomlReader(std::string file, std::string root_name)
      : file_(std::move(file)), root_name_(std::move(root_name)) {}
  const std::string& file() const { return file_; }

  SourcePlace at(const toml::node& node) const { return place_of(node.source(), file_); }
  SourcePlace file_place() const { return SourcePlace{file_, 0, 0}; }

  [[noreturn]] void fail(const toml::node& node, const std::string& key, const std::string& problem,
                         const std::string& allowed) const {
    throw ScenarioError(at(node), key, node_text(node), problem, allowed);
  }

  // Every key of `table` must be one of `allowed`.
  void check_keys(const toml::table& table, const std::string& name,
                  const std::vector<std::string>& allowed) const {
    for (const auto& [k, node] : table) {
      const std::string key(k.str());
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string list;
      std::string nearest;
      std::size_t best = 3;
      for (const std::string& a : allowed) {
        list += (list.empty() ? "" : ", ") + a;
        if (const std::size_t d = edit_distance(key, a); d < best) {
          best = d;
          nearest = a;
        }
      }
      const bool root = name == root_name_;
      throw ScenarioError(
          at(node), root ? key : fmt::format("{} {}", name, key), root ? "" : node_text(node),
          fmt::format("unknown {} of {}", root ? "table" : "key", name),
          fmt::format("{}one of {}", nearest.empty() ? "" : "did you mean " + nearest + "? ",
                      list));
    }
  }

  std::int64_t integer(const toml::node& node, const std::string& key, std::int64_t min,
                       std::int64_t max) const {
    const auto* v = node.as_integer();
    const std::string allowed = fmt::format("a whole number from {} to {}", min, max);
    if (v == nullptr) fail(node, key, fmt::format("is {}", toml_nodes::kind_of(node)), allowed);
    if (v->get() < min || v->get() > max) fail(node, key, "out of range", allowed);
    return v->get();
  }

  double number(const toml::node& node, const std::string& key) const {
    if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
    if (const auto* f = node.as_floating_point()) {
      if (std::isfinite(f->get())) return f->get();
    }
    fail(node, key, fmt::format("is {}", toml_nodes::kind_of(node)), "a finite number");
  }

  std::string string(const toml::node& node, const std::string& key,
                     const std::string& allowed) const {
    const auto* s = node.as_string();
    if (s == nullptr) fail(node, key, fmt::format("is {}", toml_nodes::kind_of(node)), allowed);
    return s->get();
  }

  bool boolean(const toml::node& node, const std::string& key) const {
    const auto* b = node.as_boolean();
    if (b == nullptr) {
      fail(node, key, fmt::format("is {}", toml_nodes::kind_of(node)), "true or false");
    }
    return b->get();
  }

 private:
  std::string file_;
  std::string root_name_;
};

inline bool bare_key(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// A value as --set takes it: scalars as TOML writes them, a schedule as an
// inline table.
inline std::string inline_text(const toml::node& node) {
  if (const auto* t = node.as_table()) {
    std::string out = "{ ";
    bool first = true;
    for (const auto& [k, v] : *t) {
      const std::string key(k.str());
      out += (first ? "" : ", ") + (bare_key(key) ? key : fmt::format("\"{}\"", key)) + " = " +
             inline_text(v);
      first = false;
    }
    return out + " }";
  }
  if (const auto* a = node.as_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < a->size(); ++i) {
      out += (i == 0 ? "" : ", ") + inline_text(*a->get(i));
    }
    return out + "]";
  }
  return node_text(node);
}

}  // namespace panopticon::toml_nodes
