#pragma once
// Checkpoint files: everything needed to continue a run exactly where it
// stopped. Layout (little-endian):
//   16 bytes  magic "PANOPTICON-CKPT\0"
//    4 bytes  format version (kCheckpointFormat)
//    8 bytes  payload length in bytes
//    payload  fields written by CheckpointWriter::put*, read back in order
//    8 bytes  FNV-1a 64 checksum of the payload
// A file is written whole under a temporary name and renamed into place, so
// a crash while writing leaves the previous checkpoint intact.
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace panopticon {

// 3: the run record holds the checkpoint interval, and the model's state
// its lattice's width and height.
inline constexpr std::uint32_t kCheckpointFormat = 3;

// A checkpoint that cannot be used: the message names the file and what is
// wrong. Messages quote what a file holds, which may be any bytes, so the
// constructor writes control characters and bytes that are not UTF-8 as
// escapes: every message prints as one line and cannot drive the terminal.
class CheckpointError : public std::runtime_error {
 public:
  explicit CheckpointError(const std::string& message);
};

std::uint64_t fnv1a64(const void* data, std::size_t bytes);

class CheckpointWriter {
 public:
  template <typename T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const unsigned char*>(&value);
    bytes_.insert(bytes_.end(), p, p + sizeof(T));
  }
  template <typename T, typename Alloc>
  void put_vector(const std::vector<T, Alloc>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    put<std::uint64_t>(values.size());
    const auto* p = reinterpret_cast<const unsigned char*>(values.data());
    bytes_.insert(bytes_.end(), p, p + values.size() * sizeof(T));
  }
  void put_string(const std::string& text);
  void put_bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    bytes_.insert(bytes_.end(), p, p + n);
  }

  // The whole file (header, payload, checksum), as write() writes it.
  std::vector<unsigned char> file() const;

  // Writes header, payload and checksum to `path` atomically.
  void write(const std::filesystem::path& path) const;

 private:
  std::vector<unsigned char> bytes_;
};

class CheckpointReader {
 public:
  // Reads and verifies the whole file; throws CheckpointError. The file must
  // be a regular file (input_file.hpp), and its size what its header says.
  explicit CheckpointReader(const std::filesystem::path& path);
  // Verifies a checkpoint already in memory; `name` stands for the file in errors.
  CheckpointReader(std::filesystem::path name, const std::vector<unsigned char>& file);

  template <typename T>
  T get(const char* what) {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof(T), what);
    T value;
    std::memcpy(&value, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  template <typename T, typename Alloc = std::allocator<T>>
  std::vector<T, Alloc> get_vector(const char* what, std::uint64_t expected_size) {
    const auto n = get<std::uint64_t>(what);
    if (n != expected_size) {
      fail(std::string(what) + " has " + std::to_string(n) + " entries where " +
           std::to_string(expected_size) + " were expected");
    }
    need(n * sizeof(T), what);
    std::vector<T, Alloc> values(n);
    // An empty vector's data() may be null, and memcpy from or to null is
    // undefined even for 0 bytes (UBSan stops the sanitizer build on it).
    if (n > 0) std::memcpy(values.data(), bytes_.data() + at_, n * sizeof(T));
    at_ += n * sizeof(T);
    return values;
  }
  // The value `ahead` bytes past the current position, which stays: a
  // check made before anything is allocated for what follows.
  template <typename T>
  T peek(const char* what, std::size_t ahead = 0) const {
    static_assert(std::is_trivially_copyable_v<T>);
    need(ahead + sizeof(T), what);
    T value;
    std::memcpy(&value, bytes_.data() + at_ + ahead, sizeof(T));
    return value;
  }
  std::string get_string(const char* what);
  // `n` raw bytes into `out`.
  void get_bytes(const char* what, void* out, std::uint64_t n) {
    need(n, what);
    if (n > 0) std::memcpy(out, bytes_.data() + at_, n);
    at_ += n;
  }
  // Throws unless every byte of the payload was read.
  void expect_end();
  [[noreturn]] void fail(const std::string& problem) const;
  const std::filesystem::path& path() const { return path_; }

 private:
  void need(std::uint64_t bytes, const char* what) const;
  void verify(const std::vector<unsigned char>& file);
  // Checks magic, format and announced length against the file's size.
  std::uint64_t payload_length(const unsigned char* header, std::uint64_t file_size) const;

  std::filesystem::path path_;
  std::vector<unsigned char> bytes_;  // the payload
  std::size_t at_ = 0;
};

}  // namespace panopticon
