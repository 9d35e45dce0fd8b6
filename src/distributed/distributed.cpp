#include "panopticon/distributed.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "panopticon/compliance.hpp"
#include "panopticon/cop_schedule.hpp"
#include "panopticon/engine.hpp"
#include "panopticon/mechanism.hpp"
#include "panopticon/mpi_progress.hpp"
#include "panopticon/placement.hpp"
#include "panopticon/scenario_error.hpp"
#include "panopticon/strip_access.hpp"

namespace panopticon {

namespace {

// Sends `out` to rank `to` and receives the same kind of rows from `from`.
StripAccess::Rows swap_rows(const StripAccess::Rows& out, int to, int from, int tag,
                            MPI_Comm comm) {
  using Occupant = StripAccess::Occupant;
  using Prisoner = StripAccess::Prisoner;
  StripAccess::Rows in;
  in.codes.resize(out.codes.size());
  in.agents.resize(out.agents.size());
  std::uint64_t sent = out.prisoners.size();
  std::uint64_t received = 0;
  mpi::sendrecv(&sent, 1, MPI_UINT64_T, to, tag, &received, 1, MPI_UINT64_T, from, tag, comm,
                "the halo exchange");
  in.prisoners.resize(received);
  mpi::sendrecv(out.codes.data(), static_cast<int>(out.codes.size()), MPI_BYTE, to, tag + 1,
                in.codes.data(), static_cast<int>(in.codes.size()), MPI_BYTE, from, tag + 1, comm,
                "the halo exchange");
  mpi::sendrecv(out.agents.data(), static_cast<int>(out.agents.size() * sizeof(Occupant)), MPI_BYTE,
                to, tag + 2, in.agents.data(),
                static_cast<int>(in.agents.size() * sizeof(Occupant)), MPI_BYTE, from, tag + 2,
                comm, "the halo exchange");
  mpi::sendrecv(out.prisoners.data(), static_cast<int>(sent * sizeof(Prisoner)), MPI_BYTE, to,
                tag + 3, in.prisoners.data(), static_cast<int>(received * sizeof(Prisoner)),
                MPI_BYTE, from, tag + 3, comm, "the halo exchange");
  return in;
}

}  // namespace

std::uint32_t DistributedSimulation::halo_rows_for(const Scenario& s) {
  const double vision = std::max(s.citizen_vision, s.widest_cop_vision);
  return 7U * static_cast<std::uint32_t>(std::floor(vision));
}

DistributedSimulation::DistributedSimulation(const Scenario& scenario, MPI_Comm comm)
    : scenario_(scenario),
      local_(scenario),
      live_(scenario_),
      results_(results_for(scenario_)),
      comm_(comm) {
  partition();
  if (size_ == 1) {
    strip_ = std::make_unique<SynchronousSimulation>(scenario);
  } else {
    const Torus torus(scenario.width, scenario.height);
    const RandomStreams streams(scenario.seed);
    const InitialLayout layout = initial_layout(scenario, torus, streams);
    strip_ = StripAccess::make(local_, region_, layout);
  }
  start_strip();
  if (size_ > 1) write_model_row(counts_, results_.append());
}

DistributedSimulation::DistributedSimulation(const Scenario& scenario, MPI_Comm comm,
                                             CheckpointReader& in)
    : scenario_(scenario),
      local_(scenario),
      live_(scenario_),
      results_(results_for(scenario_)),
      comm_(comm) {
  partition();
  if (size_ == 1) {
    strip_ = std::make_unique<SynchronousSimulation>(scenario, in);
  } else {
    const SynchronousSimulation whole(scenario, in);
    live_.copy_changes_from(whole.live_parameters());
    results_ = whole.results();
    // The last tick's arrests are reported once, by rank 0.
    strip_ = StripAccess::cut(local_, region_, whole, rank_ == 0 ? whole.counts().arrests : 0);
  }
  start_strip();
}

void DistributedSimulation::start_strip() {
  if (size_ > 1) StripAccess::set_cop_schedule(*strip_, [this] { adjust_cops(); });
  reduce_counts();
}

const ResultsTable& DistributedSimulation::results() const {
  return size_ == 1 ? strip_->results() : results_;
}

namespace {
[[noreturn]] void not_across_ranks(const char* what) {
  throw std::logic_error(fmt::format(
      "{} is not available across MPI ranks: the lattice is spread over them; read it in one "
      "process (panopticon run)",
      what));
}
[[noreturn]] void no_changes_across_ranks(const std::string& what) {
  throw ScenarioError(SourcePlace{what, 0, 0}, "", "",
                      "a model split across MPI ranks cannot be changed while it runs yet",
                      "the change in the scenario (start_tick, a schedule), or panopticon run in "
                      "one process");
}
}  // namespace

void DistributedSimulation::cell_codes(std::span<std::uint8_t> /*out*/) const {
  not_across_ranks("cell_codes()");
}
std::vector<ColumnSpec> DistributedSimulation::columns() const {
  not_across_ranks("columns()");
}
ColumnData DistributedSimulation::column(std::string_view /*name*/) const {
  not_across_ranks("column()");
}
void DistributedSimulation::adopt(const std::string& mechanism,
                                  const std::vector<Override>& /*parameters*/) {
  no_changes_across_ranks("adopt(" + mechanism + ")");
}
void DistributedSimulation::retire(const std::string& mechanism) {
  no_changes_across_ranks("retire(" + mechanism + ")");
}
void DistributedSimulation::set_parameter(const std::string& key, const std::string& value) {
  no_changes_across_ranks("set_parameter(" + key + "=" + value + ")");
}

namespace {

// The cop schedule's view of a simulation split across ranks: the ranks
// answer together where the cops and the empty cells are, in the order the
// one-process algorithm asks (cop_schedule.hpp), so every rank makes the
// same draws and the same choices as one process.
class RanksRoster final : public CopRoster {
 public:
  RanksRoster(SynchronousSimulation& strip, MPI_Comm comm, int rank, int size,
              std::uint64_t on_duty)
      : strip_(strip), comm_(comm), rank_(rank), size_(size), on_duty_(on_duty) {}
  std::uint64_t size() override { return gathered_ ? cops_.size() : on_duty_; }
  void withdraw(std::uint64_t i) override {
    gather();
    StripAccess::remove_cop(strip_, cops_[i]);
    cops_[i] = cops_.back();
    cops_.pop_back();
  }
  bool empty(CellIndex c) override {  // asked of the owner, in the order drawn
    int empty = StripAccess::own_empty(strip_, c) ? 1 : 0;
    mpi::allreduce(MPI_IN_PLACE, &empty, 1, MPI_INT, MPI_MAX, comm_, "the cop schedule");
    return empty != 0;
  }
  std::uint64_t empties() override {
    const std::uint64_t own = StripAccess::own_empties(strip_);
    empties_.assign(static_cast<std::size_t>(size_), 0);
    mpi::allgather(&own, 1, MPI_UINT64_T, empties_.data(), 1, MPI_UINT64_T, comm_,
                   "the cop schedule");
    std::uint64_t all = 0;
    for (const std::uint64_t e : empties_) all += e;
    return all;
  }
  CellIndex empty_at(std::uint64_t k) override {  // after empties(), as one process
    std::uint32_t cell = 0;
    for (std::size_t r = 0; r < empties_.size(); ++r) {
      if (k < empties_[r]) {
        if (static_cast<int>(r) == rank_) cell = StripAccess::own_empty_at(strip_, k);
        break;
      }
      k -= empties_[r];
    }
    mpi::allreduce(MPI_IN_PLACE, &cell, 1, MPI_UINT32_T, MPI_MAX, comm_, "the cop schedule");
    return static_cast<CellIndex>(cell);
  }
  void post(CellIndex c) override {
    gather();
    StripAccess::place_cop(strip_, c);
    cops_.push_back(c);
  }

