#include "panopticon/mpi_progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

namespace panopticon::mpi {

namespace {

double timeout_seconds = 300.0;

// A tag no exchange of the simulation uses: the signs of life after a timeout.
constexpr int kAliveTag = 32000;

using Clock = std::chrono::steady_clock;

// After the timeout: which ranks still answer? Every rank that times out
// sends a sign of life to all others and collects theirs for a grace period
// (a quarter of the timeout, at least 2 s, at most 30 s): the ranks that
// also wait time out within about a tick of each other, a stopped rank never
// answers. Then the job ends.
[[noreturn]] void end_stalled_job(MPI_Comm comm, const std::string& what,
                                  const std::vector<int>& peers, double waited) {
  int rank = 0;
  int size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  std::fprintf(stderr,
               "panopticon_mpi: rank %d: no progress for %.0f s in %s; asking the other ranks "
               "whether they answer\n",
               rank, waited, what.c_str());
  std::fflush(stderr);
  const char alive = 1;
  std::vector<MPI_Request> sent(static_cast<std::size_t>(size), MPI_REQUEST_NULL);
  for (int r = 0; r < size; ++r) {
    if (r != rank) MPI_Isend(&alive, 1, MPI_CHAR, r, kAliveTag, comm, &sent[r]);
  }
  std::vector<char> answered(static_cast<std::size_t>(size), 0);
  answered[rank] = 1;
  const double grace = std::clamp(timeout_seconds / 4.0, 2.0, 30.0);
  const auto until = Clock::now() + std::chrono::duration<double>(grace);
  while (Clock::now() < until) {
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, kAliveTag, comm, &flag, &status);
    if (flag != 0) {
      char sign = 0;
      MPI_Recv(&sign, 1, MPI_CHAR, status.MPI_SOURCE, kAliveTag, comm, MPI_STATUS_IGNORE);
      answered[status.MPI_SOURCE] = 1;
      if (std::count(answered.begin(), answered.end(), 1) == size) break;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  std::vector<int> silent;
  for (int r = 0; r < size; ++r) {
    if (answered[r] == 0) silent.push_back(r);
  }
  if (silent.empty() && !peers.empty()) silent = peers;  // all answer, but not here
  std::fprintf(
      stderr,
      "error: panopticon_mpi: rank %d: %s stopped answering (no progress for %.0f s in "
      "%s, the progress timeout); the job ends. The last checkpoint in the output "
      "directory, if any, is intact: resume with mpirun -n %d panopticon_mpi SCENARIO "
      "--resume --out DIR\n",
      rank,
      silent.empty()
          ? "no rank"
          : fmt::format("rank{} {}", silent.size() > 1 ? "s" : "", fmt::join(silent, ", ")).c_str(),
      waited, what.c_str(), size);
  std::fflush(stderr);
  MPI_Abort(comm, kStalledExit);
  std::abort();  // MPI_Abort does not return
}

}  // namespace

void set_progress_timeout(double seconds) {
  timeout_seconds = seconds;
}
double progress_timeout() {
  return timeout_seconds;
}

void wait_all(std::vector<MPI_Request>& requests, MPI_Comm comm, const std::string& what,
              const std::vector<int>& peers) {
  const auto start = Clock::now();
  // Poll at once for a while (exchanges of a tick usually complete within
  // microseconds), then sleep between polls, up to a millisecond.
  auto pause = std::chrono::microseconds(0);
  for (int polls = 0;; ++polls) {
    int done = 0;
    MPI_Testall(static_cast<int>(requests.size()), requests.data(), &done, MPI_STATUSES_IGNORE);
    if (done != 0) return;
    if (polls > 2000) {
      pause = std::min(std::chrono::microseconds(1000),
                       std::max(std::chrono::microseconds(20), pause * 2));
      std::this_thread::sleep_for(pause);
    }
    if (timeout_seconds > 0 && (polls & 63) == 0) {
      const double waited = std::chrono::duration<double>(Clock::now() - start).count();
      if (waited > timeout_seconds) end_stalled_job(comm, what, peers, waited);
    }
  }
}

void allreduce(const void* send, void* receive, int count, MPI_Datatype type, MPI_Op op,
               MPI_Comm comm, const std::string& what) {
  std::vector<MPI_Request> r(1);
  MPI_Iallreduce(send, receive, count, type, op, comm, r.data());
  wait_all(r, comm, what);
}

void allgather(const void* send, int send_count, MPI_Datatype send_type, void* receive,
               int receive_count, MPI_Datatype receive_type, MPI_Comm comm,
               const std::string& what) {
  std::vector<MPI_Request> r(1);
  MPI_Iallgather(send, send_count, send_type, receive, receive_count, receive_type, comm, r.data());
  wait_all(r, comm, what);
}

void allgatherv(const void* send, int send_count, MPI_Datatype send_type, void* receive,
                const int* counts, const int* displacements, MPI_Datatype receive_type,
                MPI_Comm comm, const std::string& what) {
  std::vector<MPI_Request> r(1);
  MPI_Iallgatherv(send, send_count, send_type, receive, counts, displacements, receive_type, comm,
                  r.data());
  wait_all(r, comm, what);
}

void gather(const void* send, int send_count, MPI_Datatype send_type, void* receive,
            int receive_count, MPI_Datatype receive_type, int root, MPI_Comm comm,
            const std::string& what) {
  std::vector<MPI_Request> r(1);
  MPI_Igather(send, send_count, send_type, receive, receive_count, receive_type, root, comm,
              r.data());
  wait_all(r, comm, what);
}

void gatherv(const void* send, int send_count, MPI_Datatype send_type, void* receive,
             const int* counts, const int* displacements, MPI_Datatype receive_type, int root,
             MPI_Comm comm, const std::string& what) {
  std::vector<MPI_Request> r(1);
  MPI_Igatherv(send, send_count, send_type, receive, counts, displacements, receive_type, root,
               comm, r.data());
  wait_all(r, comm, what);
}

void bcast(void* buffer, int count, MPI_Datatype type, int root, MPI_Comm comm,
           const std::string& what) {
  std::vector<MPI_Request> r(1);
  MPI_Ibcast(buffer, count, type, root, comm, r.data());
  wait_all(r, comm, what);
}

void sendrecv(const void* send, int send_count, MPI_Datatype send_type, int to, int send_tag,
              void* receive, int receive_count, MPI_Datatype receive_type, int from,
              int receive_tag, MPI_Comm comm, const std::string& what) {
  std::vector<MPI_Request> r(2);
  MPI_Irecv(receive, receive_count, receive_type, from, receive_tag, comm, &r[1]);
  MPI_Isend(send, send_count, send_type, to, send_tag, comm, r.data());
  wait_all(r, comm, what, from == to ? std::vector<int>{from} : std::vector<int>{to, from});
}

}  // namespace panopticon::mpi
