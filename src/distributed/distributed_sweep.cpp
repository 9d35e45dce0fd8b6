#include "panopticon/distributed_sweep.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <stdexcept>
#include <vector>

namespace panopticon::mpi {

namespace {

constexpr int kTagWork = 41;    // rank 0 -> rank: a run id, or kStop
constexpr int kTagResult = 42;  // rank -> rank 0: an encoded RunOutcome
constexpr std::int64_t kStop = -1;
// Runs a rank holds at once: one running and one waiting, so that it never
// idles while rank 0 is busy with a run of its own.
constexpr int kAhead = 2;

void send_work(std::int64_t id, int rank, MPI_Comm comm) {
  MPI_Send(&id, 1, MPI_INT64_T, rank, kTagWork, comm);
}

}  // namespace

void release_sweep_ranks(MPI_Comm comm) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  for (int r = 1; r < size; ++r) send_work(kStop, r, comm);
}

SweepResult coordinate_sweep(const SweepPlan& plan, const SweepOptions& options, MPI_Comm comm) {
  const auto start = std::chrono::steady_clock::now();
  int size = 1;
  MPI_Comm_size(comm, &size);
  DesignPoints points = design_points(plan);
  SweepStore store(plan, points, options.directory);
  std::deque<std::size_t> queue(store.pending().begin(), store.pending().end());

  SweepRecorder recorder(store, options);

  std::vector<int> outstanding(static_cast<std::size_t>(size), 0);
  std::vector<bool> stopped(static_cast<std::size_t>(size), false);
  // Hands `rank` its next run, or stops it once it holds none.
  const auto feed = [&](int rank) {
    const auto r = static_cast<std::size_t>(rank);
    if (!queue.empty()) {
      send_work(static_cast<std::int64_t>(queue.front()), rank, comm);
      queue.pop_front();
      ++outstanding[r];
    } else if (outstanding[r] == 0 && !stopped[r]) {
      send_work(kStop, rank, comm);
      stopped[r] = true;
    }
  };
  for (int ahead = 0; ahead < kAhead; ++ahead) {
    for (int rank = 1; rank < size; ++rank) feed(rank);
  }
  const auto receive = [&](const MPI_Status& status) {
    int bytes = 0;
    MPI_Get_count(&status, MPI_BYTE, &bytes);
    std::string message(static_cast<std::size_t>(bytes), '\0');
    MPI_Recv(message.data(), bytes, MPI_BYTE, status.MPI_SOURCE, kTagResult, comm,
             MPI_STATUS_IGNORE);
    RunOutcome outcome = decode_outcome(message);
    if (outcome.row.point < 0 ||
        static_cast<std::size_t>(outcome.row.point) >= points.values.size()) {
      throw std::runtime_error("a rank sent the result of a run that is not in the plan");
    }
    outcome.row.values = points.values[static_cast<std::size_t>(outcome.row.point)];
    recorder.record(outcome);
    --outstanding[static_cast<std::size_t>(status.MPI_SOURCE)];
    feed(status.MPI_SOURCE);
  };
  const auto busy = [&] {
    for (int rank = 1; rank < size; ++rank) {
      if (outstanding[static_cast<std::size_t>(rank)] > 0) return true;
    }
    return false;
  };
  while (!queue.empty() || busy()) {
    // Results that have arrived first, then a run of rank 0's own.
    int arrived = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, kTagResult, comm, &arrived, &status);
    if (arrived != 0) {
      receive(status);
      continue;
    }
    if (!queue.empty()) {
      const std::size_t id = queue.front();
      queue.pop_front();
      recorder.record(execute_run(plan, points, id));
      continue;
    }
    MPI_Probe(MPI_ANY_SOURCE, kTagResult, comm, &status);
    receive(status);
  }
  for (int rank = 1; rank < size; ++rank) feed(rank);  // stops those not stopped yet
  return finish_sweep(
      store, std::move(points), store.pending().size(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

void serve_sweep(const std::string& plan_path, MPI_Comm comm) {
  std::optional<SweepPlan> plan;
  DesignPoints points;
  while (true) {
    std::int64_t id = kStop;
    MPI_Recv(&id, 1, MPI_INT64_T, 0, kTagWork, comm, MPI_STATUS_IGNORE);
    if (id < 0) return;
    if (!plan) {
      plan = load_plan(plan_path);
      points = design_points(*plan);
    }
    const std::string message =
        encode_outcome(execute_run(*plan, points, static_cast<std::size_t>(id)));
    MPI_Send(message.data(), static_cast<int>(message.size()), MPI_BYTE, 0, kTagResult, comm);
  }
}

}  // namespace panopticon::mpi
