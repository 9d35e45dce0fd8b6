#pragma once
// One synchronous simulation split across MPI ranks: the lattice is cut into
// horizontal strips, one per rank, each held with halo rows of its
// neighbours' strips above and below. Every rank steps its strip with the
// synchronous engine (synchronous.hpp) on the strip's own small torus; after
// the tick the halos are refreshed from their owners (agents that moved or
// were jailed across a border migrate with them), and counts and hashes are
// summed over ranks. The results are byte-identical to one process.
//
// Why halos of 7 x reach rows suffice: a tick's result on a cell depends on
// cells at most 7 reach rows away (decisions read a citizen-vision disk,
// cops pick from decisions in their vision, claims at a suspect gather cops in
// vision, the arresting cop leaves its cell, then moves read, claim and
// leave within vision: reach_c + 3 reach_k + 3 reach_m <= 7 reach), so what
// a strip computes wrongly at its outer edge (where its small torus wraps)
// never reaches its own rows within one tick.
#include <mpi.h>

#include <cstdint>
#include <memory>

#include "panopticon/live_parameters.hpp"
#include "panopticon/model.hpp"
#include "panopticon/results_table.hpp"
#include "panopticon/synchronous.hpp"

namespace panopticon {

class DistributedSimulation final : public Model {
 public:
  // Throws ScenarioError, naming the key, where it was set and what is
  // allowed, for a scenario that cannot be split: random-sequential
  // activation, the compliance layer, or strips too thin for their halos.
  DistributedSimulation(const Scenario& scenario, MPI_Comm comm);
  // Continues from a checkpoint of the synchronous engine, written by one
  // process or by any number of ranks: every rank reads it (the whole
  // lattice, briefly) and keeps its strip.
  DistributedSimulation(const Scenario& scenario, MPI_Comm comm, CheckpointReader& in);

  void step() override;
  std::int64_t tick() const override { return strip_->tick(); }
  const TickCounts& counts() const override { return counts_; }
  std::uint64_t citizen_count() const override { return strip_->citizen_count(); }
  const Scenario& scenario() const override { return scenario_; }
  // The same table, byte for byte, as one process's.
  const ResultsTable& results() const override;
  // The lattice and the agents' columns are spread over the ranks: these
  // throw std::logic_error (run in one process to read them).
  void cell_codes(std::span<std::uint8_t> out) const override;
  std::vector<ColumnSpec> columns() const override;
  ColumnData column(std::string_view name) const override;
  std::vector<std::string> active_mechanisms() const override { return {}; }
  double cop_vision() const override { return strip_->cop_vision(); }
  // Changes while the model runs are not split across ranks yet: these
  // throw ScenarioError.
  void adopt(const std::string& mechanism, const std::vector<Override>& parameters) override;
  void retire(const std::string& mechanism) override;
  void set_parameter(const std::string& key, const std::string& value) override;
  // Collective: every rank calls it; rank 0 gathers the strips and writes
  // the whole lattice in the synchronous engine's format, the others write
  // nothing.
  void save(CheckpointWriter& out) const override;
  // Summed over ranks: the same value as one process's state_hash().
  std::uint64_t state_hash() const override;
  const Compliance* compliance() const override { return nullptr; }

  int ranks() const { return size_; }
  std::uint32_t halo_rows() const { return halo_; }
  // Citizens that crossed into another rank's strip, summed over ranks.
  std::uint64_t migrations() const;

  // Halo rows a scenario needs: 7 x the largest vision reach.
  static std::uint32_t halo_rows_for(const Scenario& scenario);

 private:
  // Checks the scenario can be split and works out this rank's strip.
  void partition();
  // The cop schedule across strips, with the same draws and the same
  // choices as SynchronousSimulation::adjust_cops() in one process.
  void adjust_cops();
  void start_strip();
  void exchange();
  void reduce_counts();

  Scenario scenario_;
  Scenario local_;
  LiveParameters live_;   // the changes a loaded checkpoint holds
  ResultsTable results_;  // of the whole lattice (with more than one rank)
  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
  std::uint32_t halo_ = 0;
  StripRegion region_;
  std::unique_ptr<SynchronousSimulation> strip_;
  TickCounts counts_;
};

}  // namespace panopticon
