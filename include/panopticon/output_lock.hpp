#pragma once
// One process at a time in an output directory. Two runs writing the same
// ticks.csv.partial interleave their rows and both report success; so a
// run, a resume or a compare holds an advisory lock (flock) on
// DIR/.panopticon.lock for as long as it writes there, and a second one is
// refused, naming the process that holds it. The kernel releases the lock
// of a process that dies however it dies (SIGKILL included), so a killed
// run never blocks the next one.
//
// The lock file holds its holder's pid, host and token (atomic_file.hpp).
// Taking over a lock that a dead process left behind removes that
// process's temporary files ("NAME.partial-<its token>", in the directory
// and in the folders directly in it, such as a sweep's series/), which it
// could not remove itself: the only files the program deletes without having
// made them in this process, and it can prove that it made them.
#include <filesystem>
#include <stdexcept>
#include <string>

namespace panopticon {

inline constexpr const char* kLockFile = ".panopticon.lock";

// The directory is held by another process, or cannot be locked (it is
// missing, not a directory, or not writable): bad input, exit status 2.
class OutputLockError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class OutputLock {
 public:
  // Locks `directory`, which must exist; throws OutputLockError.
  explicit OutputLock(std::filesystem::path directory);
  // Removes the lock file and releases the lock.
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
  int fd_ = -1;
};

// Removes the regular files directly in `directory` whose names end in
// ".partial-<token>" (the temporary files of the process with that token);
// returns how many. Anything else stays, whatever its name.
int remove_temporary_files(const std::filesystem::path& directory, const std::string& token);

}  // namespace panopticon
