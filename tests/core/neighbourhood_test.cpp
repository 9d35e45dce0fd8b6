#include "panopticon/neighbourhood.hpp"

#include <gtest/gtest.h>

#include <set>

namespace panopticon {
namespace {

TEST(Neighbourhood, SizesOfTheThreeShapesAtRadiusSeven) {
  const Torus t(40, 40);
  EXPECT_EQ(Neighbourhood(t, VisionShape::kVonNeumann, 7, false).size(), 112U);
  EXPECT_EQ(Neighbourhood(t, VisionShape::kEuclidean, 7, true).size(), 149U);
  EXPECT_EQ(Neighbourhood(t, VisionShape::kMoore, 7, false).size(), 224U);
  EXPECT_EQ(Neighbourhood(t, VisionShape::kVonNeumann, 7, true).size(), 113U);
  EXPECT_EQ(Neighbourhood(t, VisionShape::kEuclidean, 7, false).size(), 148U);
}

TEST(Neighbourhood, EuclideanRadiusOnePointSevenIsTheMooreNeighbourhood) {
  const Torus t(40, 40);
  EXPECT_EQ(Neighbourhood(t, VisionShape::kEuclidean, 1.7, true).size(), 9U);
  EXPECT_EQ(Neighbourhood(t, VisionShape::kEuclidean, 1.7, false).size(), 8U);
}

TEST(Neighbourhood, CellsWrapAroundTheTorus) {
  const Torus t(10, 8);
  const Neighbourhood nb(t, VisionShape::kVonNeumann, 1, false);
  std::set<CellIndex> cells;
  nb.for_each_cell(t.cell(0, 0), [&](CellIndex c) { cells.insert(c); });
  EXPECT_EQ(cells, (std::set<CellIndex>{t.cell(1, 0), t.cell(9, 0), t.cell(0, 1), t.cell(0, 7)}));
  for (std::size_t i = 0; i < nb.size(); ++i)
    EXPECT_TRUE(cells.contains(nb.cell_at(t.cell(0, 0), i)));
}

TEST(Neighbourhood, OnASmallTorusEachCellIsCountedOnce) {
  const Torus t(5, 5);
  EXPECT_EQ(Neighbourhood(t, VisionShape::kMoore, 7, true).size(), 25U);
  EXPECT_EQ(Neighbourhood(t, VisionShape::kMoore, 7, false).size(), 24U);
  const Neighbourhood nb(t, VisionShape::kEuclidean, 7, true);
  std::set<CellIndex> cells;
  nb.for_each_cell(t.cell(2, 3), [&](CellIndex c) { EXPECT_TRUE(cells.insert(c).second); });
  EXPECT_EQ(cells.size(), 25U);
}

}  // namespace
}  // namespace panopticon
