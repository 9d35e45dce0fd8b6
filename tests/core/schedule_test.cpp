#include "panopticon/schedule.hpp"

#include <gtest/gtest.h>

namespace panopticon {
namespace {

TEST(Schedule, Constant) {
  const Schedule s{.kind = ScheduleKind::kConstant, .initial = 0.8, .final = 0.1};
  EXPECT_EQ(s.value_at(0), 0.8);
  EXPECT_EQ(s.value_at(1000), 0.8);
}

TEST(Schedule, RampIsLinearBetweenStartAndEnd) {
  const Schedule s{
      .kind = ScheduleKind::kRamp, .initial = 0.9, .final = 0.2, .start = 10, .end = 80};
  EXPECT_EQ(s.value_at(0), 0.9);
  EXPECT_EQ(s.value_at(10), 0.9);
  EXPECT_NEAR(s.value_at(11), 0.89, 1e-12);
  EXPECT_NEAR(s.value_at(45), 0.55, 1e-12);
  EXPECT_EQ(s.value_at(80), 0.2);
  EXPECT_EQ(s.value_at(500), 0.2);
}

TEST(Schedule, StepChangesAtItsTick) {
  const Schedule s{.kind = ScheduleKind::kStep, .initial = 0.9, .final = 0.7, .start = 77};
  EXPECT_EQ(s.value_at(76), 0.9);
  EXPECT_EQ(s.value_at(77), 0.7);
}

TEST(Schedule, KindNames) {
  EXPECT_EQ(schedule_kind_from_string("ramp"), ScheduleKind::kRamp);
  EXPECT_FALSE(schedule_kind_from_string("sine").has_value());
}

// Points: linear between them, the first value before, the last after.
TEST(Schedule, PointsInterpolateLinearly) {
  Schedule s;
  s.kind = ScheduleKind::kPoints;
  s.ticks = {100, 200, 400};
  s.values = {0.1, 0.3, 0.2};
  EXPECT_EQ(s.value_at(0), 0.1);
  EXPECT_EQ(s.value_at(100), 0.1);
  EXPECT_NEAR(s.value_at(150), 0.2, 1e-12);
  EXPECT_EQ(s.value_at(200), 0.3);
  EXPECT_NEAR(s.value_at(300), 0.25, 1e-12);
  EXPECT_EQ(s.value_at(400), 0.2);
  EXPECT_EQ(s.value_at(9000), 0.2);
  EXPECT_EQ(s.lowest(), 0.1);
  EXPECT_EQ(s.highest(), 0.3);
  EXPECT_TRUE(s.varies());
  EXPECT_FALSE(Schedule::constant(0.4).varies());
  EXPECT_EQ(s.toml(),
            "{ schedule = \"points\", ticks = [100, 200, 400], values = [0.1, 0.3, 0.2] }");
}

}  // namespace
}  // namespace panopticon
