// The query API of a model (model.hpp), the same for both engines: cell
// codes, columns by name, the results table, snapshots and clones, and many
// models side by side.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "../compliance/layer_fixture.hpp"
#include "panopticon/model.hpp"
#include "panopticon/thread_budget.hpp"

namespace panopticon {
namespace {

using testing::layer_scenario;

const char* kEngines[] = {"random_sequential", "synchronous"};

Scenario full(const std::string& activation, std::uint64_t seed = 2, std::int64_t steps = 120) {
  std::string all = "[dissent]\nenabled = true\n[legitimacy]\ninitial = 0.7\n";
  for (const char* m : {"policing", "cameras", "telecom", "id_card", "social_credit", "ijop",
                        "denunciation", "public_punishment", "narratives"}) {
    all += std::string("[") + m + "]\nenabled = true\n";
  }
  return layer_scenario(all, seed, steps, "activation = \"" + activation + "\"\nthreads = 2\n");
}

// The cells show who stands there: the code of every cell is the most
// visible of its agents (a cop, then a citizen at liberty, ACTIVE before
// DISSENT before QUIET, then a prisoner), as the citizens' columns say. The
// synchronous engine holds one agent per cell, so its codes add up to the
// counts exactly.
TEST(Query, CellCodesShowWhoStandsThere) {
  for (const char* activation : kEngines) {
    for (const bool layer : {false, true}) {
      Scenario s = layer ? full(activation)
                         : parse_scenario(std::string("[model]\nsteps = 80\nactivation = \"") +
                                              activation + "\"\n[legitimacy]\ninitial = 0.7\n",
                                          "q.toml");
      auto m = make_model(s);
      for (int probe = 0; probe < 4; ++probe) {
        m->run(20);
        std::vector<std::uint8_t> codes(static_cast<std::size_t>(s.width) * s.height);
        m->cell_codes(codes);
        // The columns hold their values (a copy, under the synchronous
        // engine) for as long as they live.
        const ColumnData cell_column = m->column("cell");
        const ColumnData state_column = m->column("state");
        const auto cells = cell_column.values<CellIndex>();
        const auto states = state_column.values<AgentState>();
        // The best a citizen at liberty makes its cell show.
        std::vector<std::uint8_t> shown(codes.size(), 0);
        auto rank = [](CellCode c) {
          switch (c) {
            case CellCode::kCop:
              return 4;
            case CellCode::kActive:
              return 3;
            case CellCode::kDissent:
              return 2;
            case CellCode::kQuiet:
              return 1;
            default:
              return 0;
          }
        };
        for (std::size_t id = 0; id < states.size(); ++id) {
          const AgentState st = states[id];
          const CellCode code = st == AgentState::kActive    ? CellCode::kActive
                                : st == AgentState::kDissent ? CellCode::kDissent
                                : st == AgentState::kQuiet   ? CellCode::kQuiet
                                                             : CellCode::kEmpty;
          if (code == CellCode::kEmpty) continue;
          const auto at = static_cast<CellCode>(codes[cells[id]]);
          ASSERT_GE(rank(at), rank(code)) << activation << ": citizen " << id;
          shown[cells[id]] =
              std::max<std::uint8_t>(shown[cells[id]], static_cast<std::uint8_t>(rank(code)));
        }
        std::array<std::uint64_t, kCellCodeCount> n{};
        for (std::size_t c = 0; c < codes.size(); ++c) {
          ASSERT_LT(codes[c], kCellCodeCount);
          ++n[codes[c]];
          const auto code = static_cast<CellCode>(codes[c]);
          if (code == CellCode::kQuiet || code == CellCode::kActive || code == CellCode::kDissent) {
            ASSERT_EQ(shown[c], rank(code)) << activation << ": cell " << c;
          }
        }
        const TickCounts& k = m->counts();
        EXPECT_EQ(n[static_cast<std::size_t>(CellCode::kCop)], k.cops) << activation;
        if (std::string(activation) == "synchronous") {
          EXPECT_EQ(n[static_cast<std::size_t>(CellCode::kActive)], k.active);
          EXPECT_EQ(n[static_cast<std::size_t>(CellCode::kQuiet)], k.quiet);
          EXPECT_EQ(n[static_cast<std::size_t>(CellCode::kDissent)],
                    layer ? m->compliance()->dissenting() : 0U);
        }
      }
      std::vector<std::uint8_t> small(10);
      EXPECT_THROW(m->cell_codes(small), std::invalid_argument);
    }
  }
}

TEST(Query, ColumnsAreTheModelsTheLayersAndTheMechanismsOn) {
  for (const char* activation : kEngines) {
    auto m = make_model(full(activation));
    m->run(30);
    std::vector<std::string> names;
    for (const ColumnSpec& c : m->columns()) names.push_back(c.name);
    for (const char* name : {"state", "cell", "hardship", "risk_aversion", "legitimacy", "history",
                             "legitimacy_shift", "blacklisted", "cameras_last_seen",
                             "social_credit_score", "ijop_risk", "public_punishment_fear_until"}) {
      EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    }
    EXPECT_EQ(std::count(names.begin(), names.end(), "state"), 1);
    const ColumnData state = m->column("state");
    const auto values = state.values<AgentState>();
    ASSERT_EQ(values.size(), m->citizen_count());
    EXPECT_EQ(
        static_cast<std::uint64_t>(std::count(values.begin(), values.end(), AgentState::kActive)),
        m->counts().active);
    EXPECT_EQ(
        static_cast<std::uint64_t>(std::count(values.begin(), values.end(), AgentState::kDissent)),
        m->compliance()->dissenting());
    const ColumnData scores = m->column("social_credit_score");
    EXPECT_EQ(scores.values<float>().size(), m->citizen_count());
    EXPECT_FALSE(m->column("social_credit_score").is_copy()) << "the layer's columns are views";
    EXPECT_THROW(m->column("state").values<float>(), std::logic_error);
    try {
      m->column("nothere");
      FAIL() << "no error";
    } catch (const std::out_of_range& e) {
      EXPECT_NE(std::string(e.what()).find("no column nothere in this model; its columns: state, "
                                           "cell, hardship"),
                std::string::npos);
    }
  }
}

// Both engines start from the same population: the same cells, hardship
// and risk aversion for every citizen id, read from a view (by citizen) or
// a copy (by cell).
TEST(Query, BothEnginesAnswerAlike) {
  const std::string base = "[model]\nsteps = 10\n[legitimacy]\ninitial = 0.7\n";
  auto rs = make_model(parse_scenario(base, "q.toml"));
  auto sy = make_model(parse_scenario(base, "q.toml", {{"model.activation", "synchronous"}}));
  for (const char* name : {"cell", "hardship", "risk_aversion"}) {
    const ColumnData a = rs->column(name);
    const ColumnData b = sy->column(name);
    ASSERT_EQ(a.type(), b.type());
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * bytes_of(a.type())), 0) << name;
    EXPECT_FALSE(a.is_copy());
    EXPECT_TRUE(b.is_copy());
  }
  EXPECT_EQ(rs->results().columns().size(), 6U);
  EXPECT_EQ(rs->results().columns()[0].name, "quiet");
  const ColumnData legitimacy = sy->column("legitimacy");
  const auto l = legitimacy.values<double>();
  EXPECT_TRUE(std::all_of(l.begin(), l.end(), [](double v) { return v == 0.7; }));
}