 private:
  // Every rank's cops, gathered in rank order: cell order.
  void gather() {
    if (gathered_) return;
    gathered_ = true;
    const std::vector<CellIndex> mine = StripAccess::own_cops(strip_);
    const int count = static_cast<int>(mine.size());
    std::vector<int> counts(static_cast<std::size_t>(size_));
    mpi::allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, comm_, "the cop schedule");
    std::vector<int> displacements(counts.size());
    int total = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
      displacements[r] = total;
      total += counts[r];
    }
    cops_.resize(static_cast<std::size_t>(total));
    mpi::allgatherv(mine.data(), count, MPI_UINT32_T, cops_.data(), counts.data(),
                    displacements.data(), MPI_UINT32_T, comm_, "the cop schedule");
  }

  SynchronousSimulation& strip_;
  MPI_Comm comm_;
  int rank_;
  int size_;
  std::uint64_t on_duty_;
  bool gathered_ = false;
  std::vector<CellIndex> cops_;
  std::vector<std::uint64_t> empties_;
};

}  // namespace

void DistributedSimulation::adjust_cops() {
  if (StripAccess::cops_constant(*strip_)) return;
  RanksRoster roster(*strip_, comm_, rank_, size_, counts_.cops);
  run_cop_schedule(roster, StripAccess::cop_target(*strip_), StripAccess::whole_cells(*strip_),
                   strip_->tick(), StripAccess::streams(*strip_));
}

