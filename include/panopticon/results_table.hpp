#pragma once
// The per-tick results of a model: one row per tick (row t is tick t, row 0
// the initial state), named columns (output_column.hpp). Model I's table
// holds its counts; the compliance layer's its own columns and every
// mechanism's results (`<mechanism>_<quantity>`). Writers resolve a column
// to a slot once and write through it (results by name, not by position).
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "panopticon/output_column.hpp"
#include "panopticon/state_archive.hpp"

namespace panopticon {

// Where a named column sits in a row.
struct ResultSlot {
  std::uint32_t index = 0;
};

// The row being written, addressed by slot.
class ResultRow {
 public:
  explicit ResultRow(std::span<double> values) : values_(values) {}
  void set(ResultSlot slot, double value) const { values_[slot.index] = value; }
  double get(ResultSlot slot) const { return values_[slot.index]; }

 private:
  std::span<double> values_;
};

class ResultsTable {
 public:
  ResultsTable() = default;
  explicit ResultsTable(std::vector<OutputColumn> columns);

  std::span<const OutputColumn> columns() const { return columns_; }
  std::size_t width() const { return columns_.size(); }
  std::size_t rows() const { return rows_; }
  // The slot of a column; throws std::out_of_range naming it when absent.
  ResultSlot slot(std::string_view name) const;
  std::optional<ResultSlot> find(std::string_view name) const;

  // Appends a row of zeros and returns it.
  ResultRow append();
  std::span<const double> row(std::size_t tick) const;
  std::span<const double> last_row() const { return row(rows_ - 1); }
  double at(std::size_t tick, ResultSlot slot) const { return data_[tick * width() + slot.index]; }
  // One column over every row.
  std::vector<double> column(std::string_view name) const;

  // The rows (the columns come from the scenario); refuses a checkpoint
  // with more than `most_rows` rows, or with non-finite values.
  void walk_state(StateArchive& archive, std::uint64_t most_rows);

 private:
  std::vector<OutputColumn> columns_;
  std::vector<double> data_;  // rows_ x width(), row by row
  std::size_t rows_ = 0;
};

}  // namespace panopticon
