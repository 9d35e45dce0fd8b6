#include "panopticon/output_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <sstream>
#include <thread>

#include "panopticon/atomic_file.hpp"

namespace panopticon {

namespace {

// What a lock file says of the process that wrote it.
struct Holder {
  std::string pid;
  std::string host;
  std::string token;
};

bool is_token(const std::string& text) {
  return text.size() == 16 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// At most a small page of the file: a lock file is three short lines.
Holder read_holder(int fd) {
  std::array<char, 512> buffer{};
  const ::ssize_t n = ::pread(fd, buffer.data(), buffer.size(), 0);
  Holder h;
  if (n <= 0) return h;
  std::istringstream in(std::string(buffer.data(), static_cast<std::size_t>(n)));
  std::string key;
  std::string value;
  while (in >> key >> value) {
    if (key == "pid" && value.find_first_not_of("0123456789") == std::string::npos) h.pid = value;
    if (key == "host") h.host = value;
    if (key == "token" && is_token(value)) h.token = value;
  }
  return h;
}

std::string host_name() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) return "";
  return {name.data()};
}

bool printable_word(const std::string& text) {
  return std::ranges::all_of(text, [](char c) {
    return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
  });
}

[[noreturn]] void busy(const std::filesystem::path& directory, const std::filesystem::path& lock,
                       int fd) {
  // The holder writes its pid just after taking the lock: give it a moment.
  Holder h = read_holder(fd);
  for (int i = 0; i < 50 && h.pid.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    h = read_holder(fd);
  }
  ::close(fd);
  std::string who = h.pid.empty() ? "another process" : "process " + h.pid;
  if (!h.host.empty() && h.host != host_name() && printable_word(h.host)) who += " on " + h.host;
  throw OutputLockError(fmt::format(
      "output directory {} is in use by {}, which holds its lock {}: two runs writing one "
      "directory would corrupt each other's files; wait for it to finish, or write elsewhere "
      "with --out",
      directory.string(), who, lock.string()));
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

OutputLock::OutputLock(std::filesystem::path directory) : directory_(std::move(directory)) {
  const std::filesystem::path lock = directory_ / kLockFile;
  std::error_code ec;
  const auto status = std::filesystem::status(directory_, ec);
  if (!std::filesystem::exists(status)) {
    throw OutputLockError(fmt::format("output directory {} does not exist", directory_.string()));
  }
  if (!std::filesystem::is_directory(status)) {
    throw OutputLockError(
        fmt::format("output directory {} is not a directory", directory_.string()));
  }
  // A holder that finishes removes the file while it holds the lock; a
  // process that had opened it just before then locks a file that is no
  // longer there, sees so, and tries again with the new one.
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    const int fd =
        ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
    if (fd < 0) {
      throw OutputLockError(fmt::format("cannot lock the output directory {}: cannot create {}: {}",
                                        directory_.string(), lock.string(), std::strerror(errno)));
    }
    struct stat opened {};
    if (::fstat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) {
      ::close(fd);
      throw OutputLockError(
          fmt::format("cannot lock the output directory {}: {} is not a regular file; remove it",
                      directory_.string(), lock.string()));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      if (error == EWOULDBLOCK) busy(directory_, lock, fd);
      ::close(fd);
      throw OutputLockError(fmt::format("cannot lock the output directory {}: {}",
                                        directory_.string(), std::strerror(error)));
    }
    struct stat now {};
    if (::lstat(lock.c_str(), &now) != 0 || !same_file(now, opened)) {
      ::close(fd);
      continue;
    }
    fd_ = fd;
  }
  if (fd_ < 0) {
    throw OutputLockError(
        fmt::format("cannot lock the output directory {}: its lock file {} keeps "
                    "changing",
                    directory_.string(), lock.string()));
  }
  // A lock file with content here was left by a process that died holding
  // it (one that ends removes it): its temporary files are provably ours.
  const Holder previous = read_holder(fd_);
  const std::string mine =
      fmt::format("pid {}\nhost {}\ntoken {}\n", ::getpid(), host_name(), process_token());
  if (::ftruncate(fd_, 0) != 0 ||
      ::pwrite(fd_, mine.data(), mine.size(), 0) != static_cast<::ssize_t>(mine.size())) {
    const int error = errno;
    ::unlink(lock.c_str());
    ::close(fd_);
    throw OutputLockError(fmt::format("cannot lock the output directory {}: cannot write {}: {}",
                                      directory_.string(), lock.string(), std::strerror(error)));
  }
  if (!previous.token.empty() && previous.token != process_token()) {
    remove_temporary_files(directory_, previous.token);
    // And in the folders a command writes into (a sweep's series/); never
    // through a symbolic link.
    std::error_code listing;
    for (const auto& entry : std::filesystem::directory_iterator(directory_, listing)) {
      if (entry.is_directory(listing) && !entry.is_symlink(listing)) {
        remove_temporary_files(entry.path(), previous.token);
      }
    }
  }
}

OutputLock::~OutputLock() {
  // Removed while still held, and only if it is still the file locked.
  const std::filesystem::path lock = directory_ / kLockFile;
  struct stat opened {};
  struct stat now {};
  if (::fstat(fd_, &opened) == 0 && ::lstat(lock.c_str(), &now) == 0 && same_file(opened, now)) {
    ::unlink(lock.c_str());
  }
  ::close(fd_);
}

int remove_temporary_files(const std::filesystem::path& directory, const std::string& token) {
  if (!is_token(token)) return 0;
  const std::string suffix = ".partial-" + token;
  int removed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= suffix.size() || !name.ends_with(suffix)) continue;
    std::error_code kind;
    if (!entry.is_regular_file(kind) || entry.is_symlink(kind)) continue;
    if (std::filesystem::remove(entry.path(), kind)) ++removed;
  }
  return removed;
}

}  // namespace panopticon
