#include "panopticon/state_archive.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace panopticon {
namespace {

// A piece of state that lists itself once, as the model's parts do.
struct Piece {
  std::int64_t count = 0;
  double rate = 0.0;
  std::vector<float> values;
  std::vector<std::uint32_t> ids;
  std::string name;

  void walk_state(StateArchive& a) {
    a.value("the count", count);
    a.require(count >= 0, "holds a negative count");
    a.value("the rate", rate);
    a.vector("the values", values, 3);
    a.vector_up_to("the ids", ids, 5);
    a.text("the name", name);
  }
  std::uint64_t hash() {
    StateArchive h;
    walk_state(h);
    return h.hash();
  }
};

CheckpointReader reader_of(const CheckpointWriter& w) {
  return CheckpointReader("piece.bin", w.file());
}

TEST(StateArchive, OneWalkSavesLoadsAndHashes) {
  Piece a{7, 0.25, {1.0F, 2.0F, 3.0F}, {4, 5}, "cameras"};
  CheckpointWriter w;
  StateArchive saving(w);
  a.walk_state(saving);
  CheckpointReader in = reader_of(w);
  StateArchive loading(in);
  Piece b;
  b.values.resize(3);
  b.walk_state(loading);
  in.expect_end();
  EXPECT_EQ(b.count, 7);
  EXPECT_EQ(b.rate, 0.25);
  EXPECT_EQ(b.values, a.values);
  EXPECT_EQ(b.ids, a.ids);
  EXPECT_EQ(b.name, "cameras");
  EXPECT_EQ(a.hash(), b.hash());
}

TEST(StateArchive, TheHashCoversEveryValueWalked) {
  Piece base{7, 0.25, {1.0F, 2.0F, 3.0F}, {4, 5}, "cameras"};
  const std::uint64_t h = base.hash();
  Piece p = base;
  p.count = 8;
  EXPECT_NE(p.hash(), h);
  p = base;
  p.rate = 0.5;
  EXPECT_NE(p.hash(), h);
  p = base;
  p.values[2] = 4.0F;
  EXPECT_NE(p.hash(), h);
  p = base;
  p.ids.push_back(6);
  EXPECT_NE(p.hash(), h);
  p = base;
  p.name = "camera";
  EXPECT_NE(p.hash(), h);
  // Lengths are part of it: {4, 5} and "" differ from {4} and "\x05...".
  Piece q = base;
  q.ids = {4};
  q.name = std::string("\x05\x00\x00\x00", 4) + "cameras";
  EXPECT_NE(q.hash(), h);
}

TEST(StateArchive, LoadingChecksWhatACraftedFileHolds) {
  Piece bad{-1, 0.0, {0, 0, 0}, {}, ""};
  CheckpointWriter w;
  StateArchive saving(w);
  bad.walk_state(saving);  // require() checks only on load
  CheckpointReader in = reader_of(w);
  StateArchive loading(in);
  Piece b;
  try {
    b.walk_state(loading);
    FAIL() << "no error";
  } catch (const CheckpointError& e) {
    EXPECT_EQ(std::string(e.what()), "checkpoint piece.bin holds a negative count");
  }
  // Too many entries for a bounded vector, or another length for a fixed one.
  CheckpointWriter w2;
  StateArchive s2(w2);
  std::vector<std::uint32_t> many(6, 1);
  s2.vector_up_to("the ids", many, 10);
  CheckpointReader in2 = reader_of(w2);
  StateArchive l2(in2);
  std::vector<std::uint32_t> got;
  EXPECT_THROW(l2.vector_up_to("the ids", got, 5), CheckpointError);
  CheckpointWriter w3;
  StateArchive s3(w3);
  std::vector<float> two(2, 1.0F);
  s3.vector("the values", two, 2);
  CheckpointReader in3 = reader_of(w3);
  StateArchive l3(in3);
  std::vector<float> three;
  try {
    l3.vector("the values", three, 3);
    FAIL() << "no error";
  } catch (const CheckpointError& e) {
    EXPECT_EQ(std::string(e.what()),
              "checkpoint piece.bin the values has 2 entries where 3 were expected");
  }
}

}  // namespace
}  // namespace panopticon
