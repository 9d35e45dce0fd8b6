#include "panopticon/world_viewer_session.hpp"

#include <gtest/gtest.h>

#include "../world/world_fixture.hpp"

namespace panopticon {
namespace {

using world_test::importer;
using world_test::world_text;
using world_test::WorldFiles;

WorldSpec small_world(const WorldFiles& files) {
  return files.parse(world_text(
      "historical",
      importer("A", R"(events = [{ package = "cameras", year = 2009, terms = "paid" }])") +
          importer("B")));
}

TEST(WorldViewerSession, StepsAYearOnRequestAndListsRowsAndAdoptions) {
  const WorldFiles files("viewer-step");
  WorldViewerSession session(small_world(files), 1);
  nlohmann::json info = session.info();
  EXPECT_EQ(info["first_year"], 2007);
  EXPECT_EQ(info["next_year"], 2007);
  EXPECT_EQ(info["countries"].size(), 3U);
  EXPECT_TRUE(info["countries"][0]["exporter"]);
  EXPECT_TRUE(session.years(0)["rows"].empty());

  const nlohmann::json state = session.control(nlohmann::json::object({{"action", "step"}}));
  EXPECT_EQ(state["next_year"], 2008);
  nlohmann::json years = session.years(0);
  ASSERT_EQ(years["rows"].size(), 3U) << "a row per country for the burn-in year";
  EXPECT_EQ(years["rows"][1]["year"], 2007);
  EXPECT_EQ(years["rows"][1]["country"], 1);

  session.control(nlohmann::json{{"action", "start"}, {"speed", 0}});
  session.wait_for_year(2011);
  years = session.years(3);
  EXPECT_TRUE(years["done"]);
  EXPECT_EQ(years["rows_total"], 3 * 5);
  EXPECT_EQ(years["rows"].size(), 3U * 4U) << "rows from the 4th on";
  bool cameras = false;
  for (const auto& a : years["adoptions"]) {
    if (a["country"] == 1 && a["package"] == "cameras" && a["year"] == 2009) cameras = true;
  }
  EXPECT_TRUE(cameras) << years["adoptions"].dump();
}

TEST(WorldViewerSession, ResetStartsTheSameWorldAgainAndBadControlsAreRefused) {
  const WorldFiles files("viewer-reset");
  WorldViewerSession session(small_world(files), 1);
  session.control(nlohmann::json::object({{"action", "step"}}));
  session.control(nlohmann::json::object({{"action", "step"}}));
  const nlohmann::json before = session.years(0)["rows"];
  session.control(nlohmann::json::object({{"action", "reset"}}));
  EXPECT_TRUE(session.years(0)["rows"].empty());
  EXPECT_EQ(session.info()["next_year"], 2007);
  session.control(nlohmann::json::object({{"action", "step"}}));
  session.control(nlohmann::json::object({{"action", "step"}}));
  EXPECT_EQ(session.years(0)["rows"], before) << "the same seeds, the same years";

  EXPECT_THROW(session.control(nlohmann::json::object({{"action", "fly"}})), std::invalid_argument);
  EXPECT_THROW(session.control(nlohmann::json{{"action", "start"}, {"speed", -1}}),
               std::invalid_argument);
  EXPECT_THROW(session.control(nlohmann::json::array()), std::invalid_argument);
}

}  // namespace
}  // namespace panopticon
