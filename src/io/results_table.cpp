#include "panopticon/results_table.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace panopticon {

ResultsTable::ResultsTable(std::vector<OutputColumn> columns) : columns_(std::move(columns)) {}

std::optional<ResultSlot> ResultsTable::find(std::string_view name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name == name) return ResultSlot{static_cast<std::uint32_t>(i)};
  }
  return std::nullopt;
}

ResultSlot ResultsTable::slot(std::string_view name) const {
  if (const auto s = find(name)) return *s;
  throw std::out_of_range("the results table has no column " + std::string(name));
}

ResultRow ResultsTable::append() {
  data_.resize(data_.size() + width(), 0.0);
  ++rows_;
  return ResultRow(std::span<double>(data_.data() + (rows_ - 1) * width(), width()));
}

std::span<const double> ResultsTable::row(std::size_t tick) const {
  if (tick >= rows_)
    throw std::out_of_range("the results table has no row " + std::to_string(tick));
  return {data_.data() + tick * width(), width()};
}

std::vector<double> ResultsTable::column(std::string_view name) const {
  const ResultSlot s = slot(name);
  std::vector<double> out(rows_);
  for (std::size_t t = 0; t < rows_; ++t) out[t] = at(t, s);
  return out;
}

void ResultsTable::walk_state(StateArchive& archive, std::uint64_t most_rows) {
  std::uint64_t rows = rows_;
  archive.value("the results row count", rows);
  archive.require(rows >= 1 && rows <= most_rows, "holds an impossible number of results rows");
  std::uint64_t width = columns_.size();
  archive.value("the results column count", width);
  archive.require(width == columns_.size(), "holds a results table of " + std::to_string(width) +
                                                " columns where " +
                                                std::to_string(columns_.size()) + " were expected");
  archive.vector("the results table", data_, rows * columns_.size());
  if (archive.loading()) {
    rows_ = rows;
    for (const double v : data_) {
      if (!std::isfinite(v)) archive.fail("holds a non-finite value in the results table");
    }
  }
}

}  // namespace panopticon
