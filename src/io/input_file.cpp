#include "panopticon/input_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace panopticon {

namespace {

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;

// What a file of this mode is, with its article, for "is a directory".
std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string predicate_of(mode_t mode) {
  return "is " + kind_of(mode);
}

std::string errno_problem(int error) {
  if (error == ENOENT) return "does not exist";
  if (error == ENOTDIR) return "does not exist (a part of its path is not a directory)";
  return fmt::format("cannot be read: {}", std::strerror(error));
}

// "4 MiB" for a whole number of MiB, else size_text's form.
std::string limit_text(std::uint64_t bytes) {
  if (bytes >= kMiB && bytes % kMiB == 0) return fmt::format("{} MiB", bytes / kMiB);
  return size_text(bytes);
}

}  // namespace

InputFileError::InputFileError(std::filesystem::path path, std::string problem)
    : std::runtime_error(path.string() + " " + problem),
      path_(std::move(path)),
      problem_(std::move(problem)) {}

std::string size_text(std::uint64_t bytes) {
  if (bytes < kMiB) return fmt::format("{} bytes", bytes);
  const std::string mib = bytes % kMiB == 0
                              ? fmt::format("{}", bytes / kMiB)
                              : fmt::format("{:.1f}", static_cast<double>(bytes) / kMiB);
  return fmt::format("{} MiB ({} bytes)", mib, bytes);
}

std::optional<std::string> not_a_regular_file(const std::filesystem::path& path) {
  struct stat link {};
  if (::lstat(path.c_str(), &link) != 0) return errno_problem(errno);
  if (!S_ISLNK(link.st_mode)) {
    if (S_ISREG(link.st_mode)) return std::nullopt;
    return predicate_of(link.st_mode);
  }
  struct stat target {};
  const bool resolved = ::stat(path.c_str(), &target) == 0;
  const int error = errno;
  if (resolved && S_ISREG(target.st_mode)) return std::nullopt;
  std::error_code ec;
  std::filesystem::path to = std::filesystem::read_symlink(path, ec);
  if (ec) to = "?";
  if (!resolved) {
    if (error == ELOOP)
      return fmt::format("is a symbolic link to {}, in a loop of links", to.string());
    if (error == ENOENT)
      return fmt::format("is a symbolic link to {}, which does not exist", to.string());
    return fmt::format("is a symbolic link to {}, which {}", to.string(), errno_problem(error));
  }
  // Name where the links end, which may be several links away.
  const std::filesystem::path end = std::filesystem::canonical(path, ec);
  const std::string shown = ec || end == to ? to.string() : to.string() + " (" + end.string() + ")";
  return fmt::format("is a symbolic link to {}, which is {}", shown, kind_of(target.st_mode));
}

InputFile::InputFile(std::filesystem::path path, std::string what, std::uint64_t most_bytes)
    : path_(std::move(path)) {
  // Classified before it is opened: opening a FIFO for reading would wait
  // for a writer, and a device could be anything.
  if (auto problem = not_a_regular_file(path_)) throw InputFileError(path_, *problem);
  // O_NONBLOCK: should the path have become a FIFO since, open returns at once.
  fd_ = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd_ < 0) throw InputFileError(path_, errno_problem(errno));
  struct stat st {};
  std::optional<std::string> problem;
  if (::fstat(fd_, &st) != 0) {
    problem = errno_problem(errno);
  } else if (!S_ISREG(st.st_mode)) {
    problem = predicate_of(st.st_mode);
  } else if (static_cast<std::uint64_t>(st.st_size) > most_bytes) {
    problem =
        fmt::format("is {}; a {} is at most {}", size_text(static_cast<std::uint64_t>(st.st_size)),
                    what, limit_text(most_bytes));
  }
  if (problem) {
    ::close(fd_);
    fd_ = -1;
    throw InputFileError(path_, *problem);
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

void InputFile::read(void* out, std::uint64_t n) {
  if (n > size_ - at_) {
    throw InputFileError(path_, fmt::format("ends after {} bytes", size_));
  }
  auto* p = static_cast<char*>(out);
  std::uint64_t done = 0;
  while (done < n) {
    const ::ssize_t got = ::read(fd_, p + done, n - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw InputFileError(path_, errno_problem(errno));
    if (got == 0) {
      throw InputFileError(path_, fmt::format("shrank to {} bytes while it was read (it was {})",
                                              at_ + done, size_));
    }
    done += static_cast<std::uint64_t>(got);
  }
  at_ += n;
}

std::string InputFile::read_rest() {
  std::string text(size_ - at_, '\0');
  read(text.data(), text.size());
  return text;
}

std::string read_input_file(const std::filesystem::path& path, const std::string& what,
                            std::uint64_t most_bytes) {
  InputFile file(path, what, most_bytes);
  return file.read_rest();
}

}  // namespace panopticon
