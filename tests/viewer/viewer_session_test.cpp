#include "panopticon/viewer_session.hpp"

#include <gtest/gtest.h>

#include "panopticon/scenario.hpp"
#include "panopticon/scenario_error.hpp"

namespace panopticon {
namespace {

Scenario small() {
  return parse_scenario("[lattice]\nwidth = 20\nheight = 20\n[model]\nsteps = 30\n", "small.toml");
}

TEST(ViewerSession, StepsOnRequestAndFramesOnlyWhenTheTickChanged) {
  ViewerSession session(small());
  const nlohmann::json info = session.info();
  EXPECT_EQ(info["tick"], 0);
  EXPECT_EQ(info["frame_width"], 20);
  EXPECT_FALSE(info["series"].empty());
  EXPECT_FALSE(info["parameters"].empty());
  ASSERT_TRUE(session.frame(-1));
  EXPECT_FALSE(session.frame(0)) << "the page has tick 0's frame";
  const nlohmann::json state = session.control({{"action", "step"}, {"ticks", 3}});
  EXPECT_EQ(state["tick"], 3);
  ASSERT_TRUE(session.frame(0));
  const nlohmann::json s = session.series(2);
  EXPECT_EQ(s["tick"], 3);
  EXPECT_EQ(s["ticks"], nlohmann::json::array({2, 3}));
  EXPECT_EQ(s["columns"]["active"].size(), 2U);
}

TEST(ViewerSession, RunsToTheScenariosEndAndStops) {
  ViewerSession session(small());
  session.control({{"action", "start"}, {"speed", 0}});
  session.wait_for_tick(30);
  EXPECT_EQ(session.info()["tick"], 30);
  EXPECT_EQ(session.series(0)["ticks"].size(), 31U);
}

TEST(ViewerSession, ChangesAreEventsFromTheNextTickAndResetClearsThem) {
  ViewerSession session(small());
  session.control({{"action", "step"}, {"ticks", 2}});
  const nlohmann::json p = session.set_parameter("legitimacy.initial", "0.5");
  EXPECT_EQ(p["event"]["tick"], 3);
  session.set_mechanism("cameras", true);
  session.control(nlohmann::json{{"action", "step"}, {"ticks", 1}});
  const nlohmann::json s = session.series(0);
  EXPECT_EQ(s["events"].size(), 2U);
  bool cameras_on = false;
  const nlohmann::json info = session.info();  // kept: a loop over a temporary's member dangles
  for (const auto& m : info["mechanisms"]) {
    if (m["name"] == "cameras") cameras_on = m["on"];
  }
  EXPECT_TRUE(cameras_on);
  for (const auto& par : info["parameters"]) {
    if (par["key"] == "legitimacy.initial") EXPECT_DOUBLE_EQ(par["value"].get<double>(), 0.5);
  }
  session.control(nlohmann::json::object({{"action", "reset"}}));
  EXPECT_EQ(session.info()["tick"], 0);
  EXPECT_TRUE(session.series(0)["events"].empty());
  EXPECT_EQ(session.series(0)["ticks"].size(), 1U);
}

TEST(ViewerSession, BadRequestsAreRefusedWithWhatIsAllowed) {
  ViewerSession session(small());
  EXPECT_THROW(session.set_parameter("legitimacy.initial", "3"), ScenarioError);
  EXPECT_THROW(session.set_parameter("lattice.width", "10"), ScenarioError);
  EXPECT_THROW(session.set_mechanism("camras", true), ScenarioError);
  EXPECT_THROW(session.control(nlohmann::json::object({{"action", "fly"}})), std::invalid_argument);
  EXPECT_THROW(session.control(nlohmann::json::array()), std::invalid_argument);
  EXPECT_THROW(session.control({{"action", "start"}, {"speed", -1}}), std::invalid_argument);
  EXPECT_THROW(session.control({{"action", "step"}, {"ticks", 0}}), std::invalid_argument);
  EXPECT_THROW(session.control({{"action", "step"}, {"ticks", "3"}}), std::invalid_argument);
  EXPECT_EQ(session.info()["tick"], 0) << "nothing refused changed the model";
}

TEST(ViewerSession, SlidersAreLiveParametersWithinTheirRanges) {
  for (const ViewerSlider& s : viewer_sliders()) {
    EXPECT_LT(s.min, s.max) << s.key;
    EXPECT_GT(s.step, 0.0) << s.key;
  }
  EXPECT_GE(viewer_sliders().size(), 6U);
}

}  // namespace
}  // namespace panopticon
