#include "panopticon/crime.hpp"

#include <algorithm>
#include <cmath>

namespace panopticon {

namespace {

// What crime draws for, in its own stream.
enum class Draw : std::uint16_t {
  kOffence = 1,  // who offends, and whether it is detected
};

}  // namespace

Crime::Crime(const Society& society)
    : stream_(society.streams.named("crime")),
      rate_(society.live.number("crime.rate")),
      hardship_weight_(society.live.number("crime.hardship_weight")),
      deterrence_(society.live.number("crime.deterrence")),
      base_detection_(society.live.number("crime.base_detection")),
      cop_detection_(society.live.number("crime.cop_detection")),
      camera_identification_(society.live.number("crime.camera_identification")),
      cop_here_(society.torus.cell_count(), 0) {}

double Crime::detection_chance(const Society& society, CellIndex cell, unsigned cops) const {
  const double camera = camera_ * static_cast<double>(society.cell_watch[cell]);
  const double missed = (1.0 - base_) * std::pow(1.0 - cop_, static_cast<double>(cops)) *
                        (1.0 - std::min(1.0, camera));
  return 1.0 - missed;
}

void Crime::commit(const Society& s) {
  tally_ = OffenceTally{};
  const std::int64_t tick = s.tick;
  const double rate = rate_.at(tick);
  if (!(rate > 0.0)) return;
  const double w = hardship_weight_.at(tick);
  const double k = deterrence_.at(tick);
  base_ = base_detection_.at(tick);
  cop_ = cop_detection_.at(tick);
  camera_ = camera_identification_.at(tick);
  for (const CellIndex c : s.cop_cells) cop_here_[c] = 1;

  // Thinning: candidates are picked at the highest rate (H = 1, no
  // deterrence) with geometric skips, so the draws are in proportion to the
  // offences, not to the population; each candidate then offends with
  // p_i / top. Both of a candidate's uniforms are drawn whatever it is
  // doing, so two runs that differ in their mechanisms (compare) meet the
  // same candidates with the same numbers: their offences are paired.
  const double top = std::min(1.0, rate * (1.0 + w));
  Draws sweep(stream_, Draw::kOffence, static_cast<std::uint32_t>(tick), 0);
  for_each_picked(sweep, s.citizens, top, [&](std::uint32_t id) {
    const double accept = sweep.next_unit();
    const double detect = sweep.next_unit();
    if (!s.at_liberty(id)) return;
    const CellIndex cell = s.cell[id];
    unsigned cops = 0;
    s.vision.for_each_cell(cell, [&](CellIndex c) { cops += cop_here_[c]; });
    const double d = detection_chance(s, cell, cops);
    const auto h = static_cast<double>(s.hardship(id));
    const double r = static_cast<double>(s.risk0[id]) * static_cast<double>(s.risk_factor[id]);
    const double p = std::min(1.0, rate * (1.0 - w + 2.0 * w * h)) * std::max(0.0, 1.0 - k * r * d);
    if (!(accept * top < p)) return;
    ++tally_.offences;
    const bool watched = s.cell_watch[cell] > 0.0F;
    tally_.watched_offences += watched ? 1U : 0U;
    tally_.detected += detect < d ? 1U : 0U;
  });
  for (const CellIndex c : s.cop_cells) cop_here_[c] = 0;
}

}  // namespace panopticon
