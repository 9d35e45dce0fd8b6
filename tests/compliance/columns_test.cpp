#include "panopticon/columns.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "panopticon/mechanism.hpp"
#include "panopticon/society.hpp"

namespace panopticon {
namespace {

ColumnSpec spec(std::string name, ColumnType type, double min = -1e9, double max = 1e9,
                bool saved = true) {
  ColumnSpec c;
  c.name = std::move(name);
  c.type = type;
  c.min = min;
  c.max = max;
  c.saved = saved;
  c.hashed = saved;
  c.owner = "test";
  return c;
}

TEST(ColumnStore, ColumnsAreStoredByNameAndType) {
  ColumnStore store(5, 12);
  ColumnSpec score = spec("score", ColumnType::kF32);
  score.initial = 1000.0;
  store.add(score);
  ColumnSpec watch = spec("watch", ColumnType::kF32);
  watch.scope = ColumnScope::kCell;
  store.add(watch);
  store.add(spec("state", ColumnType::kState, 0, 4));
  Column<float> s = store.get<float>("score");
  ASSERT_EQ(s.size(), 5U);
  EXPECT_EQ(s[4], 1000.0F);
  EXPECT_EQ(store.get<float>("watch").size(), 12U);
  s[2] = 3.5F;
  EXPECT_EQ(store.get<float>("score")[2], 3.5F);  // one storage, however it is reached
  EXPECT_FALSE(store.find<float>("absent"));
  EXPECT_THROW(store.add(score), std::logic_error);
  try {
    store.get<std::uint8_t>("score");
    FAIL() << "no error";
  } catch (const std::logic_error& e) {
    EXPECT_EQ(std::string(e.what()), "the column score holds f32, not u8");
  }
  try {
    store.get<float>("absent");
    FAIL() << "no error";
  } catch (const std::logic_error& e) {
    EXPECT_EQ(std::string(e.what()), "no column absent (f32) is held now");
  }
  // Handles of other columns stay valid while one comes and goes.
  store.remove("watch");
  EXPECT_FALSE(store.has("watch"));
  EXPECT_EQ(s[2], 3.5F);
  ASSERT_EQ(store.specs().size(), 2U);
  EXPECT_EQ(store.specs()[1]->name, "state");
  const ColumnView v = store.view("score");
  ASSERT_NE(v.spec, nullptr);
  EXPECT_EQ(static_cast<const float*>(v.data)[2], 3.5F);
}

CheckpointReader saved(ColumnStore& store) {
  CheckpointWriter w;
  StateArchive a(w);
  store.walk_state(a);
  return CheckpointReader("cols.bin", w.file());
}

TEST(ColumnStore, SaveLoadAndHashWalkTheDeclarations) {
  ColumnStore a(4, 6);
  a.add(spec("score", ColumnType::kF32));
  a.add(spec("scratch", ColumnType::kF32, -1e9, 1e9, false));
  ColumnSpec where = spec("where", ColumnType::kU32, 0, 1e9);
  where.cell_index = true;
  a.add(where);
  a.get<float>("score")[1] = 2.0F;
  a.get<float>("scratch")[1] = 9.0F;
  a.get<std::uint32_t>("where")[3] = 5;
  CheckpointReader in = saved(a);
  ColumnStore b(4, 6);
  b.add(spec("score", ColumnType::kF32));
  b.add(spec("scratch", ColumnType::kF32, -1e9, 1e9, false));
  b.add(where);
  StateArchive loading(in);
  b.walk_state(loading);
  in.expect_end();
  EXPECT_EQ(b.get<float>("score")[1], 2.0F);
  EXPECT_EQ(b.get<std::uint32_t>("where")[3], 5U);
  EXPECT_EQ(b.get<float>("scratch")[1], 0.0F) << "scratch is not saved";
  auto hash = [](ColumnStore& s) {
    StateArchive h;
    s.walk_state(h);
    return h.hash();
  };
  EXPECT_EQ(hash(a), hash(b)) << "scratch is not hashed either";
  b.get<float>("score")[0] = 1.0F;
  EXPECT_NE(hash(a), hash(b));
}

std::string load_error(ColumnStore& from, const ColumnSpec& declared) {
  CheckpointReader in = saved(from);
  ColumnStore to(4, 6);
  to.add(declared);
  StateArchive loading(in);
  try {
    to.walk_state(loading);
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ColumnStore, LoadRefusesWhatItsDeclarationDoesNotAllow) {
  const ColumnSpec flag = spec("flag", ColumnType::kU8, 0, 1);
  ColumnStore a(4, 6);
  a.add(flag);
  a.get<std::uint8_t>("flag")[2] = 7;
  EXPECT_EQ(load_error(a, flag),
            "checkpoint cols.bin holds 7 in the column flag, which allows finite values from 0 "
            "to 1");
  ColumnSpec where = spec("where", ColumnType::kU32, 0, 1e9);
  where.cell_index = true;
  ColumnStore b(4, 6);
  b.add(where);
  b.get<std::uint32_t>("where")[0] = 6;
  EXPECT_EQ(load_error(b, where),
            "checkpoint cols.bin holds 6 in the column where, which allows a cell of the 6-cell "
            "lattice");
  const ColumnSpec risk = spec("risk", ColumnType::kF32);
  ColumnStore c(4, 6);
  c.add(risk);
  c.get<float>("risk")[1] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_NE(load_error(c, risk).find("holds nan in the column risk"), std::string::npos);
  // Another column than declared: the checkpoint belongs to another model.
  EXPECT_EQ(load_error(c, spec("score", ColumnType::kF32)),
            "checkpoint cols.bin holds the column risk where this scenario declares score");
}

// Every mechanism keeps the registry's rules: its columns and results carry
// its name, every saved column is hashed, and its first parameters are its
// switch and timing.
TEST(Registry, EveryMechanismDeclaresWhatItOwns) {
  ASSERT_GE(mechanism_registry().size(), 9U);
  int order = -1;
  for (const MechanismInfo& m : mechanism_registry()) {
    EXPECT_GT(m.order, order) << m.name << ": the registry is in declared order";
    order = m.order;
    ASSERT_GE(m.parameters.size(), 3U) << m.name;
    EXPECT_EQ(m.parameters[0].name, m.name + ".enabled");
    EXPECT_EQ(m.parameters[1].name, m.name + ".start_tick");
    EXPECT_EQ(m.parameters[2].name, m.name + ".end_tick");
    for (const ColumnSpec& c : m.columns) {
      EXPECT_TRUE(c.name.starts_with(m.name + "_")) << c.name;
      EXPECT_TRUE(!c.saved || c.hashed) << c.name;
      EXPECT_EQ(c.owner, m.name);
    }
    for (const OutputColumn& r : m.results) EXPECT_TRUE(r.name.starts_with(m.name + "_"));
    EXPECT_FALSE(m.file.empty());
  }
  for (const ColumnSpec& c : layer_columns()) EXPECT_TRUE(!c.saved || c.hashed) << c.name;
}

}  // namespace
}  // namespace panopticon
