#include "panopticon/columns.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace panopticon {

std::string_view to_string(ColumnType type) {
  switch (type) {
    case ColumnType::kU8:
      return "u8";
    case ColumnType::kState:
      return "state";
    case ColumnType::kI32:
      return "i32";
    case ColumnType::kU32:
      return "u32";
    case ColumnType::kF32:
      return "f32";
    case ColumnType::kF64:
      return "f64";
  }
  return "?";
}

std::size_t bytes_of(ColumnType type) {
  switch (type) {
    case ColumnType::kU8:
    case ColumnType::kState:
      return 1;
    case ColumnType::kI32:
    case ColumnType::kU32:
    case ColumnType::kF32:
      return 4;
    case ColumnType::kF64:
      return 8;
  }
  return 0;
}

namespace {

template <typename T>
std::vector<T> filled(std::size_t n, double initial) {
  if constexpr (std::is_same_v<T, AgentState>) {
    return std::vector<T>(n, static_cast<AgentState>(static_cast<std::uint8_t>(initial)));
  } else {
    return std::vector<T>(n, static_cast<T>(initial));
  }
}

}  // namespace

void ColumnStore::add(const ColumnSpec& spec, int rank) {
  if (has(spec.name)) throw std::logic_error("the column " + spec.name + " is declared twice");
  auto stored = std::make_shared<Stored>();
  stored->spec = spec;
  stored->rank = rank;
  const std::size_t n = entries(spec.scope);
  switch (spec.type) {
    case ColumnType::kU8:
      stored->values = filled<std::uint8_t>(n, spec.initial);
      break;
    case ColumnType::kState:
      stored->values = filled<AgentState>(n, spec.initial);
      break;
    case ColumnType::kI32:
      stored->values = filled<std::int32_t>(n, spec.initial);
      break;
    case ColumnType::kU32:
      stored->values = filled<std::uint32_t>(n, spec.initial);
      break;
    case ColumnType::kF32:
      stored->values = filled<float>(n, spec.initial);
      break;
    case ColumnType::kF64:
      stored->values = filled<double>(n, spec.initial);
      break;
  }
  const auto at = std::find_if(columns_.begin(), columns_.end(),
                               [rank](const auto& c) { return c->rank > rank; });
  columns_.insert(at, std::move(stored));
}

void ColumnStore::remove(std::string_view name) {
  std::erase_if(columns_, [name](const auto& c) { return c->spec.name == name; });
}

const ColumnStore::Stored* ColumnStore::stored(std::string_view name) const {
  for (const auto& c : columns_) {
    if (c->spec.name == name) return c.get();
  }
  return nullptr;
}

const ColumnSpec* ColumnStore::spec(std::string_view name) const {
  const Stored* s = stored(name);
  return s == nullptr ? nullptr : &s->spec;
}

std::vector<const ColumnSpec*> ColumnStore::specs() const {
  std::vector<const ColumnSpec*> out;
  out.reserve(columns_.size());
  for (const auto& c : columns_) out.push_back(&c->spec);
  return out;
}

ColumnView ColumnStore::view(std::string_view name) const {
  const auto at = std::find_if(columns_.begin(), columns_.end(),
                               [name](const auto& c) { return c->spec.name == name; });
  if (at == columns_.end()) return {};
  const Stored* s = at->get();
  ColumnView v;
  v.spec = &s->spec;
  v.keep = *at;
  std::visit(
      [&v](const auto& values) {
        v.data = values.data();
        v.size = values.size();
      },
      s->values);
  return v;
}

void ColumnStore::missing(std::string_view name, ColumnType wanted) const {
  const Stored* s = stored(name);
  if (s == nullptr) {
    throw std::logic_error(fmt::format("no column {} ({}) is held now", name, to_string(wanted)));
  }
  throw std::logic_error(fmt::format("the column {} holds {}, not {}", name,
                                     to_string(s->spec.type), to_string(wanted)));
}

void ColumnStore::check_loaded(const Stored& s, const StateArchive& archive) const {
  const ColumnSpec& spec = s.spec;
  std::visit(
      [&](const auto& values) {
        for (const auto& raw : values) {
          double v = 0.0;
          if constexpr (std::is_same_v<std::decay_t<decltype(raw)>, AgentState>) {
            v = static_cast<double>(static_cast<std::uint8_t>(raw));
          } else {
            v = static_cast<double>(raw);
          }
          const bool none = v == 4294967295.0;
          const bool ok = std::isfinite(v) && v >= spec.min && v <= spec.max &&
                          (!spec.cell_index || v < static_cast<double>(cells_)) &&
                          (!spec.citizen_index || none || v < static_cast<double>(citizens_));
          if (!ok) {
            std::string allowed = fmt::format("finite values from {} to {}", spec.min, spec.max);
            if (spec.cell_index) allowed = fmt::format("a cell of the {}-cell lattice", cells_);
            if (spec.citizen_index) {
              allowed = fmt::format("one of the {} citizens, or none", citizens_);
            }
            archive.fail(
                fmt::format("holds {} in the column {}, which allows {}", v, spec.name, allowed));
          }
        }
      },
      s.values);
}

void ColumnStore::walk_state(StateArchive& archive) {
  const bool hashing = archive.mode() == StateArchive::Mode::kHash;
  std::vector<Stored*> walked;
  for (const auto& c : columns_) {
    if (hashing ? c->spec.hashed : c->spec.saved) walked.push_back(c.get());
  }
  std::uint64_t count = walked.size();
  archive.value("the number of layer columns", count);
  archive.require(
      count == walked.size(),
      fmt::format("holds {} layer columns where this scenario declares {}", count, walked.size()));
  for (Stored* s : walked) {
    std::string name = s->spec.name;
    archive.text("a layer column's name", name);
    archive.require(name == s->spec.name,
                    fmt::format("holds the column {} where this scenario declares {}",
                                name.substr(0, 64), s->spec.name));
    std::visit(
        [&](auto& values) {
          archive.bytes(s->spec.name.c_str(), values.data(), values.size() * sizeof(values[0]));
        },
        s->values);
    if (archive.loading()) check_loaded(*s, archive);
  }
}

}  // namespace panopticon
