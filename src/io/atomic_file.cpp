#include "panopticon/atomic_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>

namespace panopticon {

const std::string& process_token() {
  // Not the pid alone: pids are reused, and a user's "x.partial-1234" must
  // never look like ours. Drawn once; the simulation's random streams are
  // untouched (random.hpp).
  static const std::string token = [] {
    std::random_device device;
    const std::uint64_t high = device();
    const std::uint64_t low = device();
    return fmt::format("{:016x}", (high << 32U) | low);
  }();
  return token;
}

DiskFullError::DiskFullError(std::filesystem::path path, const std::string& reason)
    : std::runtime_error(fmt::format("no space left writing {}: {}", path.string(), reason)),
      path_(std::move(path)) {}

namespace {

// The error of a failed write to `path`, errno telling which.
[[noreturn]] void fail_write(const std::filesystem::path& path) {
  const int error = errno;
  if (error == ENOSPC || error == EDQUOT || error == EFBIG) {
    throw DiskFullError(path, std::strerror(error));
  }
  throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), std::strerror(error)));
}

}  // namespace

std::filesystem::path temporary_path(const std::filesystem::path& path, const std::string& token) {
  return path.string() + ".partial-" + token;
}

AtomicFile::AtomicFile(std::filesystem::path target)
    : target_(std::move(target)), temporary_(temporary_path(target_)) {
  file_ = std::fopen(temporary_.c_str(), "wb");
  if (file_ == nullptr) {
    throw std::runtime_error(
        fmt::format("cannot write {}: {}", temporary_.string(), std::strerror(errno)));
  }
}

AtomicFile::AtomicFile(std::filesystem::path target, std::filesystem::path temporary,
                       std::optional<std::uint64_t> keep_bytes)
    : target_(std::move(target)), temporary_(std::move(temporary)), keep_on_abandon_(true) {
  if (!keep_bytes) {
    file_ = std::fopen(temporary_.c_str(), "wb");
  } else {
    std::error_code ec;
    const auto size = std::filesystem::file_size(temporary_, ec);
    if (ec || size < *keep_bytes) {
      throw std::runtime_error(fmt::format(
          "{} holds {} bytes where the checkpoint recorded {}: it is not this run's partial output",
          temporary_.string(), ec ? 0 : size, *keep_bytes));
    }
    std::filesystem::resize_file(temporary_, *keep_bytes);
    file_ = std::fopen(temporary_.c_str(), "ab");
    bytes_ = *keep_bytes;
  }
  if (file_ == nullptr) {
    throw std::runtime_error(
        fmt::format("cannot write {}: {}", temporary_.string(), std::strerror(errno)));
  }
}

AtomicFile::~AtomicFile() {
  if (file_ != nullptr) {
    std::fclose(file_);
    if (!keep_on_abandon_) {
      std::error_code ignored;
      std::filesystem::remove(temporary_, ignored);
    }
  }
}

void AtomicFile::write(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) fail_write(temporary_);
  bytes_ += text.size();
}

void AtomicFile::flush() {
  if (std::fflush(file_) != 0) fail_write(temporary_);
}

void AtomicFile::commit() {
  if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) fail_write(temporary_);
  std::fclose(file_);
  file_ = nullptr;
  std::filesystem::rename(temporary_, target_);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  AtomicFile file(path);
  file.write(text);
  file.commit();
}

}  // namespace panopticon
