#pragma once
// Named, typed columns of the compliance layer, one value per citizen (or
// per cell), declared by their owner: the layer itself (society.hpp) or a
// mechanism (its MechanismInfo::columns). The store holds the columns of
// the layer and of the mechanisms that are on, by name; save, load, hash,
// the generated docs and the query API (model.hpp) all walk the
// declarations, so no list of columns is kept by hand anywhere.
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "panopticon/agent_state.hpp"
#include "panopticon/state_archive.hpp"

namespace panopticon {

enum class ColumnType : std::uint8_t { kU8, kState, kI32, kU32, kF32, kF64 };
std::string_view to_string(ColumnType type);
std::size_t bytes_of(ColumnType type);

template <typename T>
constexpr ColumnType column_type_of() {
  if constexpr (std::is_same_v<T, std::uint8_t>) {
    return ColumnType::kU8;
  } else if constexpr (std::is_same_v<T, AgentState>) {
    return ColumnType::kState;
  } else if constexpr (std::is_same_v<T, std::int32_t>) {
    return ColumnType::kI32;
  } else if constexpr (std::is_same_v<T, std::uint32_t>) {
    return ColumnType::kU32;
  } else if constexpr (std::is_same_v<T, float>) {
    return ColumnType::kF32;
  } else {
    static_assert(std::is_same_v<T, double>, "a column holds u8, AgentState, i32, u32, f32 or f64");
    return ColumnType::kF64;
  }
}

enum class ColumnScope : std::uint8_t {
  kCitizen,  // one value per citizen id
  kCell,     // one value per cell of the lattice
};

struct ColumnSpec {
  std::string name;  // unique in a model; a mechanism's are `<mechanism>_<quantity>`
  ColumnType type = ColumnType::kF32;
  ColumnScope scope = ColumnScope::kCitizen;
  // Saved: state that a checkpoint must hold. Hashed: part of the state
  // hash. Every saved column is hashed (the registry checks it); columns
  // that are neither are scratch, rebuilt every tick or from other state.
  bool saved = true;
  bool hashed = true;
  double initial = 0.0;  // every entry's value when the column is added
  // What a checkpoint may hold (checked on load): values in [min, max];
  // floats must also be finite; `cell_index`: a cell of this lattice.
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool cell_index = false;
  // A citizen's id, or the most the type holds for none (kNobody).
  bool citizen_index = false;
  std::string unit;
  std::string meaning;
  std::string owner;  // "layer" or the mechanism's name
};

// A typed handle on a stored column: indexing and iteration as a vector's,
// and const as a vector's (through a const handle, or a const Society, the
// values are read-only). Null when the column is absent (its owner is off).
template <typename T>
class Column {
 public:
  Column() = default;
  Column(T* data, std::size_t size) : data_(data), size_(size) {}
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  explicit operator bool() const { return data_ != nullptr; }
  void fill(T value) {
    for (std::size_t i = 0; i < size_; ++i) data_[i] = value;
  }
  std::span<T> span() { return {data_, size_}; }
  std::span<const T> span() const { return {data_, size_}; }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

// An untyped, read-only view of a column, for the query API. `keep` shares
// the column's storage: the values stay readable (no longer updated) after
// the column is removed, so that a view handed to Python or the viewer can
// never point at freed memory.
struct ColumnView {
  const ColumnSpec* spec = nullptr;
  const void* data = nullptr;
  std::size_t size = 0;
  std::shared_ptr<const void> keep;
};

class ColumnStore {
 public:
  ColumnStore(std::uint32_t citizens, std::uint32_t cells) : citizens_(citizens), cells_(cells) {}

  // Adds a declared column, every entry spec.initial. Throws std::logic_error
  // when a column of that name is there already. Columns are kept in the
  // order of `rank` (the layer's 0, a mechanism's its place in the
  // registry), then of their declaration: the same order however and
  // whenever they came, so that a checkpoint lists them alike.
  void add(const ColumnSpec& spec, int rank = 0);
  // Removes a column and frees its memory (a mechanism switched off) once
  // no view keeps it.
  void remove(std::string_view name);
  bool has(std::string_view name) const { return stored(name) != nullptr; }
  const ColumnSpec* spec(std::string_view name) const;
  // The columns held now, in their order (add()).
  std::vector<const ColumnSpec*> specs() const;
  std::size_t entries(ColumnScope scope) const {
    return scope == ColumnScope::kCitizen ? citizens_ : cells_;
  }

  // A column by name and type; throws std::logic_error, naming both, when
  // it is absent or of another type.
  template <typename T>
  Column<T> get(std::string_view name) {
    Column<T> c = find<T>(name);
    if (!c) missing(name, column_type_of<T>());
    return c;
  }
  template <typename T>
  Column<const T> get(std::string_view name) const {
    Column<const T> c = find<T>(name);
    if (!c) missing(name, column_type_of<T>());
    return c;
  }
  // The same, or a null handle when the column is absent.
  template <typename T>
  Column<T> find(std::string_view name) {
    Stored* s = stored(name);
    if (s == nullptr) return {};
    auto* v = std::get_if<std::vector<T>>(&s->values);
    if (v == nullptr) missing(name, column_type_of<T>());
    return {v->data(), v->size()};
  }
  template <typename T>
  Column<const T> find(std::string_view name) const {
    const Stored* s = stored(name);
    if (s == nullptr) return {};
    const auto* v = std::get_if<std::vector<T>>(&s->values);
    if (v == nullptr) missing(name, column_type_of<T>());
    return {v->data(), v->size()};
  }
  ColumnView view(std::string_view name) const;

  // Saves, loads (checking each value against its declaration) or hashes
  // the columns held now that are saved (or, when hashing, hashed), in
  // their order, each under its name. A checkpoint whose columns
  // are not those declared, in that order, is refused.
  void walk_state(StateArchive& archive);

 private:
  using Values =
      std::variant<std::vector<std::uint8_t>, std::vector<AgentState>, std::vector<std::int32_t>,
                   std::vector<std::uint32_t>, std::vector<float>, std::vector<double>>;
  struct Stored {
    ColumnSpec spec;
    int rank = 0;
    Values values;
  };
  const Stored* stored(std::string_view name) const;
  Stored* stored(std::string_view name) {
    return const_cast<Stored*>(static_cast<const ColumnStore*>(this)->stored(name));
  }
  [[noreturn]] void missing(std::string_view name, ColumnType wanted) const;
  void check_loaded(const Stored& s, const StateArchive& archive) const;

  std::uint32_t citizens_;
  std::uint32_t cells_;
  // Each column in its own allocation, so that handles stay valid while
  // other columns come and go; shared with the views (view()) that outlive
  // its removal.
  std::vector<std::shared_ptr<Stored>> columns_;
};

}  // namespace panopticon