namespace {

// A ScenarioError at the place where `key` was set.
ScenarioError refusal(const Scenario& scenario, const std::string& key, const std::string& problem,
                      const std::string& allowed) {
  const auto place = scenario.params.places.find(key);
  const auto value = scenario.params.values.find(key);
  return {place != scenario.params.places.end() ? place->second : SourcePlace{"default", 0, 0}, key,
          value != scenario.params.values.end() ? value_text(value->second) : "", problem, allowed};
}

// Whether `height` rows split into `ranks` strips that each hold at least
// `halo` rows of their own (and one) and fit with their halos.
bool splits(std::uint32_t height, std::uint32_t ranks, std::uint32_t halo) {
  return height / ranks >= std::max(halo, 1U) && (height + ranks - 1) / ranks + 2 * halo <= height;
}

}  // namespace

void DistributedSimulation::partition() {
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
  const Scenario& scenario = scenario_;
  if (!scenario.synchronous) {
    throw refusal(scenario, "model.activation",
                  "a simulation split across MPI ranks needs model.activation = \"synchronous\"",
                  "\"synchronous\" with panopticon_mpi, or panopticon run in one process");
  }
  if (Compliance::wanted(scenario)) {
    std::string key = "dissent.enabled";
    for (const MechanismInfo& m : mechanism_registry()) {
      if (!scenario.params.get_bool(key) && scenario.params.get_bool(m.name + ".enabled")) {
        key = m.name + ".enabled";
        break;
      }
    }
    throw refusal(scenario, key,
                  "the dissent layer and the mechanisms do not run across MPI ranks yet",
                  "false with panopticon_mpi, or panopticon run in one process");
  }
  if (size_ == 1) return;
  const std::uint32_t height = scenario.height;
  const auto n = static_cast<std::uint32_t>(size_);
  halo_ = halo_rows_for(scenario);
  const std::uint32_t thinnest = height / n;
  const std::uint32_t first = static_cast<std::uint32_t>(rank_) * height / n;
  const std::uint32_t last = (static_cast<std::uint32_t>(rank_) + 1) * height / n;
  if (!splits(height, n, halo_)) {
    // The rank counts that split this lattice (not always a range), the first few.
    std::vector<std::string> fit;
    for (std::uint32_t k = 1; k <= height && fit.size() <= 8; ++k) {
      if (k == 1 || splits(height, k, halo_)) fit.push_back(std::to_string(k));
    }
    if (fit.size() > 8) fit.back() = "...";
    throw refusal(scenario, "lattice.height",
                  fmt::format("a {}-row lattice is too short for {} MPI ranks: each strip of about "
                              "{} rows needs {} halo rows (7 x the vision reach) on each side, and "
                              "at least as many rows of its own",
                              height, n, thinnest, halo_),
                  fmt::format("{} rank(s) for this lattice and vision, or a taller lattice",
                              fmt::join(fit, ", ")));
  }
  region_.global_height = height;
  region_.own_rows = last - first;
  region_.own_first = halo_;
  region_.rows = region_.own_rows + 2 * halo_;
  region_.first_row = (first + height - halo_) % height;
  local_.height = region_.rows;
}

void DistributedSimulation::step() {
  strip_->step();
  if (size_ == 1) {
    reduce_counts();
    return;
  }
  exchange();
  reduce_counts();
  write_model_row(counts_, results_.append());
}

// My first own rows are the previous rank's bottom halo, my last own rows the
// next rank's top halo; I receive my halos from them in turn.
void DistributedSimulation::exchange() {
  const int prev = (rank_ + size_ - 1) % size_;
  const int next = (rank_ + 1) % size_;
  const auto top_own = StripAccess::pack_rows(*strip_, region_.own_first, halo_);
  const auto bottom_own =
      StripAccess::pack_rows(*strip_, region_.own_first + region_.own_rows - halo_, halo_);
  const auto bottom_halo = swap_rows(top_own, prev, next, 10, comm_);
  const auto top_halo = swap_rows(bottom_own, next, prev, 20, comm_);
  StripAccess::unpack_rows(*strip_, 0, top_halo);
  StripAccess::unpack_rows(*strip_, region_.own_first + region_.own_rows, bottom_halo);
}