// Branching (Box2D's snapshot): two clones of a snapshot at tick t stepped
// alike have identical futures; stepped with different parameters they
// share every row up to t and part after.
TEST(Branching, ClonesOfASnapshotShareThePastAndMayDivergeAfter) {
  for (const char* activation : kEngines) {
    auto original = make_model(full(activation, 5, 160));
    original->run(80);
    const ModelSnapshot snap = original->snapshot();
    auto a = restore(snap);
    auto b = original->clone();
    // A clone reads as its original, column by column (scratch included).
    for (const ColumnSpec& spec : original->columns()) {
      const ColumnData x = original->column(spec.name);
      const ColumnData y = b->column(spec.name);
      ASSERT_EQ(x.size(), y.size()) << spec.name;
      ASSERT_EQ(std::memcmp(x.data(), y.data(), x.size() * bytes_of(x.type())), 0)
          << activation << ": " << spec.name;
    }
    auto c = original->clone();
    c->set_parameter("cameras.coverage", "0.8");
    c->retire("narratives");
    for (int t = 0; t < 80; ++t) {
      a->step();
      b->step();
      c->step();
      ASSERT_EQ(a->state_hash(), b->state_hash()) << activation << " tick " << a->tick();
    }
    ASSERT_EQ(a->results().rows(), 161U);
    for (std::size_t t = 0; t <= 80; ++t) {
      const auto x = a->results().row(t);
      const auto y = c->results().row(t);
      ASSERT_TRUE(std::equal(x.begin(), x.end(), y.begin(), y.end())) << "row " << t;
    }
    const auto x = a->results().row(81);
    const auto y = c->results().row(81);
    EXPECT_FALSE(std::equal(x.begin(), x.end(), y.begin(), y.end())) << activation;
    // The original is untouched by its clones.
    original->run(80);
    EXPECT_EQ(original->state_hash(), a->state_hash());
  }
}

// Many simulations in one process: 8 stepped concurrently on a thread pool
// give the same outputs as 8 run one after another.
TEST(SideBySide, ConcurrentModelsGiveTheOutputsOfSequentialOnes) {
  std::vector<Scenario> scenarios;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    scenarios.push_back(full(seed % 2 == 0 ? "synchronous" : "random_sequential", seed, 60));
    scenarios.back().threads = 0;  // a share of the process's budget
  }
  std::vector<std::uint64_t> sequential;
  std::vector<std::vector<double>> sequential_last;
  for (const Scenario& s : scenarios) {
    auto m = make_model(s);
    m->run_to_end();
    sequential.push_back(m->state_hash());
    const auto last = m->results().last_row();
    sequential_last.emplace_back(last.begin(), last.end());
  }
  std::vector<std::uint64_t> concurrent(scenarios.size());
  std::vector<std::vector<double>> concurrent_last(scenarios.size());
  run_side_by_side(
      scenarios.size(),
      [&](std::size_t i) {
        auto m = make_model(scenarios[i]);
        m->run_to_end();
        concurrent[i] = m->state_hash();
        const auto last = m->results().last_row();
        concurrent_last[i].assign(last.begin(), last.end());
      },
      4);
  EXPECT_EQ(concurrent, sequential);
  EXPECT_EQ(concurrent_last, sequential_last);
  EXPECT_EQ(ThreadBudget::process().in_use(), 0);
}

}  // namespace
}  // namespace panopticon
