#pragma once
// Ordinary offences (docs/MODEL.md, Public safety): the property and street
// crime that cameras and policing are sold to reduce, the "gain in
// efficiency" weighed against liberty. Each tick, after the engine's moves
// and arrests, every citizen i at liberty offends with probability
//
//   p_i = crime.rate x (1 - w + 2 w H_i) x max(0, 1 - k R_i d_i)
//
// where w = crime.hardship_weight (hardship raises the rate; the factor
// averages 1 over uniform H), k = crime.deterrence, R_i the citizen's risk
// aversion and d_i the chance that an offence where it stands is detected:
//
//   d_i = 1 - (1 - crime.base_detection)
//             x (1 - crime.cop_detection)^(cops in its vision)
//             x (1 - crime.camera_identification x the cell's recording chance)
//
// The recording chance of the cell is what the spatial channels (cameras:
// tpr on a covered cell) set for dissent (Society::cell_watch). An offence is
// detected with that same chance d_i: citizens know the detection chance
// where they stand (the rate a learned belief would converge to). Offences
// feed nothing back into the civil-violence dynamics: what follows a
// detected offence (courts, fines) lies outside the model. The draws come
// from the layer's stream "crime", so turning crime on or off changes no
// other output.
#include <cstdint>
#include <vector>

#include "panopticon/live_parameters.hpp"
#include "panopticon/society.hpp"

namespace panopticon {

// One tick's offences, as the results table records them.
struct OffenceTally {
  std::uint64_t offences = 0;
  std::uint64_t detected = 0;
  // On cells that a spatial channel watches (a camera): with the citizens at
  // liberty there (counted by Compliance::record), the offence rate under
  // cameras against elsewhere.
  std::uint64_t watched_offences = 0;
};

class Crime {
 public:
  explicit Crime(const Society& society);
  // This tick's offences by the citizens at liberty, where they stand
  // (after Compliance's snapshot: cells, cops and cameras of the tick's end).
  void commit(const Society& society);
  const OffenceTally& tally() const { return tally_; }

  // The chance that an offence on `cell` is detected, with `cops` cops in
  // sight (d_i above), at this tick's parameters.
  double detection_chance(const Society& society, CellIndex cell, unsigned cops) const;

 private:
  RandomStream stream_;
  LiveParameters::Number rate_;
  LiveParameters::Number hardship_weight_;
  LiveParameters::Number deterrence_;
  LiveParameters::Number base_detection_;
  LiveParameters::Number cop_detection_;
  LiveParameters::Number camera_identification_;
  // This tick's values.
  double base_ = 0.0;
  double cop_ = 0.0;
  double camera_ = 0.0;
  std::vector<std::uint8_t> cop_here_;  // per cell: a cop stands there (scratch)
  OffenceTally tally_;
};

}  // namespace panopticon
