#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "panopticon/scenario_error.hpp"
#include "panopticon/world.hpp"
#include "world_fixture.hpp"

namespace panopticon {
namespace {

using world_test::importer;
using world_test::world_text;
using world_test::WorldFiles;

std::string error_of(const WorldFiles& files, const std::string& text) {
  try {
    files.parse(text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(WorldFile, ReadsCountriesTheirAttributesAndTheExporter) {
  const WorldFiles files("read");
  const WorldSpec w = files.parse(world_text(
      "historical",
      importer(
          "Ecuador",
          R"(events = [{ package = "cameras", year = 2011, terms = "partly_free", source = "[S32]" }]
holds = [{ package = "telecom", year = 2005 }])") +
          importer("Peru", R"(neighbours = ["Ecuador"])")));
  ASSERT_EQ(w.countries.size(), 3U);
  EXPECT_EQ(w.countries[w.exporter].name, "China");
  const CountrySpec& ecuador = w.countries[1];
  EXPECT_DOUBLE_EQ(ecuador.agents(), 400.0);
  ASSERT_EQ(ecuador.events.size(), 1U);
  EXPECT_EQ(ecuador.events[0].package, Package::kCameras);
  EXPECT_EQ(ecuador.events[0].terms, Terms::kPartlyFree);
  EXPECT_EQ(ecuador.events[0].source, "[S32]");
  ASSERT_EQ(ecuador.holds.size(), 1U);
  EXPECT_EQ(ecuador.holds[0].package, Package::kTelecom);
  // Neighbours: as written, or the region's other countries.
  EXPECT_EQ(w.countries[2].neighbours, std::vector<std::size_t>{1});
  EXPECT_EQ(ecuador.neighbours, (std::vector<std::size_t>{0, 2}));
}

TEST(WorldFile, TheCountryScenarioCarriesTheWorldsOverrides) {
  const WorldFiles files("overrides");
  const WorldSpec w = files.parse(world_text(
      "simulated", importer("A", "legitimacy = 0.77\nhardship_shift = 0.05\ncrime = 0.003")));
  const Scenario s = country_scenario(w, 1);
  EXPECT_EQ(s.steps, w.total_ticks());
  EXPECT_EQ(s.steps, 5 * 20);
  EXPECT_EQ(s.seed, country_seed(w, 1, 0));
  EXPECT_EQ(country_scenario(w, 1, 2).seed, country_seed(w, 1, 2));
  // No two (world seed, country, replicate) share a seed by arithmetic, as
  // seed + country did (world 1's country 1 was world 2's country 0), and
  // the export's draws have a seed of their own.
  std::set<std::uint64_t> seeds;
  WorldSpec other = w;
  for (std::uint64_t world_seed = 1; world_seed <= 4; ++world_seed) {
    other.seed = world_seed;
    for (int r = 0; r < 4; ++r) {
      EXPECT_TRUE(seeds.insert(export_seed(other, r)).second);
      for (std::size_t c = 0; c < 8; ++c)
        EXPECT_TRUE(seeds.insert(country_seed(other, c, r)).second);
    }
  }
  for (const std::uint64_t seed : seeds) EXPECT_LE(seed, 9000000000000000000ULL);
  EXPECT_EQ(s.threads, 1);
  EXPECT_TRUE(s.compliance_forced);
  EXPECT_DOUBLE_EQ(s.params.get_float("legitimacy.initial"), 0.77);
  EXPECT_DOUBLE_EQ(s.params.get_float("dissent.hardship_shift"), 0.05);
  EXPECT_DOUBLE_EQ(s.params.get_float("crime.rate"), 0.003);
  // 400 agents at density 0.7: a 24 x 24 lattice (576 cells, 403 citizens).
  EXPECT_EQ(s.width, 24U);
  EXPECT_EQ(s.height, 24U);
}

TEST(WorldFile, SimulatedWorldsTakeCountriesFromAnotherFile) {
  const WorldFiles files("from");
  files.write("historical.toml", world_text("historical", importer("A")));
  const WorldSpec w = files.parse(R"(
[world]
mode = "simulated"
start_year = 2008
end_year = 2010
exporter = "China"
countries_from = "historical.toml"
)");
  EXPECT_EQ(w.mode, WorldMode::kSimulated);
  ASSERT_EQ(w.countries.size(), 2U);
  EXPECT_EQ(w.countries[1].name, "A");
}

TEST(WorldFile, SyntheticCountriesAreDrawnFromTheirDistributionsTheSameEachTime) {
  const WorldFiles files("synthetic");
  const std::string text = world_text("simulated", R"(
[synthetic]
count = 200
regions = 4
scenario = "importer.toml"
agents = 300
openness = { distribution = "beta", alpha = 2, beta = 2 }
belt_and_road = { distribution = "bernoulli", p = 0.25 }
legitimacy = { distribution = "uniform", min = 0.7, max = 0.8 }
)");
  const WorldSpec a = files.parse(text);
  const WorldSpec b = files.parse(text);
  ASSERT_EQ(a.countries.size(), 201U);
  double openness = 0.0;
  int members = 0;
  for (std::size_t i = 1; i < a.countries.size(); ++i) {
    const CountrySpec& c = a.countries[i];
    EXPECT_EQ(c.openness, b.countries[i].openness);
    EXPECT_NEAR(c.agents(), 300.0, 1e-6);
    EXPECT_GE(*c.legitimacy, 0.7);
    EXPECT_LE(*c.legitimacy, 0.8);
    openness += c.openness;
    members += c.belt_and_road ? 1 : 0;
    EXPECT_EQ(c.neighbours.size(), 49U);  // its region's other 49
  }
  // Beta(2, 2) has mean 0.5 and sd 0.22: the mean of 200 within 4 standard errors.
  EXPECT_NEAR(openness / 200.0, 0.5, 4 * 0.224 / std::sqrt(200.0));
  // Bernoulli(0.25): 50 of 200, sd 6.1.
  EXPECT_NEAR(members, 50, 4 * 6.1);
}

// Each bad world names the file and line, the country and the key, and what is allowed.
struct BadWorld {
  std::string name;
  std::string countries;
  std::vector<std::string> says;
};

class BadWorlds : public ::testing::TestWithParam<BadWorld> {};

TEST_P(BadWorlds, AreRefusedWithAClearMessage) {
  const WorldFiles files("bad");
  const std::string message = error_of(files, world_text("historical", GetParam().countries));
  ASSERT_FALSE(message.empty()) << GetParam().name;
  for (const std::string& s : GetParam().says) {
    EXPECT_NE(message.find(s), std::string::npos) << message << "\n  lacks: " << s;
  }
}

INSTANTIATE_TEST_SUITE_P(
    WorldFile, BadWorlds,
    ::testing::Values(
        BadWorld{"unknown_country_file",
                 importer("A", "", "nowhere.toml"),
                 {"world.toml:", "country \"A\" scenario", "nowhere.toml does not exist"}},
        BadWorld{"unknown_package",
                 importer("A", R"(events = [{ package = "drones", year = 2010 }])"),
                 {"world.toml:", "country \"A\" events package", "\"drones\"", "is no package",
                  "cameras, telecom"}},
        BadWorld{"neighbour_not_in_world",
                 importer("A", R"(neighbours = ["Atlantis"])"),
                 {"world.toml:", "country \"A\" neighbours", "\"Atlantis\"",
                  "is no country of the world"}},
        BadWorld{"year_before_start",
                 importer("A", R"(events = [{ package = "cameras", year = 2001 }])"),
                 {"world.toml:", "country \"A\" events year", "2001", "before the start",
                  "from world.start_year (2008)"}},
        BadWorld{"persons_per_agent_zero",
                 R"(
[[country]]
name = "A"
scenario = "importer.toml"
population = 4e6
persons_per_agent = 0
openness = 0.3
)",
                 {"world.toml:", "country \"A\" persons_per_agent", "is not above 0"}},
        BadWorld{"too_few_agents",
                 importer("A", "") + R"(
[[country]]
name = "B"
scenario = "importer.toml"
population = 100
persons_per_agent = 50
openness = 0.3
)",
                 {"country \"B\" persons_per_agent", "gives 2 citizen agents", "from 10 to 10^9"}},
        BadWorld{"unknown_key",
                 importer("A", "opennes = 0.3"),
                 {"world.toml:", "opennes", "did you mean openness?"}},
        BadWorld{"openness_out_of_range",
                 R"(
[[country]]
name = "A"
scenario = "importer.toml"
population = 4e6
persons_per_agent = 1e4
openness = 1.5
)",
                 {"country \"A\" openness", "1.5", "out of range", "from 0 to 1"}},
        BadWorld{"missing_population",
                 R"(
[[country]]
name = "A"
scenario = "importer.toml"
persons_per_agent = 1e4
openness = 0.5
)",
                 {"country \"A\" population", "is missing"}},
        BadWorld{"country_twice",
                 importer("A") + importer("A"),
                 {"country name", "\"A\"", "declared twice"}},
        BadWorld{"held_after_start",
                 importer("A", R"(holds = [{ package = "cameras", year = 2010 }])"),
                 {"country \"A\" holds year", "after the world's start"}},
        BadWorld{"event_and_hold_of_one_package",
                 importer("A", R"(holds = [{ package = "cameras", year = 2005 }]
events = [{ package = "cameras", year = 2010 }])"),
                 {"country \"A\" events package", "held already"}},
        BadWorld{
            "bad_terms",
            importer("A", R"(events = [{ package = "cameras", year = 2010, terms = "cheap" }])"),
            {"country \"A\" events terms", "\"cheap\"", "free, partly_free or paid"}},
        BadWorld{"region_named_world",
                 "[[country]]\nname = \"A\"\nscenario = \"importer.toml\"\nregion = \"world\"\n"
                 "population = 4e6\npersons_per_agent = 1e4\nopenness = 0.3\n",
                 {"country \"A\" region", "\"world\"", "another region name"}},
        BadWorld{"neighbour_twice",
                 importer("A") + importer("B", R"(neighbours = ["A", "A"])"),
                 {"country \"B\" neighbours", "\"A\"", "listed twice"}},
        BadWorld{
            "schedule_of_a_number_the_world_changes",
            importer(
                "A",
                R"(set = { "dissent.hardship_shift" = { schedule = "ramp", initial = 0.0, final = 0.1, start = 0, end = 50 } })"),
            {"country \"A\" dissent.hardship_shift", "is a schedule in a world"}},
        BadWorld{"set_of_what_the_world_sets",
                 importer("A", "set = { \"model.seed\" = 9 }"),
                 {"country \"A\" set model.seed", "is set by the world"}},
        BadWorld{"bad_set",
                 importer("A", "set = { \"cameras.coverag\" = 0.2 }"),
                 {"country \"A\" set cameras.coverag", "is no parameter", "cameras.coverage"}},
        // Policing would widen cop vision beyond the country's 24 x 24
        // lattice once adopted: refused as the world loads, not years in.
        BadWorld{
            "a_package_that_cannot_be_adopted",
            importer(
                "A",
                "set = { \"model.activation\" = \"synchronous\", \"policing.vision_boost\" = 40 }"),
            {"policing", "may adopt every package", "wider than the 24x24 lattice"}},
        BadWorld{"set_out_of_range",
                 importer("A", "set = { \"cameras.coverage\" = 2 }"),
                 {"cameras.coverage", "2"}}),
    [](const auto& info) { return info.param.name; });

TEST(WorldFile, AScenarioThatDoesNotLoadIsNamedWithItsCountry) {
  const WorldFiles files("broken");
  files.write("broken.toml", "[citizens]\ndensity = 0.99\n[cops]\ndensity = 0.5\n");
  const std::string message =
      error_of(files, world_text("historical", importer("A", "", "broken.toml")));
  // The scenario's own error, its file and key, and the country.
  EXPECT_NE(message.find("broken.toml"), std::string::npos) << message;
  EXPECT_NE(message.find("the world's overrides for country \"A\""), std::string::npos) << message;
  EXPECT_EQ(message.find("allowed:"), message.rfind("allowed:")) << message;
}

TEST(WorldFile, TheExporterMustBeACountryOfTheWorld) {
  const WorldFiles files("exporter");
  std::string text = world_text("historical", importer("A"));
  text.replace(text.find("exporter = \"China\""), 18, "exporter = \"Chima\"");
  const std::string message = error_of(files, text);
  EXPECT_NE(message.find("world.exporter"), std::string::npos) << message;
  EXPECT_NE(message.find("\"Chima\""), std::string::npos) << message;
  EXPECT_NE(message.find("one of China, A"), std::string::npos) << message;
}

TEST(WorldFile, ShippedWorldsLoadWithEveryCountry) {
  const auto dir = std::filesystem::path(PANOPTICON_SOURCE_DIR) / "scenarios" / "world";
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    WorldSpec w;
    EXPECT_NO_THROW(w = load_world(entry.path())) << entry.path();
    EXPECT_GE(w.countries.size(), 9U) << entry.path();
    EXPECT_EQ(w.countries[w.exporter].name, "China") << entry.path();
    ++n;
  }
  EXPECT_EQ(n, 3);
}

TEST(WorldFile, AWorldFileThatIsADirectoryIsRefusedByWhatItIs) {
  const WorldFiles files("directory");
  try {
    (void)load_world(files.dir());
    FAIL() << "a directory was read as a world";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace panopticon
