#pragma once
// One walk over a piece of state for the three things done with it: write it
// into a checkpoint, read it back from one (checking what a crafted file
// could hold), and hash it. A part of the model lists its state once, in a
// walk_state(StateArchive&) function, so nothing saved can be left out of
// the hash or read back in another order than it was written.
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "panopticon/checkpoint.hpp"

namespace panopticon {

class StateArchive {
 public:
  enum class Mode : std::uint8_t { kSave, kLoad, kHash };

  explicit StateArchive(CheckpointWriter& out) : mode_(Mode::kSave), out_(&out) {}
  explicit StateArchive(CheckpointReader& in) : mode_(Mode::kLoad), in_(&in) {}
  // A walk that only hashes.
  StateArchive() = default;

  Mode mode() const { return mode_; }
  bool loading() const { return mode_ == Mode::kLoad; }
  bool saving() const { return mode_ == Mode::kSave; }

  // Whether a T's bytes are all its value: a number, an enum, or a type
  // without padding bytes, which would be indeterminate in a checkpoint and
  // in a state hash (a struct with padding is walked field by field).
  template <typename T>
  static constexpr bool kWalkedAsBytes =
      std::is_arithmetic_v<T> || std::is_enum_v<T> || std::has_unique_object_representations_v<T>;

  // `what` names the value in an error: "the telecom shutdown".
  template <typename T>
  void value(const char* what, T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    static_assert(kWalkedAsBytes<T>, "a type with padding is walked field by field");
    switch (mode_) {
      case Mode::kSave:
        out_->put(v);
        break;
      case Mode::kLoad:
        v = in_->get<T>(what);
        break;
      case Mode::kHash:
        mix(&v, sizeof v);
        break;
    }
  }
  // A vector of `expected` entries: a checkpoint holding another number is refused.
  template <typename T, typename Alloc>
  void vector(const char* what, std::vector<T, Alloc>& v, std::uint64_t expected) {
    static_assert(std::is_trivially_copyable_v<T>);
    static_assert(kWalkedAsBytes<T>, "a type with padding is walked field by field");
    switch (mode_) {
      case Mode::kSave:
        out_->put_vector(v);
        break;
      case Mode::kLoad:
        v = in_->get_vector<T, Alloc>(what, expected);
        break;
      case Mode::kHash:
        mix_size(v.size());
        mix(v.data(), v.size() * sizeof(T));
        break;
    }
  }
  // A vector of any length up to `most` entries.
  template <typename T, typename Alloc>
  void vector_up_to(const char* what, std::vector<T, Alloc>& v, std::uint64_t most) {
    std::uint64_t n = v.size();
    value(what, n);
    require(n <= most, std::string(what) + " holds more entries than possible");
    vector(what, v, n);
  }
  // The raw bytes of `n` trivially copyable values at `data`, of a size the
  // caller knows (a column of the layer's store).
  void bytes(const char* what, void* data, std::uint64_t n);
  void text(const char* what, std::string& s);

  // On load, refuses the checkpoint with `problem` unless `ok`: a file that
  // passed its checksum may still be crafted. Nothing happens otherwise.
  void require(bool ok, const std::string& problem) const {
    if (mode_ == Mode::kLoad && !ok) in_->fail(problem);
  }
  [[noreturn]] void fail(const std::string& problem) const;

  // The hash of everything walked so far (a walk in Mode::kHash).
  std::uint64_t hash() const { return hash_; }

 private:
  void mix(const void* data, std::size_t bytes);
  void mix_size(std::uint64_t n) { mix(&n, sizeof n); }

  Mode mode_ = Mode::kHash;
  CheckpointWriter* out_ = nullptr;
  CheckpointReader* in_ = nullptr;
  std::uint64_t hash_ = 1469598103934665603ULL;  // FNV-1a 64 offset basis
};

}  // namespace panopticon
