#pragma once
// Communication across MPI ranks that cannot hang for ever. A rank that
// stops (SIGSTOP, a hung node) would leave the others spinning at 100% CPU
// inside a blocking collective. Every exchange of the split simulation goes
// through these wrappers instead: each starts the non-blocking form of the
// operation and waits for it by polling, sleeping between polls (so a
// waiting rank does not burn its core), up to the progress timeout. When
// that passes, the rank sends a sign of life to every other rank, waits a
// grace period for theirs, names the ranks that did not answer on stderr and
// aborts the job (MPI_Abort, exit status 3). Checkpoints are written
// atomically (atomic_file.hpp), so the last one stays usable.
#include <mpi.h>

#include <string>
#include <vector>

namespace panopticon::mpi {

// Seconds without progress before the job is ended (default 300). A value
// <= 0 waits for ever. Set once per process, before the simulation starts.
void set_progress_timeout(double seconds);
double progress_timeout();

// Exit status of a job ended for a stalled rank.
inline constexpr int kStalledExit = 3;

// Waits for all `requests`, or ends the job as described above. `what`
// names the operation in the message; `peers` the ranks it waits on (empty:
// every rank, a collective).
void wait_all(std::vector<MPI_Request>& requests, MPI_Comm comm, const std::string& what,
              const std::vector<int>& peers = {});

// The blocking operations of the split simulation, with the timeout.
void allreduce(const void* send, void* receive, int count, MPI_Datatype type, MPI_Op op,
               MPI_Comm comm, const std::string& what);
void allgather(const void* send, int send_count, MPI_Datatype send_type, void* receive,
               int receive_count, MPI_Datatype receive_type, MPI_Comm comm,
               const std::string& what);
void allgatherv(const void* send, int send_count, MPI_Datatype send_type, void* receive,
                const int* counts, const int* displacements, MPI_Datatype receive_type,
                MPI_Comm comm, const std::string& what);
void gather(const void* send, int send_count, MPI_Datatype send_type, void* receive,
            int receive_count, MPI_Datatype receive_type, int root, MPI_Comm comm,
            const std::string& what);
void gatherv(const void* send, int send_count, MPI_Datatype send_type, void* receive,
             const int* counts, const int* displacements, MPI_Datatype receive_type, int root,
             MPI_Comm comm, const std::string& what);
void bcast(void* buffer, int count, MPI_Datatype type, int root, MPI_Comm comm,
           const std::string& what);
void sendrecv(const void* send, int send_count, MPI_Datatype send_type, int to, int send_tag,
              void* receive, int receive_count, MPI_Datatype receive_type, int from,
              int receive_tag, MPI_Comm comm, const std::string& what);

}  // namespace panopticon::mpi