void DistributedSimulation::reduce_counts() {
  const TickCounts& mine = strip_->counts();
  counts_ = mine;
  if (size_ == 1) return;
  const std::array<std::uint64_t, 5> local = {mine.quiet, mine.active, mine.jailed, mine.cops,
                                              mine.arrests};
  std::array<std::uint64_t, 5> total{};
  mpi::allreduce(local.data(), total.data(), 5, MPI_UINT64_T, MPI_SUM, comm_, "the counts");
  counts_.quiet = total[0];
  counts_.active = total[1];
  counts_.jailed = total[2];
  counts_.cops = total[3];
  counts_.arrests = total[4];
}

// As one process's Engine::state_hash(): the model's header, then the
// agents, whose hash is a sum of the cells' and prisoners', over ranks.
std::uint64_t DistributedSimulation::state_hash() const {
  if (size_ == 1) return strip_->state_hash();
  std::uint64_t mine = StripAccess::partial_hash(*strip_);
  std::uint64_t sum = 0;
  mpi::allreduce(&mine, &sum, 1, MPI_UINT64_T, MPI_SUM, comm_, "the state hash");
  StateArchive archive;
  auto& self = const_cast<DistributedSimulation&>(*this);
  std::int64_t t = tick();
  std::uint64_t arrests = counts_.arrests;
  walk_model_header(archive, scenario_, t, arrests, self.live_, self.results_);
  std::uint64_t agents = StripAccess::shared_hash(*strip_) + sum;
  archive.value("the agents", agents);
  return archive.hash();
}

std::uint64_t DistributedSimulation::migrations() const {
  std::uint64_t mine = StripAccess::migrations(*strip_);
  std::uint64_t sum = 0;
  mpi::allreduce(&mine, &sum, 1, MPI_UINT64_T, MPI_SUM, comm_, "the migration count");
  return sum;
}

void DistributedSimulation::save(CheckpointWriter& out) const {
  if (size_ == 1) {
    strip_->save(out);
    return;
  }
  using Occupant = StripAccess::Occupant;
  using Prisoner = StripAccess::Prisoner;
  const StripAccess::Rows mine =
      StripAccess::pack_rows(*strip_, region_.own_first, region_.own_rows);
  // Byte counts of every rank's own rows and prisoners, then the bytes; rank
  // order is row order, so rank 0 gets the whole lattice in order.
  const std::array<int, 3> sizes = {static_cast<int>(mine.codes.size()),
                                    static_cast<int>(mine.agents.size() * sizeof(Occupant)),
                                    static_cast<int>(mine.prisoners.size() * sizeof(Prisoner))};
  std::vector<int> all(rank_ == 0 ? 3 * static_cast<std::size_t>(size_) : 0);
  mpi::gather(sizes.data(), 3, MPI_INT, all.data(), 3, MPI_INT, 0, comm_, "a checkpoint");
  std::array<std::size_t, 3> totals{};
  for (int r = 0; rank_ == 0 && r < size_; ++r) {
    for (std::size_t part = 0; part < 3; ++part) {
      totals[part] += static_cast<std::size_t>(all[3 * static_cast<std::size_t>(r) + part]);
    }
  }
  StripAccess::Rows whole;
  whole.codes.resize(totals[0]);
  whole.agents.resize(totals[1] / sizeof(Occupant));
  whole.prisoners.resize(totals[2] / sizeof(Prisoner));
  auto gather = [&](const void* send, std::size_t part, void* receive_into) {
    std::vector<int> counts(rank_ == 0 ? static_cast<std::size_t>(size_) : 0);
    std::vector<int> displacements(counts.size());
    int total = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
      counts[r] = all[3 * r + part];
      displacements[r] = total;
      total += counts[r];
    }
    mpi::gatherv(send, sizes[part], MPI_BYTE, receive_into, counts.data(), displacements.data(),
                 MPI_BYTE, 0, comm_, "a checkpoint");
  };
  gather(mine.codes.data(), 0, whole.codes.data());
  gather(mine.agents.data(), 1, whole.agents.data());
  gather(mine.prisoners.data(), 2, whole.prisoners.data());
  if (rank_ != 0) return;
  // The model's header as one process writes it, then the whole lattice.
  StateArchive archive(out);
  auto& self = const_cast<DistributedSimulation&>(*this);
  std::int64_t t = tick();
  std::uint64_t arrests = counts_.arrests;
  walk_model_header(archive, scenario_, t, arrests, self.live_, self.results_);
  StripAccess::save_whole(*strip_, out, whole);
}

}  // namespace panopticon
