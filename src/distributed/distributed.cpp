#include "panopticon/distributed.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <stdexcept>

#include "panopticon/compliance.hpp"
#include "panopticon/placement.hpp"

namespace panopticon {

namespace {

// Sends `out` to rank `to` and receives the same kind of rows from `from`.
SynchronousSimulation::Rows swap_rows(const SynchronousSimulation::Rows& out, int to, int from,
                                      int tag, MPI_Comm comm) {
  using Occupant = SynchronousSimulation::Occupant;
  using Prisoner = SynchronousSimulation::Prisoner;
  SynchronousSimulation::Rows in;
  in.codes.resize(out.codes.size());
  in.agents.resize(out.agents.size());
  std::uint64_t sent = out.prisoners.size();
  std::uint64_t received = 0;
  MPI_Sendrecv(&sent, 1, MPI_UINT64_T, to, tag, &received, 1, MPI_UINT64_T, from, tag, comm,
               MPI_STATUS_IGNORE);
  in.prisoners.resize(received);
  MPI_Sendrecv(out.codes.data(), static_cast<int>(out.codes.size()), MPI_BYTE, to, tag + 1,
               in.codes.data(), static_cast<int>(in.codes.size()), MPI_BYTE, from, tag + 1, comm,
               MPI_STATUS_IGNORE);
  MPI_Sendrecv(out.agents.data(), static_cast<int>(out.agents.size() * sizeof(Occupant)), MPI_BYTE,
               to, tag + 2, in.agents.data(), static_cast<int>(in.agents.size() * sizeof(Occupant)),
               MPI_BYTE, from, tag + 2, comm, MPI_STATUS_IGNORE);
  MPI_Sendrecv(out.prisoners.data(), static_cast<int>(sent * sizeof(Prisoner)), MPI_BYTE, to,
               tag + 3, in.prisoners.data(), static_cast<int>(received * sizeof(Prisoner)),
               MPI_BYTE, from, tag + 3, comm, MPI_STATUS_IGNORE);
  return in;
}

}  // namespace

std::uint32_t DistributedSimulation::halo_rows_for(const Scenario& s) {
  const double vision = std::max(s.citizen_vision, s.cop_vision);
  return 7U * static_cast<std::uint32_t>(std::floor(vision));
}

DistributedSimulation::DistributedSimulation(const Scenario& scenario, MPI_Comm comm)
    : scenario_(scenario), local_(scenario), comm_(comm) {
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
  if (!scenario.synchronous) {
    throw std::invalid_argument(
        "a simulation split across MPI ranks needs model.activation = \"synchronous\"");
  }
  if (Compliance::wanted(scenario)) {
    throw std::invalid_argument(
        "the dissent layer and the mechanisms do not run across MPI ranks yet; run them in one "
        "process");
  }
  if (scenario.cop_density.kind != ScheduleKind::kConstant) {
    throw std::invalid_argument(
        "a cop schedule (cops.schedule) does not run across MPI ranks yet; use a constant one");
  }
  if (size_ == 1) {
    strip_ = std::make_unique<SynchronousSimulation>(scenario);
    counts_ = strip_->counts();
    return;
  }
  const std::uint32_t height = scenario.height;
  const auto n = static_cast<std::uint32_t>(size_);
  halo_ = halo_rows_for(scenario);
  const std::uint32_t thinnest = height / n;
  const std::uint32_t first = static_cast<std::uint32_t>(rank_) * height / n;
  const std::uint32_t last = (static_cast<std::uint32_t>(rank_) + 1) * height / n;
  if (thinnest < halo_ || (height + n - 1) / n + 2 * halo_ > height) {
    throw std::invalid_argument(fmt::format(
        "a {}-row lattice is too short for {} MPI ranks: each strip of about {} rows needs {} "
        "halo rows (7 x the vision reach) on each side, and at least as many rows of its own; "
        "use at most {} ranks",
        height, n, thinnest, halo_,
        std::max<std::uint32_t>(1, height / (3 * std::max(1U, halo_)))));
  }
  region_.global_height = height;
  region_.own_rows = last - first;
  region_.own_first = halo_;
  region_.rows = region_.own_rows + 2 * halo_;
  region_.first_row = (first + height - halo_) % height;
  local_.height = region_.rows;
  const Torus torus(scenario.width, height);
  const RandomStreams streams(scenario.seed);
  const InitialLayout layout = initial_layout(scenario, torus, streams);
  strip_ = std::make_unique<SynchronousSimulation>(local_, region_, layout);
  reduce_counts();
}

void DistributedSimulation::step() {
  strip_->step();
  if (size_ > 1) exchange();
  reduce_counts();
}

// My first own rows are the previous rank's bottom halo, my last own rows the
// next rank's top halo; I receive my halos from them in turn.
void DistributedSimulation::exchange() {
  const int prev = (rank_ + size_ - 1) % size_;
  const int next = (rank_ + 1) % size_;
  const auto top_own = strip_->pack_rows(region_.own_first, halo_);
  const auto bottom_own = strip_->pack_rows(region_.own_first + region_.own_rows - halo_, halo_);
  const auto bottom_halo = swap_rows(top_own, prev, next, 10, comm_);
  const auto top_halo = swap_rows(bottom_own, next, prev, 20, comm_);
  strip_->unpack_rows(0, top_halo);
  strip_->unpack_rows(region_.own_first + region_.own_rows, bottom_halo);
}

void DistributedSimulation::reduce_counts() {
  const TickCounts& mine = strip_->counts();
  counts_ = mine;
  if (size_ == 1) return;
  const std::array<std::uint64_t, 5> local = {mine.quiet, mine.active, mine.jailed, mine.cops,
                                              mine.arrests};
  std::array<std::uint64_t, 5> total{};
  MPI_Allreduce(local.data(), total.data(), 5, MPI_UINT64_T, MPI_SUM, comm_);
  counts_.quiet = total[0];
  counts_.active = total[1];
  counts_.jailed = total[2];
  counts_.cops = total[3];
  counts_.arrests = total[4];
}

std::uint64_t DistributedSimulation::state_hash() const {
  if (size_ == 1) return strip_->state_hash();
  std::uint64_t mine = strip_->partial_hash();
  std::uint64_t sum = 0;
  MPI_Allreduce(&mine, &sum, 1, MPI_UINT64_T, MPI_SUM, comm_);
  const std::int64_t t = tick();
  return fnv1a64(&t, sizeof t) + sum;  // as SynchronousSimulation::state_hash()
}

std::uint64_t DistributedSimulation::migrations() const {
  std::uint64_t mine = strip_->migrations();
  std::uint64_t sum = 0;
  MPI_Allreduce(&mine, &sum, 1, MPI_UINT64_T, MPI_SUM, comm_);
  return sum;
}

void DistributedSimulation::save(CheckpointWriter& /*out*/) const {
  throw std::invalid_argument(
      "checkpoints of a simulation split across MPI ranks are not "
      "supported yet; run without --checkpoint-every");
}

}  // namespace panopticon
