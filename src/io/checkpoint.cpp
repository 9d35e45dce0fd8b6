#include "panopticon/checkpoint.hpp"

#include <fmt/format.h>

#include <array>
#include <limits>

#include "panopticon/atomic_file.hpp"
#include "panopticon/input_file.hpp"
#include "panopticon/utf8.hpp"

namespace panopticon {

namespace {
constexpr std::array<char, 16> kMagic = {'P', 'A', 'N', 'O', 'P', 'T', 'I', 'C',
                                         'O', 'N', '-', 'C', 'K', 'P', 'T', '\0'};
constexpr std::size_t kHeader = 16 + 4 + 8;
constexpr std::size_t kTrailer = 8;
constexpr const char* kWhatACheckpointIs =
    "a checkpoint is the regular file that a run with --checkpoint-every writes";
}  // namespace

CheckpointError::CheckpointError(const std::string& message)
    : std::runtime_error(utf8::printable(message)) {}

std::uint64_t fnv1a64(const void* data, std::size_t bytes) {
  std::uint64_t h = 1469598103934665603ULL;
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < bytes; ++i) {
    h ^= p[i];
    h *= 1099511628211ULL;
  }
  return h;
}

void CheckpointWriter::put_string(const std::string& text) {
  put<std::uint64_t>(text.size());
  bytes_.insert(bytes_.end(), text.begin(), text.end());
}

std::vector<unsigned char> CheckpointWriter::file() const {
  std::vector<unsigned char> out(kHeader + bytes_.size() + kTrailer);
  unsigned char* at = out.data();
  const std::uint32_t format = kCheckpointFormat;
  const std::uint64_t length = bytes_.size();
  const std::uint64_t sum = fnv1a64(bytes_.data(), bytes_.size());
  std::memcpy(at, kMagic.data(), kMagic.size());
  std::memcpy(at + kMagic.size(), &format, sizeof format);
  std::memcpy(at + kMagic.size() + sizeof format, &length, sizeof length);
  if (!bytes_.empty()) std::memcpy(at + kHeader, bytes_.data(), bytes_.size());
  std::memcpy(at + kHeader + bytes_.size(), &sum, sizeof sum);
  return out;
}

void CheckpointWriter::write(const std::filesystem::path& path) const {
  const std::vector<unsigned char> bytes = file();
  write_file_atomically(
      path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

CheckpointReader::CheckpointReader(const std::filesystem::path& path) : path_(path) {
  // Never more than the file's size is read, and the payload only once the
  // header's length matches that size: a file of the wrong kind or size is
  // refused before anything is allocated for it.
  try {
    InputFile file(path, "checkpoint", std::numeric_limits<std::uint64_t>::max());
    std::array<unsigned char, kHeader> header{};
    if (file.size() < kHeader + kTrailer) {
      fail(fmt::format("is truncated: {} bytes, shorter than a checkpoint header", file.size()));
    }
    file.read(header.data(), header.size());
    const std::uint64_t length = payload_length(header.data(), file.size());
    bytes_.resize(length);
    if (length > 0) file.read(bytes_.data(), length);
    std::uint64_t sum = 0;
    file.read(&sum, sizeof sum);
    if (sum != fnv1a64(bytes_.data(), bytes_.size())) {
      fail("is corrupt: its checksum does not match its contents");
    }
  } catch (const InputFileError& e) {
    fail(e.problem() + "; " + kWhatACheckpointIs);
  }
}

CheckpointReader::CheckpointReader(std::filesystem::path name,
                                   const std::vector<unsigned char>& file)
    : path_(std::move(name)) {
  verify(file);
}

std::uint64_t CheckpointReader::payload_length(const unsigned char* header,
                                               std::uint64_t file_size) const {
  if (std::memcmp(header, kMagic.data(), kMagic.size()) != 0) {
    fail("is not a Panopticon checkpoint (wrong magic bytes)");
  }
  std::uint32_t format = 0;
  std::memcpy(&format, header + 16, sizeof format);
  if (format != kCheckpointFormat) {
    fail(fmt::format(
        "has checkpoint format {}, written by {} panopticon; this program reads format {}. "
        "Resume it with the version that wrote it, or start the run again",
        format, format < kCheckpointFormat ? "an older" : "a newer", kCheckpointFormat));
  }
  std::uint64_t length = 0;
  std::memcpy(&length, header + 20, sizeof length);
  if (length != file_size - kHeader - kTrailer) {
    fail(fmt::format(
        "is truncated or padded: the header announces {} payload bytes, the file holds {}", length,
        file_size - kHeader - kTrailer));
  }
  return length;
}

void CheckpointReader::verify(const std::vector<unsigned char>& file) {
  if (file.size() < kHeader + kTrailer) {
    fail(fmt::format("is truncated: {} bytes, shorter than a checkpoint header", file.size()));
  }
  const std::uint64_t length = payload_length(file.data(), file.size());
  std::uint64_t sum = 0;
  std::memcpy(&sum, file.data() + kHeader + length, sizeof sum);
  if (sum != fnv1a64(file.data() + kHeader, length)) {
    fail("is corrupt: its checksum does not match its contents");
  }
  bytes_.assign(file.begin() + kHeader,
                file.begin() + static_cast<std::ptrdiff_t>(kHeader + length));
}

std::string CheckpointReader::get_string(const char* what) {
  const auto n = get<std::uint64_t>(what);
  need(n, what);
  std::string text(reinterpret_cast<const char*>(bytes_.data() + at_), n);
  at_ += n;
  return text;
}

void CheckpointReader::expect_end() {
  if (at_ != bytes_.size())
    fail(fmt::format("has {} unexpected bytes at its end", bytes_.size() - at_));
}

void CheckpointReader::need(std::uint64_t bytes, const char* what) const {
  if (bytes > bytes_.size() - at_) fail(fmt::format("ends inside {}", what));
}

void CheckpointReader::fail(const std::string& problem) const {
  throw CheckpointError(fmt::format("checkpoint {} {}", path_.string(), problem));
}

}  // namespace panopticon
