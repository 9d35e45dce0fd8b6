#include "panopticon/state_archive.hpp"

namespace panopticon {

void StateArchive::bytes(const char* what, void* data, std::uint64_t n) {
  switch (mode_) {
    case Mode::kSave:
      out_->put<std::uint64_t>(n);
      out_->put_bytes(data, n);
      break;
    case Mode::kLoad: {
      const auto held = in_->get<std::uint64_t>(what);
      if (held != n) {
        in_->fail(std::string(what) + " has " + std::to_string(held) + " bytes where " +
                  std::to_string(n) + " were expected");
      }
      in_->get_bytes(what, data, n);
      break;
    }
    case Mode::kHash:
      mix_size(n);
      mix(data, n);
      break;
  }
}

void StateArchive::text(const char* what, std::string& s) {
  switch (mode_) {
    case Mode::kSave:
      out_->put_string(s);
      break;
    case Mode::kLoad:
      s = in_->get_string(what);
      break;
    case Mode::kHash:
      mix_size(s.size());
      mix(s.data(), s.size());
      break;
  }
}

void StateArchive::fail(const std::string& problem) const {
  if (in_ != nullptr) in_->fail(problem);
  throw CheckpointError(problem);
}

void StateArchive::mix(const void* data, std::size_t bytes) {
  const auto* p = static_cast<const unsigned char*>(data);
  std::uint64_t h = hash_;
  for (std::size_t i = 0; i < bytes; ++i) {
    h ^= p[i];
    h *= 1099511628211ULL;
  }
  hash_ = h;
}

}  // namespace panopticon
