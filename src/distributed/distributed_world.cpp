#include "panopticon/distributed_world.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <numeric>

#include "panopticon/metrics.hpp"

namespace panopticon::mpi {

namespace {

// A row as 64-bit words, zero where this rank does not run the country: a
// bitwise XOR over the ranks then gives every rank every row exactly, NaN
// and the sign of zero included.
constexpr std::size_t kFixedWords = 14;

std::size_t words_per_row() {
  return kFixedWords + metric_specs().size();
}

void pack(const CountryYear& y, std::uint64_t* out) {
  std::size_t k = 0;
  out[k++] = static_cast<std::uint64_t>(static_cast<std::int64_t>(y.year));
  out[k++] = y.country;
  for (const double v :
       {y.citizens, y.activations_per_1000, y.offences_per_1000, y.confined_per_1000, y.unrest,
        y.crime, y.openness, y.hardship_shift, y.spent_usd, y.debt_usd}) {
    out[k++] = std::bit_cast<std::uint64_t>(v);
  }
  out[k++] = y.packages;
  out[k++] = y.metrics.size();
  for (const double v : y.metrics) out[k++] = std::bit_cast<std::uint64_t>(v);
}

void unpack(const std::uint64_t* in, CountryYear& y) {
  std::size_t k = 0;
  y.year = static_cast<int>(static_cast<std::int64_t>(in[k++]));
  y.country = in[k++];
  for (double* v :
       {&y.citizens, &y.activations_per_1000, &y.offences_per_1000, &y.confined_per_1000, &y.unrest,
        &y.crime, &y.openness, &y.hardship_shift, &y.spent_usd, &y.debt_usd}) {
    *v = std::bit_cast<double>(in[k++]);
  }
  y.packages = static_cast<PackageSet>(in[k++]);
  y.metrics.resize(in[k++]);
  for (double& v : y.metrics) v = std::bit_cast<double>(in[k++]);
}

}  // namespace

std::vector<bool> countries_of_rank(const WorldSpec& world, int rank, int ranks) {
  const std::size_t n = world.countries.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&world](std::size_t a, std::size_t b) {
    return world.countries[a].agents() > world.countries[b].agents();
  });
  std::vector<double> load(static_cast<std::size_t>(std::max(1, ranks)), 0.0);
  std::vector<bool> mine(n, false);
  for (const std::size_t i : order) {
    const auto least =
        static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    load[least] += world.countries[i].agents();
    mine[i] = static_cast<int>(least) == rank;
  }
  return mine;
}

void spread_world(const WorldSpec& world, WorldOptions& options, MPI_Comm comm) {
  int rank = 0;
  int ranks = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &ranks);
  options.owned = countries_of_rank(world, rank, ranks);
  const std::vector<bool> owned = options.owned;
  options.share_year = [comm, owned](std::span<CountryYear> rows) {
    // The owner's rows have their metrics; the others' are empty and stay
    // zero words. Every row takes the same words: the layer's metrics.
    const std::size_t width = words_per_row();
    std::vector<std::uint64_t> words(rows.size() * width, 0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (owned[i]) pack(rows[i], words.data() + i * width);
    }
    MPI_Allreduce(MPI_IN_PLACE, words.data(), static_cast<int>(words.size()), MPI_UINT64_T,
                  MPI_BXOR, comm);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!owned[i]) unpack(words.data() + i * width, rows[i]);
    }
  };
  options.share_hashes = [comm](std::vector<std::uint64_t>& hashes) {
    MPI_Allreduce(MPI_IN_PLACE, hashes.data(), static_cast<int>(hashes.size()), MPI_UINT64_T,
                  MPI_BXOR, comm);
  };
}

}  // namespace panopticon::mpi
