// The act phase of the synchronous engine (synchronous.hpp): every citizen
// decides (rule A), every cop picks an active in its vision and claims it,
// the winners arrest (rule C).
#include <omp.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

#include "band_sums.hpp"
#include "claims.hpp"
#include "panopticon/jail.hpp"
#include "panopticon/run_masks.hpp"
#include "panopticon/synchronous.hpp"

namespace panopticon {

using synchronous::claim_key;
using synchronous::is_citizen;
using synchronous::kArrestClaim;
using synchronous::kLow32;
using synchronous::kNoClaim;

void SynchronousSimulation::decide_row(CellIndex row_start, const RowView& view,
                                       RowScratch& scratch) {
  const auto w = static_cast<std::uint32_t>(torus_.width());
  const double threshold = scenario_.threshold;
  const double discount = 1.0 - legitimacy_;
  scratch.unsettled.resize(w);
  scratch.pending.resize(w);
  std::uint8_t* __restrict code = code_.data() + row_start;
  const Occupant* __restrict agent = agent_.data() + row_start;
  std::uint8_t* __restrict unsettled = scratch.unsettled.data();
  // Whatever P in [0, 1], G - R P lies in [G - R, G], and floating-point
  // subtraction and product are monotone: a citizen with G <= T is quiet and
  // one with G - R > T active, as decide_from_counts() would find, and only
  // the others need the counts. This pass has no branch and no dependence
  // between cells, so it vectorizes.
  for (std::uint32_t x = 0; x < w; ++x) {
    const std::uint8_t was = code[x];
    const double g = static_cast<double>(agent[x].hardship) * discount;
    const auto r = static_cast<double>(agent[x].risk_aversion);
    const bool citizen = static_cast<std::uint8_t>(was - kQuiet) <= kActive - kQuiet;
    const bool quiet = g <= threshold;
    const bool active = g - r > threshold;
    // Bitwise, not logical, operators on the flags: a short circuit would be
    // a branch, and the loop would not vectorize.
    // NOLINTNEXTLINE(readability-implicit-bool-conversion)
    const bool settled = citizen & (quiet | active);
    const std::uint8_t decided = active ? std::uint8_t{kActive} : std::uint8_t{kQuiet};
    code[x] = settled ? decided : was;
    // NOLINTNEXTLINE(readability-implicit-bool-conversion)
    unsettled[x] = static_cast<std::uint8_t>(citizen & !(quiet | active));
  }
  std::uint32_t* __restrict pending = scratch.pending.data();
  std::size_t count = 0;
  for (std::uint32_t x = 0; x < w; ++x) {
    pending[count] = x;
    count += unsettled[x];
  }
  if (count == 0) return;
  // The others need the cops and actives around them.
  const std::uint32_t* counts = view.count_all(scratch.counts);
  for (std::size_t k = 0; k < count; ++k) {
    decide_from_counts(row_start + pending[k], counts[pending[k]]);
  }
}

double SynchronousSimulation::arrest_probability_at(CellIndex c, std::uint32_t both) const {
  // The own cell holds this citizen only: every other active in the disk is
  // someone else, whether or not the shape includes the own cell.
  const bool active = code_[c] == kActive;
  const std::uint32_t others = (both >> 16U) - (active ? 1U : 0U);
  return arrest_probability_(both & 0xFFFFU,
                             actives_in_view(others, active, scenario_.rules.self_count));
}

void SynchronousSimulation::decide_with_layer(CellIndex c, std::uint32_t both) {
  const double p = arrest_probability_at(c, both);
  const std::uint32_t id = agent_[c].id;
  const AgentState b = compliance_->decide(id, c, p, scenario_.threshold);
  compliance_->set_behaviour(id, b);
  code_[c] = b == AgentState::kActive ? kActive : kQuiet;
}

void SynchronousSimulation::decide(CellIndex c, std::uint32_t both) {
  if (compliance_) {
    decide_with_layer(c, both);
  } else {
    decide_from_counts(c, both);
  }
}

// Rule A, G - R P > T, with the cops and actives in the citizen's vision
// (packed: cops in the low half).
void SynchronousSimulation::decide_from_counts(CellIndex c, std::uint32_t both) {
  const double grievance = static_cast<double>(agent_[c].hardship) * (1.0 - legitimacy_);
  const auto risk = static_cast<double>(agent_[c].risk_aversion);
  const bool now_active = grievance - risk * arrest_probability_at(c, both) > scenario_.threshold;
  code_[c] = now_active ? kActive : kQuiet;
}

void SynchronousSimulation::act_phase() {
  const bool own_activation = scenario_.rules.jail_countdown == JailCountdown::kOwnActivation;
  const auto tick = static_cast<std::uint32_t>(tick_);
  row_scratch_.resize(static_cast<std::size_t>(team_));

  // Rule A: decisions count cops and actives as the lattice was before any
  // decision, so each cell is its own.
  const auto width = torus_.width();
  for_each_row_with_counts(citizen_vision_, [&](CellIndex row_start, const RowView& view) {
    RowScratch& scratch = row_scratch_[static_cast<std::size_t>(omp_get_thread_num())];
    if (!compliance_ && !own_activation) {
      decide_row(row_start, view, scratch);
      return;
    }
    // The counts are of the prefix sums taken before the row was visited,
    // so counting the whole row first sees what counting each cell would.
    const std::uint32_t* counts = view.count_all(scratch.counts);
    for (std::uint32_t x = 0; x < width; ++x) {
      const CellIndex c = row_start + x;
      const std::uint8_t code = code_[c];
      if (is_citizen(code)) {
        decide(c, counts[x]);
      } else if (code == kPrisoner && own_activation) {
        if (agent_[c].term > 0) {
          if (agent_[c].term != kLifeTerm) --agent_[c].term;
        } else {
          code_[c] = kQuiet;  // Mesa: the activation that finds the term at 0 acts
          decide(c, counts[x]);
        }
      }
    }
  });

  // Rule C: every cop picks one active in vision and claims it, from the
  // lattice as the decisions left it; the chosen active is found row by row
  // (rows in the shape's order, cells left to right). Cops are few, so each
  // reads its own disk (RunMasks) rather than every cell being counted.
  // The cells claimed are listed per thread.
  std::vector<std::vector<CellIndex>> claimed(static_cast<std::size_t>(team_));
  const auto w = torus_.width();
  const auto h = torus_.height();
  const std::uint8_t* __restrict code = code_.data();
#pragma omp parallel num_threads(team_)
  {
    std::vector<CellIndex>& mine = claimed[static_cast<std::size_t>(omp_get_thread_num())];
    RunMasks masks(cop_vision_, code, w, h);
    // The cops of a row are listed, and their records (whose id keys the
    // draws; far apart in a large lattice, so not in the cache) fetched, a
    // row before they pick; their picks are fetched before they claim.
    std::vector<std::uint32_t> cops_here(w);
    std::vector<std::uint32_t> cops_next(w);
    std::vector<std::pair<CellIndex, std::uint64_t>> picks;
    const auto list_cops = [&](std::int64_t y, std::vector<std::uint32_t>& xs) {
      const std::uint8_t* row = code + static_cast<std::size_t>(y) * w;
      std::size_t count = 0;
      for (std::uint32_t x = 0; x < w; ++x) {
        xs[count] = x;
        count += row[x] == kCop ? 1U : 0U;
      }
      for (std::size_t k = 0; k < count; ++k) {
        __builtin_prefetch(&agent_[static_cast<std::size_t>(y) * w + xs[k]]);
      }
      return count;
    };
    bool first = true;
    std::size_t next_count = 0;
#pragma omp for schedule(static)
    for (std::int64_t y = 0; y < static_cast<std::int64_t>(h); ++y) {
      std::size_t count = 0;
      if (first) {
        count = list_cops(y, cops_here);
        first = false;
      } else {
        std::swap(cops_here, cops_next);
        count = next_count;
      }
      if (y + 1 < static_cast<std::int64_t>(h)) next_count = list_cops(y + 1, cops_next);
      const auto row_start = static_cast<CellIndex>(y) * w;
      picks.clear();
      for (std::size_t k = 0; k < count; ++k) {
        const std::uint32_t x = cops_here[k];
        const std::uint32_t total = masks.read(x, static_cast<std::uint32_t>(y), kActive);
        if (total == 0) continue;
        const CellIndex c = row_start + x;
        Draws draws(streams_, Purpose::kArrest, tick, agent_[c].id);
        const CellIndex s = masks.nth(draws.next_below(total));
        __builtin_prefetch(&claim_[s], 1);
        picks.emplace_back(
            s, claim_key(streams_.seed(), tick, agent_[c].id, kArrestClaim, to_global(c)));
      }
      for (const auto& [s, key] : picks) {
        claim(s, key);
        mine.push_back(s);
      }
    }
    std::sort(mine.begin(), mine.end());
  }
  // The threads' sorted lists merged (a merge is linear; a sort of the lot
  // would be the longest step that runs on one core).
  std::vector<CellIndex> targets;
  for (const auto& part : claimed) {
    const auto sorted = static_cast<std::ptrdiff_t>(targets.size());
    targets.insert(targets.end(), part.begin(), part.end());
    std::inplace_merge(targets.begin(), targets.begin() + sorted, targets.end());
  }
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());

  // Winners arrest, in cell order. Prisoners leaving the lattice are
  // gathered per thread; the static schedule hands each thread one
  // contiguous range of the sorted targets in thread order, so joining the
  // buffers in thread order lists them in cell order whatever the thread
  // count.
  const bool block = scenario_.rules.jailed_block_cell;
  const bool end_of_tick = scenario_.rules.jail_countdown == JailCountdown::kEndOfTick;
  const bool step_onto = scenario_.rules.cop_steps_onto_arrestee;
  std::vector<std::vector<Prisoner>> leaving(static_cast<std::size_t>(team_));
  std::vector<std::vector<std::pair<std::uint32_t, CellIndex>>> arrested(
      static_cast<std::size_t>(team_));
  std::uint64_t arrests = 0;
  const auto n_targets = static_cast<std::int64_t>(targets.size());
#pragma omp parallel num_threads(team_) reduction(+ : arrests)
  {
    std::vector<Prisoner>& mine = leaving[static_cast<std::size_t>(omp_get_thread_num())];
    auto& noted = arrested[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
    for (std::int64_t i = 0; i < n_targets; ++i) {
      constexpr std::int64_t kAhead = 8;  // arrestees are scattered: fetch them early
      if (i + kAhead < n_targets) {
        const CellIndex ahead = targets[static_cast<std::size_t>(i + kAhead)];
        __builtin_prefetch(&agent_[ahead], 1);
        __builtin_prefetch(&claim_[ahead], 1);
        __builtin_prefetch(&code_[ahead], 1);
      }
      const CellIndex s = targets[static_cast<std::size_t>(i)];
      const CellIndex cop = to_local(static_cast<CellIndex>(claim_[s] & kLow32));
      claim_[s] = kNoClaim;
      if (owned(s)) ++arrests;  // a strip counts the arrests on its own rows
      if (compliance_) noted.emplace_back(agent_[s].id, s);
      const std::int32_t term = draw_jail_term(streams_, scenario_, tick_, agent_[s].id);
      if (end_of_tick && term == 0) {
        code_[s] = kQuiet;  // NetLogo: a term of 0 is no jail at all
      } else if (block) {
        code_[s] = kPrisoner;
        agent_[s].term = term;
      } else {
        mine.push_back(
            {agent_[s].id, to_global(s), agent_[s].hardship, agent_[s].risk_aversion, term});
        code_[s] = kEmpty;
      }
      if (step_onto && code_[s] == kEmpty) {
        code_[s] = code_[cop];
        agent_[s] = agent_[cop];
        code_[cop] = kEmpty;
      }
    }
  }
  arrests_this_tick_ += arrests;
  for (const auto& part : leaving) prisoners_.insert(prisoners_.end(), part.begin(), part.end());
  if (compliance_) {
    for (const auto& part : arrested) {
      for (const auto& [id, cell] : part) compliance_->note_arrest(id, cell);
    }
  }
}

}  // namespace panopticon
